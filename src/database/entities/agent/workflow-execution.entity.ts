import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `workflow_execution`: one run of a workflow. */
export const WorkflowExecution = defineEntity({
  name: 'WorkflowExecution',
  tableName: 'workflow_execution',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    workflowId: p.string().length(100),
    workflowVersion: p.string().length(100).nullable(),
    traceId: p.string().length(100),
    status: p.string().length(16).nullable(),
    mode: p.integer(),
    callType: p.string().length(100).nullable(),
    executionId: p.string().length(100).nullable(),
    duration: p.integer().nullable(),
    inputs: p.json<unknown>().nullable(),
    outputs: p.json<unknown>().nullable(),
    errorCode: p.integer().nullable(),
    failReason: p.text().nullable(),
    inputTokens: p.integer().nullable(),
    outputTokens: p.integer().nullable(),
    executeInfoList: p.json<unknown>().nullable(),
    agentExecutionDetailId: p.bigint('number').nullable(),
    createTime: p.datetime().nullable(),
    updateTime: p.datetime().nullable().defaultRaw('CURRENT_TIMESTAMP'),
  },
  indexes: [
    index('idx_workflow', 'spaceId', 'workflowId', 'workflowVersion'),
    index('ix_workflow_execution_trace_id', 'traceId'),
    index('workflow_id_version', 'workflowId', 'workflowVersion'),
  ],
  uniques: [
    uniqueConstraint('agent_execution_detail_id', 'agentExecutionDetailId'),
  ],
});

/** A row of `workflow_execution`. */
export type IWorkflowExecution = InferEntity<typeof WorkflowExecution>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index } from '../index-naming.js';

/** `workflow_execution_details`: one component step of a workflow run. */
export const WorkflowExecutionDetails = defineEntity({
  name: 'WorkflowExecutionDetails',
  tableName: 'workflow_execution_details',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    workflowExecutionId: p.bigint('number'),
    invokeId: p.string().length(100),
    startTime: p.datetime().nullable(),
    endTime: p.datetime().nullable(),
    inputs: p.json<unknown>().nullable(),
    outputs: p.json<unknown>().nullable(),
    inputTokens: p.integer().nullable(),
    outputTokens: p.integer().nullable(),
    error: p.json<unknown>(),
    parentInvokeId: p.string().length(100).nullable(),
    childInvokesId: p.json<unknown>().nullable(),
    onInvokeData: p.json<unknown>(),
    componentId: p.string().length(100),
    componentName: p.string().length(255),
    componentType: p.string().length(100),
    agentParentInvokeId: p.string().length(100),
    metaData: p.text().nullable(),
    loopNodeId: p.string().length(100).nullable(),
    loopIndex: p.integer().nullable(),
    status: p.string().length(16).nullable(),
    llmInvokeData: p.json<unknown>(),
    parentNodeId: p.string().length(100),
    rest: p.json<unknown>().nullable().fieldName('_rest_'),
  },
  indexes: [
    index('ix_workflow_execution_details_workflow_execution_id', 'workflowExecutionId'),
  ],
});

/** A row of `workflow_execution_details`. */
export type IWorkflowExecutionDetails = InferEntity<typeof WorkflowExecutionDetails>;

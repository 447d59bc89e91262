import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidPrimaryKey } from '../columns.js';

/** `execution_record`: one run of a workflow. */
export const ExecutionRecord = defineEntity({
  name: 'ExecutionRecord',
  tableName: 'execution_record',
  properties: {
    id: uuidPrimaryKey(),
    workflowId: p.string().length(36).index('idx_execution_record_workflow_id'),
    status: p.string().length(32),
    input: p.text().nullable(),
    output: p.text().nullable(),
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
  },
});

/** A row of `execution_record`. */
export type IExecutionRecord = InferEntity<typeof ExecutionRecord>;

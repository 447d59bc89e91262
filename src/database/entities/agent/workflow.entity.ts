import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint, uniqueIndex } from '../index-naming.js';

/** `workflow`: a workflow draft. */
export const Workflow = defineEntity({
  name: 'Workflow',
  tableName: 'workflow',
  properties: {
    workflowId: p.string().length(100),
    workflowVersion: p.string().length(100).nullable(),
    latestPublishTime: p.bigint('number').nullable(),
    latestPublishVersion: p.string().length(100).nullable(),
    id: p.bigint('number').primary().autoincrement(),
    workflowName: p.string().length(255).nullable(),
    description: p.string().length(512).nullable(),
    spaceId: p.string().length(100).nullable(),
    url: p.string().length(512).nullable(),
    iconUri: p.string().length(255).nullable(),
    schema: p.text().nullable(),
    inputParameters: p.json<unknown>().nullable(),
    outputParameters: p.json<unknown>().nullable(),
    rest: p.json<unknown>().nullable().fieldName('_rest_'),
    createTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
    objectKey: p.string().length(512).nullable(),
  },
  indexes: [
    index('idx_space_id', 'spaceId'),
  ],
  uniques: [
    uniqueIndex('ix_workflow_workflow_id', 'workflowId'),
    uniqueConstraint('unique_workflow_id_version', 'workflowId', 'workflowVersion'),
  ],
});

/** A row of `workflow`. */
export type IWorkflow = InferEntity<typeof Workflow>;

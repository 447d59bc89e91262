import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `workflow_publish`: a published workflow version. */
export const WorkflowPublish = defineEntity({
  name: 'WorkflowPublish',
  tableName: 'workflow_publish',
  properties: {
    workflowId: p.string().length(100),
    workflowVersion: p.string().length(100),
    versionDescription: p.string().length(255).nullable(),
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
    index('ix_workflow_publish_workflow_id', 'workflowId'),
  ],
  uniques: [
    uniqueConstraint('unique_workflow_id_version', 'workflowId', 'workflowVersion'),
  ],
});

/** A row of `workflow_publish`. */
export type IWorkflowPublish = InferEntity<typeof WorkflowPublish>;

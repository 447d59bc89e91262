import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `workflow_tag_association`: a tag on a workflow version. */
export const WorkflowTagAssociation = defineEntity({
  name: 'WorkflowTagAssociation',
  tableName: 'workflow_tag_association',
  properties: {
    // the table has no primary key; its unique triple serves as the entity's identity
    workflowId: p.string().length(100).primary(),
    workflowVersion: p.string().length(100).primary(),
    tagId: p.bigint('number').primary(),
    spaceId: p.string().length(100),
    createTime: p.bigint('number').nullable(),
  },
  indexes: [
    index('idx_workflow_tag_space', 'spaceId'),
    index('idx_workflow_tag_tag', 'tagId'),
    index('idx_workflow_tag_workflow', 'workflowId', 'workflowVersion'),
  ],
  uniques: [
    uniqueConstraint('uix_workflow_tag', 'workflowId', 'workflowVersion', 'tagId'),
  ],
});

/** A row of `workflow_tag_association`. */
export type IWorkflowTagAssociation = InferEntity<typeof WorkflowTagAssociation>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `agent_workflow_relation`: which workflow versions an agent version uses. */
export const AgentWorkflowRelation = defineEntity({
  name: 'AgentWorkflowRelation',
  tableName: 'agent_workflow_relation',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    agentId: p.string().length(100),
    agentVersion: p.string().length(100),
    workflowId: p.string().length(100),
    workflowVersion: p.string().length(100),
    createTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
  },
  indexes: [
    index('idx_agent', 'spaceId', 'agentId', 'agentVersion'),
    index('idx_workflow', 'spaceId', 'workflowId', 'workflowVersion'),
  ],
  uniques: [
    uniqueConstraint('uix_agent_workflow_relation', 'spaceId', 'agentId', 'agentVersion', 'workflowId', 'workflowVersion'),
  ],
});

/** A row of `agent_workflow_relation`. */
export type IAgentWorkflowRelation = InferEntity<typeof AgentWorkflowRelation>;

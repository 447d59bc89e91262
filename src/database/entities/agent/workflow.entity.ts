import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from '../columns.js';

/** `workflow`: an agent's workflow definition (version added in 0.1.3). */
export const Workflow = defineEntity({
  name: 'Workflow',
  tableName: 'workflow',
  properties: {
    id: uuidPrimaryKey(),
    // a plain indexed column, not a relation: the schema has never had foreign keys
    agentId: p.string().length(36).index('idx_workflow_agent_id'),
    name: p.string().length(255),
    definition: p.text(),
    ...timestamps(),
    version: p.integer().default(1),
  },
});

/** A row of `workflow`. */
export type IWorkflow = InferEntity<typeof Workflow>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from '../columns.js';

/** `agent`: a configured AI agent (status added in 0.1.4). */
export const Agent = defineEntity({
  name: 'Agent',
  tableName: 'agent',
  properties: {
    id: uuidPrimaryKey(),
    name: p.string().length(255),
    description: p.text().nullable(),
    config: p.text().nullable(),
    ...timestamps(),
    // added after the first release, so it sits last, where `alter table ... add` puts it
    status: p.string().length(32).default('active').index('idx_agent_status'),
  },
});

/** A row of `agent`. */
export type IAgent = InferEntity<typeof Agent>;

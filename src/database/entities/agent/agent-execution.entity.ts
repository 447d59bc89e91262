import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueIndex } from '../index-naming.js';

/** `agent_execution`: one run of an agent. */
export const AgentExecution = defineEntity({
  name: 'AgentExecution',
  tableName: 'agent_execution',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    agentId: p.string().length(100),
    agentVersion: p.string().length(100).nullable(),
    traceId: p.string().length(100),
    status: p.string().length(16).nullable(),
    mode: p.integer().nullable(),
    callType: p.string().length(100).nullable(),
    duration: p.integer().nullable(),
    inputs: p.json<unknown>().nullable(),
    outputs: p.json<unknown>().nullable(),
    errorCode: p.integer().nullable(),
    failReason: p.text().nullable(),
    inputTokens: p.integer().nullable(),
    outputTokens: p.integer().nullable(),
    executeInfoList: p.json<unknown>().nullable(),
    createTime: p.datetime().nullable(),
    updateTime: p.datetime().nullable().defaultRaw('CURRENT_TIMESTAMP'),
  },
  indexes: [
    index('agent_id_version', 'agentId', 'agentVersion'),
    index('idx_agent', 'spaceId', 'agentId', 'agentVersion'),
  ],
  uniques: [
    uniqueIndex('ix_agent_execution_trace_id', 'traceId'),
  ],
});

/** A row of `agent_execution`. */
export type IAgentExecution = InferEntity<typeof AgentExecution>;

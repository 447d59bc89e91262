import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index } from '../index-naming.js';

/** `agent_execution_details`: one step of an agent run. */
export const AgentExecutionDetails = defineEntity({
  name: 'AgentExecutionDetails',
  tableName: 'agent_execution_details',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    traceId: p.string().length(100),
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
    invokeType: p.string().length(100).nullable(),
    name: p.string().length(255).nullable(),
    elapsedTime: p.string().length(100).nullable(),
    metaData: p.json<unknown>().nullable(),
    agentParentInvokeId: p.string().length(100).nullable(),
    rest: p.json<unknown>().nullable().fieldName('_rest_'),
  },
  indexes: [
    index('ix_agent_execution_details_trace_id', 'traceId'),
  ],
});

/** A row of `agent_execution_details`. */
export type IAgentExecutionDetails = InferEntity<typeof AgentExecutionDetails>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** `trace_summary`: summary of one traced execution (MySQL only). */
export const TraceSummary = defineEntity({
  name: 'TraceSummary',
  tableName: 'trace_summary',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    businessId: p.string().length(100),
    businessType: p.string().length(20),
    businessVersion: p.string().length(100).nullable(),
    traceId: p.string().length(100),
    mode: p.integer(),
    callType: p.string().length(100).nullable(),
    duration: p.integer().nullable(),
    status: p.string().length(16).nullable(),
    inputTokens: p.integer().nullable(),
    outputTokens: p.integer().nullable(),
    inputs: p.json<unknown>().nullable(),
    outputs: p.json<unknown>().nullable(),
    executeInfoList: p.json<unknown>().nullable(),
    errorCode: p.integer().nullable(),
    failReason: p.text().nullable(),
    createTime: p.datetime().nullable(),
    updateTime: p.datetime().nullable(),
  },
});

/** A row of `trace_summary`. */
export type ITraceSummary = InferEntity<typeof TraceSummary>;

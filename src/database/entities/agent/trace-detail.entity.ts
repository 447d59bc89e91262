import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** `trace_detail`: one span of an execution trace. */
export const TraceDetail = defineEntity({
  name: 'TraceDetail',
  tableName: 'trace_detail',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    businessId: p.string().length(100),
    businessType: p.string().length(20),
    traceId: p.string().length(100),
    spanId: p.string().length(100),
    spanType: p.string().length(512),
    spanName: p.string().length(255),
    parentSpanId: p.string().length(100).nullable(),
    method: p.string().length(10).nullable(),
    psm: p.string().length(100).nullable(),
    logid: p.string().length(100).nullable(),
    platformType: p.string().length(50).nullable(),
    startTimeMicros: p.bigint('number').nullable(),
    endTimeMicros: p.bigint('number').nullable(),
    statusCode: p.string().length(20).nullable(),
    input: p.text().nullable(),
    output: p.text().nullable(),
    attributes: p.json<unknown>().nullable(),
  },
});

/** A row of `trace_detail`. */
export type ITraceDetail = InferEntity<typeof TraceDetail>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** `job_user_info`: a prompt-tuning job and its result. */
export const JobUserInfo = defineEntity({
  name: 'JobUserInfo',
  tableName: 'job_user_info',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    jobId: p.string().length(128),
    spaceId: p.string().length(128),
    userId: p.string().length(128),
    name: p.string().length(64).nullable(),
    desc: p.string().length(256).nullable(),
    rawTemplates: p.text().nullable().fieldName('rawTemplates'),
    bestTemplates: p.text().nullable().fieldName('bestTemplates'),
    bestIteration: p.integer().nullable().fieldName('bestIteration'),
    timeCost: p.integer().nullable().fieldName('timeCost'),
    history: p.json<unknown>().nullable(),
    successRate: p.decimal('number').precision(5).scale(4).nullable(),
    progressRate: p.decimal('number').precision(5).scale(4).nullable(),
    optimizeInfo: p.text().nullable().fieldName('optimizeInfo'),
    modelInfo: p.text().nullable().fieldName('modelInfo'),
    assistantInfo: p.text().nullable().fieldName('assistantInfo'),
    agentTools: p.text().nullable().fieldName('agentTools'),
    status: p.string().length(64).nullable(),
    errorMsg: p.text().nullable().fieldName('errorMsg'),
    isDeleted: p.integer(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

/** A row of `job_user_info`. */
export type IJobUserInfo = InferEntity<typeof JobUserInfo>;

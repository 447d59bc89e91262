import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** `job_user_draft`: a prompt-tuning job draft. */
export const JobUserDraft = defineEntity({
  name: 'JobUserDraft',
  tableName: 'job_user_draft',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(128),
    userId: p.string().length(128),
    name: p.string().length(64).nullable(),
    desc: p.string().length(256).nullable(),
    rawTemplates: p.text().nullable().fieldName('rawTemplates'),
    optimizeInfo: p.text().nullable().fieldName('optimizeInfo'),
    modelInfo: p.text().nullable().fieldName('modelInfo'),
    assistantInfo: p.text().nullable().fieldName('assistantInfo'),
    agentTools: p.text().nullable().fieldName('agentTools'),
    isDeleted: p.integer(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

/** A row of `job_user_draft`. */
export type IJobUserDraft = InferEntity<typeof JobUserDraft>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** `user` of the ops database: an account of the prompt and job tools. */
export const OpsUser = defineEntity({
  name: 'OpsUser',
  tableName: 'user',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    name: p.string().length(128),
    uniqueName: p.string().length(128),
    email: p.string().length(128),
    mobile: p.integer(),
    password: p.string().length(128),
    description: p.string().length(512),
    iconUri: p.string().length(512),
    userVerified: p.boolean(),
    countryCode: p.bigint('number'),
    sessionKey: p.string().length(512),
    deletedAt: p.bigint('number'),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

/** A row of `user`. */
export type IOpsUser = InferEntity<typeof OpsUser>;

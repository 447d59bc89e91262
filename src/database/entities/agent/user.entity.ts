import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uniqueConstraint } from '../index-naming.js';

/** `user`: a user account. */
export const User = defineEntity({
  name: 'User',
  tableName: 'user',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    userId: p.string().length(100),
    email: p.string().length(128),
    userUniqueName: p.string().length(128),
    userName: p.string().length(128),
    password: p.string().length(128),
    sessionKey: p.string().length(512),
    roleType: p.integer(),
    userVerified: p.boolean(),
    isActive: p.boolean(),
    description: p.string().length(512).nullable(),
    iconUri: p.string().length(512).nullable(),
    locale: p.string().length(128).nullable(),
    firstName: p.string().length(128).nullable(),
    lastName: p.string().length(128).nullable(),
    phoneNumber: p.string().length(128).nullable(),
    company: p.string().length(128).nullable(),
    occupation: p.string().length(512).nullable(),
    skills: p.json<unknown>().nullable(),
    rest: p.json<unknown>().nullable().fieldName('_rest_'),
    createTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
    deleteTime: p.bigint('number').nullable(),
    refreshToken: p.string().length(512).nullable().default(''),
  },
  uniques: [
    uniqueConstraint('uniq_email', 'email'),
    uniqueConstraint('uniq_user_id', 'userId'),
    uniqueConstraint('uniq_user_unique_name', 'userUniqueName'),
  ],
});

/** A row of `user`. */
export type IUser = InferEntity<typeof User>;

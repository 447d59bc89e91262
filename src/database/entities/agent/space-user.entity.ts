import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `space_user`: membership of a user in a space. */
export const SpaceUser = defineEntity({
  name: 'SpaceUser',
  tableName: 'space_user',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    userId: p.string().length(100),
    createdTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
  },
  indexes: [
    index('idx_user_id', 'userId'),
  ],
  uniques: [
    uniqueConstraint('uniq_space_user', 'spaceId', 'userId'),
  ],
});

/** A row of `space_user`. */
export type ISpaceUser = InferEntity<typeof SpaceUser>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `space`: a workspace. */
export const Space = defineEntity({
  name: 'Space',
  tableName: 'space',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    ownerId: p.string().length(100),
    spaceName: p.string().length(200).nullable(),
    iconUri: p.string().length(200).nullable(),
    creatorId: p.string().length(100).nullable(),
    description: p.string().length(2000).nullable(),
    rest: p.json<unknown>().nullable().fieldName('_rest_'),
    createTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
    deleteTime: p.bigint('number').nullable(),
  },
  indexes: [
    index('idx_creator_id', 'creatorId'),
    index('idx_owner_id', 'ownerId'),
  ],
  uniques: [
    uniqueConstraint('uniq_space_id', 'spaceId'),
  ],
});

/** A row of `space`. */
export type ISpace = InferEntity<typeof Space>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `tag`: a tag of a space. */
export const Tag = defineEntity({
  name: 'Tag',
  tableName: 'tag',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    tagName: p.string().length(100),
    tagColor: p.string().length(20).nullable(),
    isActive: p.boolean(),
    usageCount: p.integer(),
    createTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
    createUser: p.string().length(100).nullable(),
    updateUser: p.string().length(100).nullable(),
  },
  indexes: [
    index('idx_tag_active', 'isActive'),
    index('idx_tag_space', 'spaceId'),
  ],
  uniques: [
    uniqueConstraint('uix_space_tag_name', 'spaceId', 'tagName'),
  ],
});

/** A row of `tag`. */
export type ITag = InferEntity<typeof Tag>;

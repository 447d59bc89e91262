import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueIndex } from '../index-naming.js';

/** `prompts`: a prompt of the earlier prompt library. */
export const Prompts = defineEntity({
  name: 'Prompts',
  tableName: 'prompts',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).nullable(),
    content: p.text().nullable(),
    description: p.text().nullable(),
    createdBy: p.string().length(255).nullable(),
    createdAt: p.datetime().nullable(),
    updatedAt: p.datetime().nullable(),
    isDeleted: p.boolean().nullable(),
  },
  indexes: [
    index('ix_prompts_id', 'id'),
  ],
  uniques: [
    uniqueIndex('ix_prompts_name', 'name'),
  ],
});

/** A row of `prompts`. */
export type IPrompts = InferEntity<typeof Prompts>;

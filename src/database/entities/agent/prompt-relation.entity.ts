import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `prompt_relation`: which agent or workflow uses a prompt version. */
export const PromptRelation = defineEntity({
  name: 'PromptRelation',
  tableName: 'prompt_relation',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100).nullable(),
    promptId: p.string().length(100).nullable(),
    promptVersion: p.string().length(100).nullable(),
    promptName: p.string().length(255).nullable(),
    awId: p.string().length(100).nullable(),
    awVersion: p.string().length(100).nullable(),
    awName: p.string().length(255).nullable(),
    type: p.string().length(100).nullable(),
    isActive: p.boolean(),
    createTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
  },
  indexes: [
    index('idx_space_id', 'spaceId'),
  ],
  uniques: [
    uniqueConstraint('unique_prompt_id_version_aw_id_version', 'promptId', 'promptVersion', 'awId', 'awVersion'),
  ],
});

/** A row of `prompt_relation`. */
export type IPromptRelation = InferEntity<typeof PromptRelation>;

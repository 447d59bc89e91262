import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { foreignKeyIndex, index, uniqueIndex } from '../index-naming.js';

/** `prompt_versions`: a version of a library prompt. */
export const PromptVersions = defineEntity({
  name: 'PromptVersions',
  tableName: 'prompt_versions',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(255).nullable(),
    promptId: p.integer().nullable(),
    version: p.integer().nullable(),
    content: p.text().nullable(),
    description: p.text().nullable(),
    createdBy: p.string().length(255).nullable(),
    createdAt: p.datetime().nullable(),
    isCurrent: p.boolean().nullable(),
  },
  indexes: [
    foreignKeyIndex('prompt_id', 'promptId'),
    index('ix_prompt_versions_id', 'id'),
  ],
  uniques: [
    uniqueIndex('ix_prompt_versions_name', 'name'),
  ],
});

/** A row of `prompt_versions`. */
export type IPromptVersions = InferEntity<typeof PromptVersions>;

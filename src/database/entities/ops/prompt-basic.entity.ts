import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `prompt_basic`: a prompt. */
export const PromptBasic = defineEntity({
  name: 'PromptBasic',
  tableName: 'prompt_basic',
  properties: {
    id: p.integer().primary().autoincrement(),
    spaceId: p.bigint('number'),
    promptKey: p.string().length(128),
    name: p.string().length(128),
    description: p.string().length(1024),
    createdBy: p.string().length(128),
    updatedBy: p.string().length(128),
    latestVersion: p.string().length(128),
    latestCommitTime: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    deletedAt: p.datetime().nullable(),
  },
  indexes: [
    index('ix_prompt_basic_space_id', 'spaceId'),
  ],
  uniques: [
    uniqueConstraint('uq_space_prompt_deleted', 'spaceId', 'promptKey', 'deletedAt'),
  ],
});

/** A row of `prompt_basic`. */
export type IPromptBasic = InferEntity<typeof PromptBasic>;

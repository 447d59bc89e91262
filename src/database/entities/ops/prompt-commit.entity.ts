import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uniqueConstraint } from '../index-naming.js';

/** `prompt_commit`: a committed prompt version. */
export const PromptCommit = defineEntity({
  name: 'PromptCommit',
  tableName: 'prompt_commit',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.bigint('number'),
    promptId: p.bigint('number'),
    promptKey: p.string().length(128),
    templateType: p.string().length(64).nullable(),
    messages: p.text().nullable(),
    promptModelConfig: p.text().nullable(),
    variableDefs: p.text().nullable(),
    tools: p.text().nullable(),
    toolCallConfig: p.text().nullable(),
    version: p.string().length(128),
    baseVersion: p.string().length(128),
    committedBy: p.string().length(128),
    description: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('CURRENT_TIMESTAMP'),
    updatedAt: p.datetime().defaultRaw('CURRENT_TIMESTAMP'),
  },
  uniques: [
    uniqueConstraint('uq_space_prompt_commit', 'spaceId', 'promptId', 'version'),
  ],
});

/** A row of `prompt_commit`. */
export type IPromptCommit = InferEntity<typeof PromptCommit>;

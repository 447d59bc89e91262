import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** `prompt_user_draft`: a user's draft of a prompt. */
export const PromptUserDraft = defineEntity({
  name: 'PromptUserDraft',
  tableName: 'prompt_user_draft',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.bigint('number'),
    promptId: p.bigint('number'),
    userId: p.string().length(128),
    templateType: p.string().length(64).nullable(),
    messages: p.text().nullable(),
    promptModelConfig: p.text().nullable(),
    variableDefs: p.text().nullable(),
    tools: p.text().nullable(),
    toolCallConfig: p.text().nullable(),
    baseVersion: p.string().length(128),
    isDraftEdited: p.boolean(),
    createdAt: p.datetime().defaultRaw('CURRENT_TIMESTAMP'),
    updatedAt: p.datetime().defaultRaw('CURRENT_TIMESTAMP'),
    deletedAt: p.bigint('number'),
  },
});

/** A row of `prompt_user_draft`. */
export type IPromptUserDraft = InferEntity<typeof PromptUserDraft>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from '../columns.js';

/** `prompt_template`: a reusable prompt with its variables (category added in 0.1.3). */
export const PromptTemplate = defineEntity({
  name: 'PromptTemplate',
  tableName: 'prompt_template',
  properties: {
    id: uuidPrimaryKey(),
    name: p.string().length(255),
    content: p.text(),
    variables: p.text().nullable(),
    ...timestamps(),
    category: p.string().length(64).nullable(),
  },
});

/** A row of `prompt_template`. */
export type IPromptTemplate = InferEntity<typeof PromptTemplate>;

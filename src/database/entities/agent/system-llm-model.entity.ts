import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `system_llm_model`: an LLM offered by the system (0.1.4). */
export const SystemLlmModel = defineEntity({
  name: 'SystemLlmModel',
  tableName: 'system_llm_model',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(100),
    provider: p.string().length(50),
    modelType: p.string().length(100),
    description: p.text().nullable(),
    apiKey: p.text().nullable(),
    baseUrl: p.string().length(500).nullable(),
    isActive: p.boolean().nullable().default(true),
    parameters: p.json<unknown>().nullable(),
    timeout: p.integer().nullable(),
    createdAt: p.datetime().nullable().defaultRaw('CURRENT_TIMESTAMP'),
    updatedAt: p.datetime().nullable().defaultRaw('CURRENT_TIMESTAMP'),
  },
  indexes: [
    index('ix_system_llm_model_id', 'id'),
    index('ix_system_llm_model_is_active', 'isActive'),
    index('ix_system_llm_model_provider', 'provider'),
  ],
  uniques: [
    uniqueConstraint('name', 'name'),
  ],
});

/** A row of `system_llm_model`. */
export type ISystemLlmModel = InferEntity<typeof SystemLlmModel>;

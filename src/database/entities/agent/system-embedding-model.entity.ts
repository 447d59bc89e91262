import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `system_embedding_model`: an embedding model offered by the system (0.1.4). */
export const SystemEmbeddingModel = defineEntity({
  name: 'SystemEmbeddingModel',
  tableName: 'system_embedding_model',
  properties: {
    id: p.integer().primary().autoincrement(),
    modelName: p.string().length(100),
    protocol: p.string().length(50),
    modelId: p.string().length(100),
    apiKey: p.text().nullable(),
    apiBase: p.string().length(500),
    maxBatchSize: p.integer(),
    isActive: p.boolean().nullable().default(true),
    createdAt: p.datetime().nullable().defaultRaw('CURRENT_TIMESTAMP'),
    updatedAt: p.datetime().nullable().defaultRaw('CURRENT_TIMESTAMP'),
  },
  indexes: [
    index('ix_system_embedding_model_id', 'id'),
    index('ix_system_embedding_model_is_active', 'isActive'),
    index('ix_system_embedding_model_protocol', 'protocol'),
  ],
  uniques: [
    uniqueConstraint('model_name', 'modelName'),
  ],
});

/** A row of `system_embedding_model`. */
export type ISystemEmbeddingModel = InferEntity<typeof SystemEmbeddingModel>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index } from '../index-naming.js';

/** `embedding_model_configs`: an embedding model configured in a space. */
export const EmbeddingModelConfigs = defineEntity({
  name: 'EmbeddingModelConfigs',
  tableName: 'embedding_model_configs',
  properties: {
    id: p.integer().primary().autoincrement(),
    modelName: p.string().length(100),
    spaceId: p.string().length(50),
    protocol: p.string().length(50),
    modelId: p.string().length(100),
    apiKey: p.text().nullable(),
    apiBase: p.string().length(500),
    maxBatchSize: p.integer(),
    isActive: p.boolean().nullable(),
    createdAt: p.datetime().nullable().defaultRaw('CURRENT_TIMESTAMP'),
    updatedAt: p.datetime().nullable().defaultRaw('CURRENT_TIMESTAMP'),
    isSystemModel: p.boolean().nullable().default(false),
    systemModelId: p.integer().nullable(),
  },
  indexes: [
    index('ix_embedding_model_configs_id', 'id'),
    index('ix_embedding_model_configs_is_active', 'isActive'),
    index('ix_embedding_model_configs_model_name', 'modelName'),
    index('ix_embedding_model_configs_protocol', 'protocol'),
    index('ix_embedding_model_configs_space_id', 'spaceId'),
    index('ix_embedding_model_configs_system_model_id', 'systemModelId'),
  ],
});

/** A row of `embedding_model_configs`. */
export type IEmbeddingModelConfigs = InferEntity<typeof EmbeddingModelConfigs>;

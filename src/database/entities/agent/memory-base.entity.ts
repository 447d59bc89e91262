import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `memory_base`: a memory base (0.1.4). */
export const MemoryBase = defineEntity({
  name: 'MemoryBase',
  tableName: 'memory_base',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    mdbId: p.string().length(100),
    name: p.string().length(100),
    description: p.string().length(100),
    embeddingModelConfigId: p.integer(),
    llmModelConfigId: p.integer(),
    createTime: p.bigint('number'),
    updateTime: p.bigint('number'),
  },
  indexes: [
    index('idx_space_id', 'spaceId'),
    index('idx_space_mdb', 'spaceId', 'mdbId'),
    index('ix_memory_base_embedding_model_config_id', 'embeddingModelConfigId'),
    index('ix_memory_base_llm_model_config_id', 'llmModelConfigId'),
    index('ix_memory_base_mdb_id', 'mdbId'),
  ],
  uniques: [
    uniqueConstraint('uix_mdb_id', 'mdbId'),
  ],
});

/** A row of `memory_base`. */
export type IMemoryBase = InferEntity<typeof MemoryBase>;

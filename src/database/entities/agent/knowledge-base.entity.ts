import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `knowledge_base`: a knowledge base. */
export const KnowledgeBase = defineEntity({
  name: 'KnowledgeBase',
  tableName: 'knowledge_base',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    kbId: p.string().length(100),
    name: p.string().length(100),
    description: p.text().nullable(),
    embeddingModelConfigId: p.integer().nullable(),
    config: p.json<unknown>().nullable(),
    rest: p.json<unknown>().nullable().fieldName('_rest_'),
    createTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
    indexManagerType: p.string().length(200).nullable(),
  },
  indexes: [
    index('idx_space_id', 'spaceId'),
    index('idx_space_kb', 'spaceId', 'kbId'),
    index('ix_knowledge_base_embedding_model_config_id', 'embeddingModelConfigId'),
    index('ix_knowledge_base_kb_id', 'kbId'),
  ],
  uniques: [
    uniqueConstraint('uix_kb_id', 'kbId'),
  ],
});

/** A row of `knowledge_base`. */
export type IKnowledgeBase = InferEntity<typeof KnowledgeBase>;

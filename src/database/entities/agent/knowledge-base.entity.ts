import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from '../columns.js';

/** `knowledge_base`: a document collection and the embedding model that indexes it. */
export const KnowledgeBase = defineEntity({
  name: 'KnowledgeBase',
  tableName: 'knowledge_base',
  properties: {
    id: uuidPrimaryKey(),
    name: p.string().length(255),
    description: p.text().nullable(),
    embeddingModel: p.string().length(128),
    ...timestamps(),
  },
});

/** A row of `knowledge_base`. */
export type IKnowledgeBase = InferEntity<typeof KnowledgeBase>;

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint } from '../index-naming.js';

/** `knowledge_base_document`: a document of a knowledge base. */
export const KnowledgeBaseDocument = defineEntity({
  name: 'KnowledgeBaseDocument',
  tableName: 'knowledge_base_document',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    kbId: p.string().length(100),
    docId: p.string().length(100),
    name: p.string().length(500),
    filePath: p.string().length(1000),
    fileSize: p.bigint('number').nullable(),
    fileType: p.string().length(50).nullable(),
    mimeType: p.string().length(100).nullable(),
    status: p.string().length(50),
    chunkCount: p.bigint('number').nullable(),
    processInfo: p.json<unknown>().nullable(),
    metadata: p.json<unknown>().nullable(),
    rest: p.json<unknown>().nullable().fieldName('_rest_'),
    createTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
    indexedTime: p.bigint('number').nullable(),
    indexManagerType: p.string().length(200).nullable(),
    indexId: p.string().length(200).nullable(),
    indexName: p.string().length(200).nullable(),
    obsName: p.string().length(1000).default(''),
  },
  indexes: [
    index('idx_kb_id', 'kbId'),
    index('idx_space_id', 'spaceId'),
    index('idx_space_kb_doc', 'spaceId', 'kbId', 'docId'),
    index('idx_space_kb', 'spaceId', 'kbId'),
    index('idx_status', 'status'),
    index('ix_knowledge_base_document_doc_id', 'docId'),
    index('ix_knowledge_base_document_kb_id', 'kbId'),
  ],
  uniques: [
    uniqueConstraint('uix_doc_id', 'docId'),
  ],
});

/** A row of `knowledge_base_document`. */
export type IKnowledgeBaseDocument = InferEntity<typeof KnowledgeBaseDocument>;

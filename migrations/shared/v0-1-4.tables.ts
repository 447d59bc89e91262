import type { Dialect } from '../../src/version-guard/revision.js';
import {
  BIGINT, BOOLEAN, DATETIME, ID, INTEGER, JSON_, NOW, TEXT, col, forDialect, idx, req, varchar, type TableSpec,
} from '../../src/database/ddl/table-spec.js';

/*
 * Tables that release 0.1.4 added to the agent database, the same in both histories apart from
 * what `forDialect` and the column types say. Index names as the MySQL history spells them.
 */

const SYSTEM_MODELS: readonly TableSpec[] = [
  {
    name: 'system_embedding_model',
    columns: [
      req('id', INTEGER), req('model_name', varchar(100)), req('protocol', varchar(50)), req('model_id', varchar(100)),
      col('api_key', TEXT), req('api_base', varchar(500)), req('max_batch_size', INTEGER),
      col('is_active', BOOLEAN, { default: "'1'" }), col('created_at', DATETIME, NOW), col('updated_at', DATETIME, NOW),
    ],
    primaryKey: ['id'],
    uniques: [idx('', 'model_name')],
    indexes: [
      idx('ix_system_embedding_model_id', 'id'),
      idx('ix_system_embedding_model_is_active', 'is_active'),
      idx('ix_system_embedding_model_protocol', 'protocol'),
    ],
  },
  {
    name: 'system_llm_model',
    columns: [
      req('id', INTEGER), req('name', varchar(100)), req('provider', varchar(50)), req('model_type', varchar(100)),
      col('description', TEXT), col('api_key', TEXT), col('base_url', varchar(500)),
      col('is_active', BOOLEAN, { default: "'1'" }), col('parameters', JSON_), col('timeout', INTEGER),
      col('created_at', DATETIME, NOW), col('updated_at', DATETIME, NOW),
    ],
    primaryKey: ['id'],
    uniques: [idx('', 'name')],
    indexes: [
      idx('ix_system_llm_model_id', 'id'),
      idx('ix_system_llm_model_is_active', 'is_active'),
      idx('ix_system_llm_model_provider', 'provider'),
    ],
  },
];

/** Column comments as the MySQL history declares them. */
const MEMORY_BASE: TableSpec = {
  name: 'memory_base',
  columns: [
    req('id', ID),
    req('space_id', varchar(100), { comment: '空间ID，用于多租户隔离' }),
    req('mdb_id', varchar(100), { comment: '记忆库ID，唯一标识' }),
    req('name', varchar(100), { comment: '记忆库名称' }),
    req('description', varchar(100), { comment: '记忆库名描述' }),
    req('embedding_model_config_id', INTEGER, { comment: 'Embedding 模型配置ID' }),
    req('llm_model_config_id', INTEGER, { comment: 'LLM 模型配置ID' }),
    req('create_time', BIGINT, { comment: '创建时间' }),
    req('update_time', BIGINT, { comment: '更新时间' }),
  ],
  primaryKey: ['id'],
  uniques: [idx('uix_mdb_id', 'mdb_id')],
  indexes: [
    idx('idx_space_id', 'space_id'),
    idx('idx_space_mdb', 'space_id', 'mdb_id'),
    idx('ix_memory_base_embedding_model_config_id', 'embedding_model_config_id'),
    idx('ix_memory_base_llm_model_config_id', 'llm_model_config_id'),
    idx('ix_memory_base_mdb_id', 'mdb_id'),
  ],
};

/** `system_embedding_model` and `system_llm_model` (revisions 07acd03b1173 / 26f51e9528f1). */
export const systemModelTables = (dialect: Dialect): TableSpec[] => forDialect(dialect, SYSTEM_MODELS);

/** `memory_base` (revisions 8f4846812221 / 072ac1293a02). */
export const memoryBaseTable = (dialect: Dialect): TableSpec => forDialect(dialect, [MEMORY_BASE])[0];

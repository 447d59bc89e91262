import type { Dialect } from '../../src/version-guard/revision.js';
import {
  BIGINT, BOOLEAN, DATETIME, ID, INTEGER, JSON_, NOW, TEXT, col, decimal, forDialect, idx, req, varchar, type TableSpec,
} from '../../src/database/ddl/table-spec.js';

/*
 * The ops database as release 0.1.2 created it: revisions b4f4c6589bc5 (SQLite) and
 * 80f110f929fc (MySQL). Index names are written as the MySQL history spells them.
 */

const v128 = varchar(128);

const BASE: readonly TableSpec[] = [
  {
    name: 'job_user_draft',
    columns: [
      req('id', ID), req('space_id', v128), req('user_id', v128), col('name', varchar(64)),
      col('desc', varchar(256)), col('rawTemplates', TEXT), col('optimizeInfo', TEXT, { mysqlType: 'MEDIUMTEXT' }), col('modelInfo', TEXT),
      col('assistantInfo', TEXT), col('agentTools', TEXT), req('is_deleted', INTEGER), req('created_at', DATETIME),
      req('updated_at', DATETIME),
    ],
    primaryKey: ['id'],
  },
  {
    name: 'job_user_info',
    columns: [
      req('id', ID), req('job_id', v128), req('space_id', v128), req('user_id', v128), col('name', varchar(64)),
      col('desc', varchar(256)), col('rawTemplates', TEXT), col('bestTemplates', TEXT), col('bestIteration', INTEGER),
      col('timeCost', INTEGER), col('history', JSON_), col('success_rate', decimal(5, 4)),
      col('progress_rate', decimal(5, 4)), col('optimizeInfo', TEXT, { mysqlType: 'MEDIUMTEXT' }), col('modelInfo', TEXT),
      col('assistantInfo', TEXT), col('agentTools', TEXT), col('status', varchar(64)), col('errorMsg', TEXT),
      req('is_deleted', INTEGER), req('created_at', DATETIME), req('updated_at', DATETIME),
    ],
    primaryKey: ['id'],
  },
  {
    name: 'prompt_basic',
    columns: [
      req('id', INTEGER), req('space_id', BIGINT), req('prompt_key', v128), req('name', v128),
      req('description', varchar(1024)), req('created_by', v128), req('updated_by', v128),
      req('latest_version', v128), col('latest_commit_time', DATETIME), req('created_at', DATETIME),
      req('updated_at', DATETIME), col('deleted_at', DATETIME),
    ],
    primaryKey: ['id'],
    uniques: [idx('uq_space_prompt_deleted', 'space_id', 'prompt_key', 'deleted_at')],
    indexes: [idx('ix_prompt_basic_space_id', 'space_id')],
  },
  {
    name: 'prompt_commit',
    columns: [
      req('id', ID), req('space_id', BIGINT), req('prompt_id', BIGINT), req('prompt_key', v128),
      col('template_type', varchar(64)), col('messages', TEXT), col('prompt_model_config', TEXT),
      col('variable_defs', TEXT), col('tools', TEXT), col('tool_call_config', TEXT), req('version', v128),
      req('base_version', v128), req('committed_by', v128), col('description', TEXT),
      req('created_at', DATETIME, NOW), req('updated_at', DATETIME, NOW),
    ],
    primaryKey: ['id'],
    uniques: [idx('uq_space_prompt_commit', 'space_id', 'prompt_id', 'version')],
  },
  {
    name: 'prompt_user_draft',
    columns: [
      req('id', ID), req('space_id', BIGINT), req('prompt_id', BIGINT), req('user_id', v128),
      col('template_type', varchar(64)), col('messages', TEXT), col('prompt_model_config', TEXT),
      col('variable_defs', TEXT), col('tools', TEXT), col('tool_call_config', TEXT), req('base_version', v128),
      req('is_draft_edited', BOOLEAN), req('created_at', DATETIME, NOW), req('updated_at', DATETIME, NOW),
      req('deleted_at', BIGINT),
    ],
    primaryKey: ['id'],
  },
  {
    name: 'prompts',
    columns: [
      req('id', INTEGER), col('name', varchar(255)), col('content', TEXT), col('description', TEXT),
      col('created_by', varchar(255)), col('created_at', DATETIME), col('updated_at', DATETIME),
      col('is_deleted', BOOLEAN),
    ],
    primaryKey: ['id'],
    indexes: [idx('ix_prompts_id', 'id')],
    uniqueIndexes: [idx('ix_prompts_name', 'name')],
  },
  {
    name: 'user',
    columns: [
      req('id', BIGINT), req('name', v128), req('unique_name', v128), req('email', v128), req('mobile', INTEGER),
      req('password', v128), req('description', varchar(512)), req('icon_uri', varchar(512)),
      req('user_verified', BOOLEAN), req('country_code', BIGINT), req('session_key', varchar(512)),
      req('deleted_at', BIGINT), req('created_at', DATETIME), req('updated_at', DATETIME),
    ],
    primaryKey: ['id'],
  },
  {
    name: 'prompt_versions',
    columns: [
      req('id', INTEGER), col('name', varchar(255)), col('prompt_id', INTEGER), col('version', INTEGER),
      col('content', TEXT), col('description', TEXT), col('created_by', varchar(255)), col('created_at', DATETIME),
      col('is_current', BOOLEAN),
    ],
    primaryKey: ['id'],
    foreignKeys: [{ columns: ['prompt_id'], table: 'prompt_basic', references: ['id'] }],
    indexes: [idx('ix_prompt_versions_id', 'id')],
    uniqueIndexes: [idx('ix_prompt_versions_name', 'name')],
  },
];

/** The 8 ops tables of `dialect`, in creation order. */
export function opsTablesV012(dialect: Dialect): TableSpec[] {
  return forDialect(dialect, BASE);
}

import type { Dialect } from '../../src/version-guard/revision.js';
import {
  BIGINT, BOOLEAN, DATETIME, FLOAT, ID, INTEGER, JSON_, NOW, TEXT, col, forDialect, idx, req, varchar, type ColumnSpec, type TableSpec,
} from '../../src/database/ddl/table-spec.js';

/*
 * The agent database as release 0.1.2 created it: revisions f458c7fb17a5 (SQLite) and
 * 54351e123cf0 (MySQL). Both histories create the same tables; they differ only where
 * `forDialect` and the column types say (id width, index names) and in `trace_summary`, which
 * only the MySQL history has. Index names are written as the MySQL history spells them.
 */

const v100 = varchar(100);

/** Column comments of the MySQL history on columns that later revisions alter in place (kept there). */
const FAILURE = { comment: 'the reason for failure' } as const;
const TRACE_FAILURE = { comment: '失败原因' } as const;

/** The agent columns shared by `agent` and `agent_publish`, after their key columns. */
const agentBody = [
  req('id', ID), req('space_id', v100), col('agent_name', varchar(255)), col('description', varchar(2000)),
  col('agent_type', v100), col('icon', v100), col('edit_mode', v100), col('prompt_template_name', v100),
  col('auto_generated_prompt', varchar(2000)), col('opening_remarks', varchar(2000)),
  col('default_response', varchar(2000)), col('configs', JSON_), col('plugins', JSON_), col('workflows', JSON_),
  col('model', JSON_), col('prompt_template', JSON_), col('constraint', JSON_), col('prompt_tuning', JSON_),
  col('triggers', JSON_), col('knowledge', JSON_), col('memory', JSON_), col('_rest_', JSON_),
  col('create_time', BIGINT), col('update_time', BIGINT),
];

const pluginBody = [
  req('id', ID), col('plugin_name', varchar(255)), col('desc', varchar(512)), col('url', varchar(512)),
  col('space_id', v100), col('icon_uri', varchar(512)), req('plugin_type', INTEGER), col('tools', JSON_),
  col('_rest_', JSON_), col('create_time', BIGINT), col('update_time', BIGINT),
];

const workflowBody = [
  req('id', ID), col('workflow_name', varchar(255)), col('description', varchar(512)), col('space_id', v100),
  col('url', varchar(512)), col('icon_uri', varchar(255)), col('schema', TEXT), col('input_parameters', JSON_),
  col('output_parameters', JSON_), col('_rest_', JSON_), col('create_time', BIGINT), col('update_time', BIGINT),
];


const BASE: readonly TableSpec[] = [
  {
    name: 'agent',
    columns: [
      req('agent_id', v100), col('agent_version', v100), col('latest_publish_time', BIGINT),
      col('latest_publish_version', v100), ...agentBody,
    ],
    primaryKey: ['id'],
    uniques: [idx('uix_agent_id_version', 'agent_id', 'agent_version')],
    uniqueIndexes: [idx('ix_agent_agent_id', 'agent_id')],
  },
  {
    name: 'agent_execution',
    columns: [
      req('id', ID), req('space_id', v100), req('agent_id', v100), col('agent_version', v100),
      req('trace_id', v100), col('status', varchar(16)), col('mode', INTEGER), col('call_type', v100),
      col('duration', INTEGER), col('inputs', JSON_), col('outputs', JSON_), col('error_code', INTEGER),
      col('fail_reason', TEXT, FAILURE), col('input_tokens', INTEGER), col('output_tokens', INTEGER),
      col('execute_info_list', JSON_), col('create_time', DATETIME), col('update_time', DATETIME, NOW),
    ],
    primaryKey: ['id'],
    indexes: [
      idx('agent_id_version', 'agent_id', 'agent_version'),
      idx('idx_agent', 'space_id', 'agent_id', 'agent_version'),
    ],
    uniqueIndexes: [idx('ix_agent_execution_trace_id', 'trace_id')],
  },
  {
    name: 'agent_workflow_relation',
    columns: [
      req('id', ID), req('space_id', v100), req('agent_id', v100), req('agent_version', v100),
      req('workflow_id', v100), req('workflow_version', v100), col('create_time', BIGINT), col('update_time', BIGINT),
    ],
    primaryKey: ['id'],
    uniques: [
      idx('uix_agent_workflow_relation', 'space_id', 'agent_id', 'agent_version', 'workflow_id', 'workflow_version'),
    ],
    indexes: [
      idx('idx_agent', 'space_id', 'agent_id', 'agent_version'),
      idx('idx_workflow', 'space_id', 'workflow_id', 'workflow_version'),
    ],
  },
  {
    name: 'embedding_model_configs',
    columns: [
      req('id', INTEGER), req('model_name', v100), req('space_id', varchar(50)), req('protocol', varchar(50)),
      req('model_id', v100), col('api_key', TEXT), req('api_base', varchar(500)), req('max_batch_size', INTEGER),
      col('is_active', BOOLEAN), col('created_at', DATETIME, NOW), col('updated_at', DATETIME, NOW),
    ],
    primaryKey: ['id'],
    indexes: [
      idx('ix_embedding_model_configs_id', 'id'),
      idx('ix_embedding_model_configs_is_active', 'is_active'),
      idx('ix_embedding_model_configs_model_name', 'model_name'),
      idx('ix_embedding_model_configs_protocol', 'protocol'),
      idx('ix_embedding_model_configs_space_id', 'space_id'),
    ],
  },
  {
    name: 'knowledge_base',
    columns: [
      req('id', ID), req('space_id', v100), req('kb_id', v100), req('name', v100), col('description', TEXT),
      col('embedding_model_config_id', INTEGER), col('config', JSON_), col('_rest_', JSON_),
      col('create_time', BIGINT), col('update_time', BIGINT),
    ],
    primaryKey: ['id'],
    uniques: [idx('uix_kb_id', 'kb_id')],
    indexes: [
      idx('idx_space_id', 'space_id'),
      idx('idx_space_kb', 'space_id', 'kb_id'),
      idx('ix_knowledge_base_embedding_model_config_id', 'embedding_model_config_id'),
      idx('ix_knowledge_base_kb_id', 'kb_id'),
    ],
  },
  {
    name: 'knowledge_base_document',
    columns: [
      req('id', ID), req('space_id', v100), req('kb_id', v100), req('doc_id', v100), req('name', varchar(500)),
      req('file_path', varchar(1000)), col('file_size', BIGINT), col('file_type', varchar(50)),
      col('mime_type', v100), req('status', varchar(50)), col('es_index_id', varchar(200), { comment: 'ES中的索引ID' }),
      col('es_index_name', varchar(200), { comment: 'ES索引名称' }), col('chunk_count', BIGINT), col('process_info', JSON_),
      col('metadata', JSON_), col('_rest_', JSON_), col('create_time', BIGINT), col('update_time', BIGINT),
      col('indexed_time', BIGINT),
    ],
    primaryKey: ['id'],
    uniques: [idx('uix_doc_id', 'doc_id')],
    indexes: [
      idx('idx_kb_id', 'kb_id'),
      idx('idx_space_id', 'space_id'),
      idx('idx_space_kb_doc', 'space_id', 'kb_id', 'doc_id'),
      idx('idx_space_kb', 'space_id', 'kb_id'),
      idx('idx_status', 'status'),
      idx('ix_knowledge_base_document_doc_id', 'doc_id'),
      idx('ix_knowledge_base_document_kb_id', 'kb_id'),
    ],
  },
  {
    name: 'model_configs',
    columns: [
      req('id', INTEGER), req('name', v100), req('space_id', varchar(50)), req('provider', varchar(50)),
      req('model_type', v100), col('description', TEXT), col('tags', JSON_), col('api_key', TEXT),
      col('base_url', varchar(500)), col('is_active', BOOLEAN), col('parameters', JSON_), col('timeout', INTEGER),
      col('retry_count', INTEGER), col('enable_streaming', BOOLEAN), col('enable_function_calling', BOOLEAN),
      col('total_requests', INTEGER), col('total_tokens', INTEGER), col('total_cost', FLOAT),
      col('success_rate', FLOAT), col('avg_response_time', FLOAT), col('last_used', DATETIME),
      col('daily_requests', INTEGER), col('daily_tokens', INTEGER), col('daily_cost', FLOAT),
      col('monthly_requests', INTEGER), col('monthly_tokens', INTEGER), col('monthly_cost', FLOAT),
      col('created_at', DATETIME, NOW), col('updated_at', DATETIME, NOW),
    ],
    primaryKey: ['id'],
    indexes: [
      idx('ix_model_configs_id', 'id'),
      idx('ix_model_configs_is_active', 'is_active'),
      idx('ix_model_configs_name', 'name'),
      idx('ix_model_configs_provider', 'provider'),
      idx('ix_model_configs_space_id', 'space_id'),
    ],
  },
  {
    name: 'plugin',
    columns: [req('plugin_id', v100), col('plugin_version', v100), ...pluginBody],
    primaryKey: ['id'],
    uniques: [idx('unique_plugin_id_version', 'plugin_id', 'plugin_version')],
    indexes: [idx('idx_space_id', 'space_id')],
    uniqueIndexes: [idx('ix_plugin_plugin_id', 'plugin_id')],
  },
  {
    name: 'prompt_relation',
    columns: [
      req('id', ID), col('space_id', v100), col('prompt_id', v100), col('prompt_version', v100),
      col('prompt_name', varchar(255)), col('aw_id', v100), col('aw_version', v100), col('aw_name', varchar(255)),
      col('type', v100), req('is_active', BOOLEAN), col('create_time', BIGINT), col('update_time', BIGINT),
    ],
    primaryKey: ['id'],
    uniques: [idx('unique_prompt_id_version_aw_id_version', 'prompt_id', 'prompt_version', 'aw_id', 'aw_version')],
    indexes: [idx('idx_space_id', 'space_id')],
  },
  {
    name: 'reference',
    columns: [
      req('id', ID), req('space_id', v100), req('referenced_type', varchar(20)), req('referenced_id', v100),
      req('referenced_version', v100), req('referer_type', varchar(20)), req('referer_id', v100),
      req('referer_version', v100), col('create_time', BIGINT), col('update_time', BIGINT),
    ],
    primaryKey: ['id'],
    uniques: [
      idx('uix_reference', 'space_id', 'referenced_type', 'referenced_id', 'referenced_version', 'referer_type',
        'referer_id', 'referer_version'),
    ],
  },
  {
    name: 'space',
    columns: [
      req('id', ID), req('space_id', v100), req('owner_id', v100), col('space_name', varchar(200)),
      col('icon_uri', varchar(200)), col('creator_id', v100), col('description', varchar(2000)), col('_rest_', JSON_),
      col('create_time', BIGINT), col('update_time', BIGINT), col('delete_time', BIGINT),
    ],
    primaryKey: ['id'],
    uniques: [idx('uniq_space_id', 'space_id')],
    indexes: [idx('idx_creator_id', 'creator_id'), idx('idx_owner_id', 'owner_id')],
  },
  {
    name: 'space_user',
    columns: [
      req('id', ID), req('space_id', v100), req('user_id', v100), col('created_time', BIGINT),
      col('update_time', BIGINT),
    ],
    primaryKey: ['id'],
    uniques: [idx('uniq_space_user', 'space_id', 'user_id')],
    indexes: [idx('idx_user_id', 'user_id')],
  },
  {
    name: 'tag',
    columns: [
      req('id', ID), req('space_id', v100), req('tag_name', v100), col('tag_color', varchar(20)),
      req('is_active', BOOLEAN), req('usage_count', INTEGER), col('create_time', BIGINT), col('update_time', BIGINT),
      col('create_user', v100), col('update_user', v100),
    ],
    primaryKey: ['id'],
    uniques: [idx('uix_space_tag_name', 'space_id', 'tag_name')],
    indexes: [idx('idx_tag_active', 'is_active'), idx('idx_tag_space', 'space_id')],
  },
  {
    name: 'trace_detail',
    columns: [
      req('id', ID), req('space_id', v100), req('business_id', v100), req('business_type', varchar(20)),
      req('trace_id', v100), req('span_id', v100), req('span_type', varchar(512)), req('span_name', varchar(255)),
      col('parent_span_id', v100), col('method', varchar(10)), col('psm', v100), col('logid', v100),
      col('platform_type', varchar(50)), col('start_time_micros', BIGINT), col('end_time_micros', BIGINT),
      col('status_code', varchar(20)), col('input', TEXT, { comment: '输入数据' }),
      col('output', TEXT, { comment: '输出数据' }), col('attributes', JSON_),
    ],
    primaryKey: ['id'],
  },
  {
    name: 'user',
    columns: [
      req('id', ID), req('user_id', v100), req('email', varchar(128)), req('user_unique_name', varchar(128)),
      req('user_name', varchar(128)), req('password', varchar(128)), req('session_key', varchar(256)),
      req('role_type', INTEGER), req('user_verified', BOOLEAN), req('is_active', BOOLEAN),
      col('description', varchar(512)), col('icon_uri', varchar(512)), col('locale', varchar(128)),
      col('first_name', varchar(128)), col('last_name', varchar(128)), col('phone_number', varchar(128)),
      col('company', varchar(128)), col('occupation', varchar(512)), col('skills', JSON_), col('_rest_', JSON_),
      col('create_time', BIGINT), col('update_time', BIGINT), col('delete_time', BIGINT),
    ],
    primaryKey: ['id'],
    uniques: [
      idx('uniq_email', 'email'), idx('idx_session_key', 'session_key'), idx('uniq_user_id', 'user_id'),
      idx('uniq_user_unique_name', 'user_unique_name'),
    ],
  },
  {
    name: 'workflow',
    columns: [
      req('workflow_id', v100), col('workflow_version', v100), col('latest_publish_time', BIGINT),
      col('latest_publish_version', v100), ...workflowBody,
    ],
    primaryKey: ['id'],
    uniques: [idx('unique_workflow_id_version', 'workflow_id', 'workflow_version')],
    indexes: [idx('idx_space_id', 'space_id')],
    uniqueIndexes: [idx('ix_workflow_workflow_id', 'workflow_id')],
  },
  {
    name: 'workflow_tag_association',
    columns: [
      req('workflow_id', v100), req('workflow_version', v100), req('tag_id', BIGINT), req('space_id', v100),
      col('create_time', BIGINT),
    ],
    primaryKey: [],
    uniques: [idx('uix_workflow_tag', 'workflow_id', 'workflow_version', 'tag_id')],
    indexes: [
      idx('idx_workflow_tag_space', 'space_id'),
      idx('idx_workflow_tag_tag', 'tag_id'),
      idx('idx_workflow_tag_workflow', 'workflow_id', 'workflow_version'),
    ],
  },
  {
    name: 'agent_execution_details',
    columns: [
      req('id', ID), req('trace_id', v100), req('invoke_id', v100), col('start_time', DATETIME),
      col('end_time', DATETIME), col('inputs', JSON_), col('outputs', JSON_), col('input_tokens', INTEGER),
      col('output_tokens', INTEGER), req('error', JSON_), col('parent_invoke_id', v100),
      col('child_invokes_id', JSON_), col('invoke_type', v100), col('name', varchar(255)),
      col('elapsed_time', v100), col('meta_data', JSON_), col('agent_parent_invoke_id', v100), col('_rest_', JSON_),
    ],
    primaryKey: ['id'],
    foreignKeys: [{ columns: ['trace_id'], table: 'agent_execution', references: ['trace_id'] }],
    indexes: [idx('ix_agent_execution_details_trace_id', 'trace_id')],
  },
  {
    name: 'agent_publish',
    columns: [
      req('agent_id', v100), req('agent_version', v100), col('version_description', varchar(255)), ...agentBody,
    ],
    primaryKey: ['id'],
    uniques: [idx('uix_agent_id_version', 'agent_id', 'agent_version')],
    foreignKeys: [{ columns: ['agent_id'], table: 'agent', references: ['agent_id'] }],
    indexes: [idx('ix_agent_publish_agent_id', 'agent_id')],
  },
  {
    name: 'model_usage_logs',
    columns: [
      req('id', INTEGER), req('model_config_id', INTEGER), col('prompt_tokens', INTEGER),
      col('completion_tokens', INTEGER), col('total_tokens', INTEGER), col('cost', FLOAT),
      col('response_time', FLOAT), col('success', BOOLEAN), col('error_message', TEXT),
      col('ip_address', varchar(45)), col('user_agent', TEXT), col('request_id', v100),
      col('created_at', DATETIME, NOW),
    ],
    primaryKey: ['id'],
    foreignKeys: [{ columns: ['model_config_id'], table: 'model_configs', references: ['id'] }],
    indexes: [
      idx('ix_model_usage_logs_created_at', 'created_at'),
      idx('ix_model_usage_logs_id', 'id'),
      idx('ix_model_usage_logs_model_config_id', 'model_config_id'),
      idx('ix_model_usage_logs_request_id', 'request_id'),
    ],
  },
  {
    name: 'plugin_publish',
    columns: [req('plugin_id', v100), req('plugin_version', v100), col('version_desc', varchar(512)), ...pluginBody],
    primaryKey: ['id'],
    uniques: [idx('unique_plugin_id_version', 'plugin_id', 'plugin_version')],
    foreignKeys: [{ columns: ['plugin_id'], table: 'plugin', references: ['plugin_id'], onDelete: 'CASCADE' }],
    indexes: [
      idx('idx_space_id', 'space_id'),
      idx('ix_plugin_publish_plugin_id', 'plugin_id'),
    ],
  },
  {
    name: 'tool',
    columns: [
      req('id', ID), req('tool_id', v100), col('tool_name', varchar(255)), col('desc', varchar(512)),
      col('space_id', v100), req('plugin_id', v100), req('plugin_type', INTEGER), col('plugin_version', v100),
      col('input_parameters', JSON_), col('output_parameters', JSON_), col('_rest_', JSON_),
      col('create_time', BIGINT), col('update_time', BIGINT),
    ],
    primaryKey: ['id'],
    uniques: [idx('unique_tool_id_version', 'tool_id', 'plugin_version')],
    foreignKeys: [
      {
        columns: ['plugin_id', 'plugin_version'], table: 'plugin', references: ['plugin_id', 'plugin_version'],
        onDelete: 'CASCADE',
      },
    ],
    indexes: [idx('idx_space_id', 'space_id')],
  },
  {
    name: 'workflow_publish',
    columns: [
      req('workflow_id', v100), req('workflow_version', v100), col('version_description', varchar(255)),
      ...workflowBody,
    ],
    primaryKey: ['id'],
    uniques: [idx('unique_workflow_id_version', 'workflow_id', 'workflow_version')],
    foreignKeys: [{ columns: ['workflow_id'], table: 'workflow', references: ['workflow_id'] }],
    indexes: [
      idx('idx_space_id', 'space_id'),
      idx('ix_workflow_publish_workflow_id', 'workflow_id'),
    ],
  },
  {
    name: 'workflow_execution',
    columns: [
      req('id', ID), req('space_id', v100), req('workflow_id', v100), col('workflow_version', v100),
      req('trace_id', v100), col('status', varchar(16)), req('mode', INTEGER), col('call_type', v100),
      col('execution_id', v100), col('duration', INTEGER), col('inputs', JSON_), col('outputs', JSON_),
      col('error_code', INTEGER), col('fail_reason', TEXT, FAILURE), col('input_tokens', INTEGER),
      col('output_tokens', INTEGER), col('execute_info_list', JSON_), col('agent_execution_detail_id', BIGINT),
      col('create_time', DATETIME), col('update_time', DATETIME, NOW),
    ],
    primaryKey: ['id'],
    uniques: [idx('', 'agent_execution_detail_id')],
    foreignKeys: [{ columns: ['agent_execution_detail_id'], table: 'agent_execution_details', references: ['id'] }],
    indexes: [
      idx('idx_workflow', 'space_id', 'workflow_id', 'workflow_version'),
      idx('ix_workflow_execution_trace_id', 'trace_id'),
      idx('workflow_id_version', 'workflow_id', 'workflow_version'),
    ],
  },
  {
    name: 'workflow_execution_details',
    columns: [
      req('id', ID), req('workflow_execution_id', BIGINT), req('invoke_id', v100), col('start_time', DATETIME),
      col('end_time', DATETIME), col('inputs', JSON_), col('outputs', JSON_), col('input_tokens', INTEGER),
      col('output_tokens', INTEGER), req('error', JSON_), col('parent_invoke_id', v100),
      col('child_invokes_id', JSON_), req('on_invoke_data', JSON_), req('component_id', v100),
      req('component_name', varchar(255)), req('component_type', v100), req('agent_parent_invoke_id', v100),
      col('meta_data', TEXT), col('loop_node_id', v100), col('loop_index', INTEGER), col('status', varchar(16)),
      req('llm_invoke_data', JSON_), req('parent_node_id', v100), col('_rest_', JSON_),
    ],
    primaryKey: ['id'],
    foreignKeys: [{ columns: ['workflow_execution_id'], table: 'workflow_execution', references: ['id'] }],
    indexes: [
      idx('ix_workflow_execution_details_workflow_execution_id', 'workflow_execution_id'),
    ],
  },
];


/** `trace_summary`: execution summaries, created by the MySQL history only. */
const TRACE_SUMMARY: TableSpec = {
  name: 'trace_summary',
  columns: [
    req('id', ID), req('space_id', v100), req('business_id', v100), req('business_type', varchar(20)),
    col('business_version', v100), req('trace_id', v100), req('mode', INTEGER), col('call_type', v100),
    col('duration', INTEGER), col('status', varchar(16)), col('input_tokens', INTEGER), col('output_tokens', INTEGER),
    col('inputs', JSON_), col('outputs', JSON_), col('execute_info_list', JSON_), col('error_code', INTEGER),
    col('fail_reason', TEXT, TRACE_FAILURE), col('create_time', DATETIME), col('update_time', DATETIME),
  ],
  primaryKey: ['id'],
};

/** The 0.1.2 agent tables of `dialect`, in creation order (25 on SQLite, 26 on MySQL). */
export function agentTablesV012(dialect: Dialect): TableSpec[] {
  const tables = dialect === 'mysql' ? BASE.flatMap((t) => (t.name === 'trace_detail' ? [t, TRACE_SUMMARY] : [t])) : BASE;
  return forDialect(dialect, tables);
}

/** A column of the 0.1.2 agent tables as the MySQL history declares it (with its comment, if any). */
export function agentColumnV012(table: string, column: string): ColumnSpec {
  const found = [...BASE, TRACE_SUMMARY].find((t) => t.name === table)?.columns.find((c) => c.name === column);
  if (!found) throw new Error(`the 0.1.2 agent schema has no column ${table}.${column}`);
  return found;
}

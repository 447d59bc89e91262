-- agent database as created by release 0.1.1 (sqlite); see ../../README.md
CREATE TABLE `agent` (`agent_id` VARCHAR(100) NOT NULL, `agent_version` VARCHAR(100) NULL, `latest_publish_time` BIGINT NULL, `latest_publish_version` VARCHAR(100) NULL, `id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `agent_name` VARCHAR(255) NULL, `description` VARCHAR(2000) NULL, `agent_type` VARCHAR(100) NULL, `icon` VARCHAR(100) NULL, `edit_mode` VARCHAR(100) NULL, `prompt_template_name` VARCHAR(100) NULL, `auto_generated_prompt` VARCHAR(2000) NULL, `opening_remarks` VARCHAR(2000) NULL, `default_response` VARCHAR(2000) NULL, `configs` JSON NULL, `plugins` JSON NULL, `workflows` JSON NULL, `model` JSON NULL, `prompt_template` JSON NULL, `constraint` JSON NULL, `prompt_tuning` JSON NULL, `triggers` JSON NULL, `knowledge` JSON NULL, `memory` JSON NULL, `_rest_` JSON NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `uix_agent_id_version` UNIQUE (`agent_id`, `agent_version`));

CREATE UNIQUE INDEX `ix_agent_agent_id_agent` ON `agent` (`agent_id`);

CREATE TABLE `agent_execution` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `agent_id` VARCHAR(100) NOT NULL, `agent_version` VARCHAR(100) NULL, `trace_id` VARCHAR(100) NOT NULL, `status` VARCHAR(16) NULL, `mode` INTEGER NULL, `call_type` VARCHAR(100) NULL, `duration` INTEGER NULL, `inputs` JSON NULL, `outputs` JSON NULL, `error_code` INTEGER NULL, `fail_reason` TEXT NULL, `input_tokens` INTEGER NULL, `output_tokens` INTEGER NULL, `execute_info_list` JSON NULL, `create_time` DATETIME NULL, `update_time` DATETIME NULL DEFAULT (CURRENT_TIMESTAMP), PRIMARY KEY (`id`));

CREATE INDEX `agent_id_version_agent_execution` ON `agent_execution` (`agent_id`, `agent_version`);

CREATE INDEX `idx_agent_agent_execution` ON `agent_execution` (`space_id`, `agent_id`, `agent_version`);

CREATE UNIQUE INDEX `ix_agent_execution_trace_id_agent_execution` ON `agent_execution` (`trace_id`);

CREATE TABLE `agent_workflow_relation` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `agent_id` VARCHAR(100) NOT NULL, `agent_version` VARCHAR(100) NOT NULL, `workflow_id` VARCHAR(100) NOT NULL, `workflow_version` VARCHAR(100) NOT NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `uix_agent_workflow_relation` UNIQUE (`space_id`, `agent_id`, `agent_version`, `workflow_id`, `workflow_version`));

CREATE INDEX `idx_agent_agent_workflow_relation` ON `agent_workflow_relation` (`space_id`, `agent_id`, `agent_version`);

CREATE INDEX `idx_workflow_agent_workflow_relation` ON `agent_workflow_relation` (`space_id`, `workflow_id`, `workflow_version`);

CREATE TABLE `embedding_model_configs` (`id` INTEGER NOT NULL, `model_name` VARCHAR(100) NOT NULL, `space_id` VARCHAR(50) NOT NULL, `protocol` VARCHAR(50) NOT NULL, `model_id` VARCHAR(100) NOT NULL, `api_key` TEXT NULL, `api_base` VARCHAR(500) NOT NULL, `max_batch_size` INTEGER NOT NULL, `is_active` BOOLEAN NULL, `created_at` DATETIME NULL DEFAULT (CURRENT_TIMESTAMP), `updated_at` DATETIME NULL DEFAULT (CURRENT_TIMESTAMP), PRIMARY KEY (`id`));

CREATE INDEX `ix_embedding_model_configs_id_embedding_model_configs` ON `embedding_model_configs` (`id`);

CREATE INDEX `ix_embedding_model_configs_is_active_embedding_model_configs` ON `embedding_model_configs` (`is_active`);

CREATE INDEX `ix_embedding_model_configs_model_name_embedding_model_configs` ON `embedding_model_configs` (`model_name`);

CREATE INDEX `ix_embedding_model_configs_protocol_embedding_model_configs` ON `embedding_model_configs` (`protocol`);

CREATE INDEX `ix_embedding_model_configs_space_id_embedding_model_configs` ON `embedding_model_configs` (`space_id`);

CREATE TABLE `knowledge_base` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `kb_id` VARCHAR(100) NOT NULL, `name` VARCHAR(100) NOT NULL, `description` TEXT NULL, `embedding_model_config_id` INTEGER NULL, `config` JSON NULL, `_rest_` JSON NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `uix_kb_id` UNIQUE (`kb_id`));

CREATE INDEX `idx_space_id_knowledge_base` ON `knowledge_base` (`space_id`);

CREATE INDEX `idx_space_kb_knowledge_base` ON `knowledge_base` (`space_id`, `kb_id`);

CREATE INDEX `ix_knowledge_base_embedding_model_config_id_knowledge_base` ON `knowledge_base` (`embedding_model_config_id`);

CREATE INDEX `ix_knowledge_base_kb_id_knowledge_base` ON `knowledge_base` (`kb_id`);

CREATE TABLE `knowledge_base_document` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `kb_id` VARCHAR(100) NOT NULL, `doc_id` VARCHAR(100) NOT NULL, `name` VARCHAR(500) NOT NULL, `file_path` VARCHAR(1000) NOT NULL, `file_size` BIGINT NULL, `file_type` VARCHAR(50) NULL, `mime_type` VARCHAR(100) NULL, `status` VARCHAR(50) NOT NULL, `es_index_id` VARCHAR(200) NULL, `es_index_name` VARCHAR(200) NULL, `chunk_count` BIGINT NULL, `process_info` JSON NULL, `metadata` JSON NULL, `_rest_` JSON NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, `indexed_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `uix_doc_id` UNIQUE (`doc_id`));

CREATE INDEX `idx_kb_id_knowledge_base_document` ON `knowledge_base_document` (`kb_id`);

CREATE INDEX `idx_space_id_knowledge_base_document` ON `knowledge_base_document` (`space_id`);

CREATE INDEX `idx_space_kb_doc_knowledge_base_document` ON `knowledge_base_document` (`space_id`, `kb_id`, `doc_id`);

CREATE INDEX `idx_space_kb_knowledge_base_document` ON `knowledge_base_document` (`space_id`, `kb_id`);

CREATE INDEX `idx_status_knowledge_base_document` ON `knowledge_base_document` (`status`);

CREATE INDEX `ix_knowledge_base_document_doc_id_knowledge_base_document` ON `knowledge_base_document` (`doc_id`);

CREATE INDEX `ix_knowledge_base_document_kb_id_knowledge_base_document` ON `knowledge_base_document` (`kb_id`);

CREATE TABLE `model_configs` (`id` INTEGER NOT NULL, `name` VARCHAR(100) NOT NULL, `space_id` VARCHAR(50) NOT NULL, `provider` VARCHAR(50) NOT NULL, `model_type` VARCHAR(100) NOT NULL, `description` TEXT NULL, `tags` JSON NULL, `api_key` TEXT NULL, `base_url` VARCHAR(500) NULL, `is_active` BOOLEAN NULL, `parameters` JSON NULL, `timeout` INTEGER NULL, `retry_count` INTEGER NULL, `enable_streaming` BOOLEAN NULL, `enable_function_calling` BOOLEAN NULL, `total_requests` INTEGER NULL, `total_tokens` INTEGER NULL, `total_cost` FLOAT NULL, `success_rate` FLOAT NULL, `avg_response_time` FLOAT NULL, `last_used` DATETIME NULL, `daily_requests` INTEGER NULL, `daily_tokens` INTEGER NULL, `daily_cost` FLOAT NULL, `monthly_requests` INTEGER NULL, `monthly_tokens` INTEGER NULL, `monthly_cost` FLOAT NULL, `created_at` DATETIME NULL DEFAULT (CURRENT_TIMESTAMP), `updated_at` DATETIME NULL DEFAULT (CURRENT_TIMESTAMP), PRIMARY KEY (`id`));

CREATE INDEX `ix_model_configs_id_model_configs` ON `model_configs` (`id`);

CREATE INDEX `ix_model_configs_is_active_model_configs` ON `model_configs` (`is_active`);

CREATE INDEX `ix_model_configs_name_model_configs` ON `model_configs` (`name`);

CREATE INDEX `ix_model_configs_provider_model_configs` ON `model_configs` (`provider`);

CREATE INDEX `ix_model_configs_space_id_model_configs` ON `model_configs` (`space_id`);

CREATE TABLE `plugin` (`plugin_id` VARCHAR(100) NOT NULL, `plugin_version` VARCHAR(100) NULL, `id` INTEGER NOT NULL, `plugin_name` VARCHAR(255) NULL, `desc` VARCHAR(512) NULL, `url` VARCHAR(512) NULL, `space_id` VARCHAR(100) NULL, `icon_uri` VARCHAR(512) NULL, `plugin_type` INTEGER NOT NULL, `tools` JSON NULL, `_rest_` JSON NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `unique_plugin_id_version` UNIQUE (`plugin_id`, `plugin_version`));

CREATE INDEX `idx_space_id_plugin` ON `plugin` (`space_id`);

CREATE UNIQUE INDEX `ix_plugin_plugin_id_plugin` ON `plugin` (`plugin_id`);

CREATE TABLE `prompt_relation` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NULL, `prompt_id` VARCHAR(100) NULL, `prompt_version` VARCHAR(100) NULL, `prompt_name` VARCHAR(255) NULL, `aw_id` VARCHAR(100) NULL, `aw_version` VARCHAR(100) NULL, `aw_name` VARCHAR(255) NULL, `type` VARCHAR(100) NULL, `is_active` BOOLEAN NOT NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `unique_prompt_id_version_aw_id_version` UNIQUE (`prompt_id`, `prompt_version`, `aw_id`, `aw_version`));

CREATE INDEX `idx_space_id_prompt_relation` ON `prompt_relation` (`space_id`);

CREATE TABLE `reference` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `referenced_type` VARCHAR(20) NOT NULL, `referenced_id` VARCHAR(100) NOT NULL, `referenced_version` VARCHAR(100) NOT NULL, `referer_type` VARCHAR(20) NOT NULL, `referer_id` VARCHAR(100) NOT NULL, `referer_version` VARCHAR(100) NOT NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `uix_reference` UNIQUE (`space_id`, `referenced_type`, `referenced_id`, `referenced_version`, `referer_type`, `referer_id`, `referer_version`));

CREATE TABLE `space` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `owner_id` VARCHAR(100) NOT NULL, `space_name` VARCHAR(200) NULL, `icon_uri` VARCHAR(200) NULL, `creator_id` VARCHAR(100) NULL, `description` VARCHAR(2000) NULL, `_rest_` JSON NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, `delete_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `uniq_space_id` UNIQUE (`space_id`));

CREATE INDEX `idx_creator_id_space` ON `space` (`creator_id`);

CREATE INDEX `idx_owner_id_space` ON `space` (`owner_id`);

CREATE TABLE `space_user` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `user_id` VARCHAR(100) NOT NULL, `created_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `uniq_space_user` UNIQUE (`space_id`, `user_id`));

CREATE INDEX `idx_user_id_space_user` ON `space_user` (`user_id`);

CREATE TABLE `tag` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `tag_name` VARCHAR(100) NOT NULL, `tag_color` VARCHAR(20) NULL, `is_active` BOOLEAN NOT NULL, `usage_count` INTEGER NOT NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, `create_user` VARCHAR(100) NULL, `update_user` VARCHAR(100) NULL, PRIMARY KEY (`id`), CONSTRAINT `uix_space_tag_name` UNIQUE (`space_id`, `tag_name`));

CREATE INDEX `idx_tag_active_tag` ON `tag` (`is_active`);

CREATE INDEX `idx_tag_space_tag` ON `tag` (`space_id`);

CREATE TABLE `trace_detail` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `business_id` VARCHAR(100) NOT NULL, `business_type` VARCHAR(20) NOT NULL, `trace_id` VARCHAR(100) NOT NULL, `span_id` VARCHAR(100) NOT NULL, `span_type` VARCHAR(512) NOT NULL, `span_name` VARCHAR(255) NOT NULL, `parent_span_id` VARCHAR(100) NULL, `method` VARCHAR(10) NULL, `psm` VARCHAR(100) NULL, `logid` VARCHAR(100) NULL, `platform_type` VARCHAR(50) NULL, `start_time_micros` BIGINT NULL, `end_time_micros` BIGINT NULL, `status_code` VARCHAR(20) NULL, `input` TEXT NULL, `output` TEXT NULL, `attributes` JSON NULL, PRIMARY KEY (`id`));

CREATE TABLE `user` (`id` INTEGER NOT NULL, `user_id` VARCHAR(100) NOT NULL, `email` VARCHAR(128) NOT NULL, `user_unique_name` VARCHAR(128) NOT NULL, `user_name` VARCHAR(128) NOT NULL, `password` VARCHAR(128) NOT NULL, `session_key` VARCHAR(256) NOT NULL, `role_type` INTEGER NOT NULL, `user_verified` BOOLEAN NOT NULL, `is_active` BOOLEAN NOT NULL, `description` VARCHAR(512) NULL, `icon_uri` VARCHAR(512) NULL, `locale` VARCHAR(128) NULL, `first_name` VARCHAR(128) NULL, `last_name` VARCHAR(128) NULL, `phone_number` VARCHAR(128) NULL, `company` VARCHAR(128) NULL, `occupation` VARCHAR(512) NULL, `skills` JSON NULL, `_rest_` JSON NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, `delete_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `uniq_email` UNIQUE (`email`), CONSTRAINT `idx_session_key` UNIQUE (`session_key`), CONSTRAINT `uniq_user_id` UNIQUE (`user_id`), CONSTRAINT `uniq_user_unique_name` UNIQUE (`user_unique_name`));

CREATE TABLE `workflow` (`workflow_id` VARCHAR(100) NOT NULL, `workflow_version` VARCHAR(100) NULL, `latest_publish_time` BIGINT NULL, `latest_publish_version` VARCHAR(100) NULL, `id` INTEGER NOT NULL, `workflow_name` VARCHAR(255) NULL, `description` VARCHAR(512) NULL, `space_id` VARCHAR(100) NULL, `url` VARCHAR(512) NULL, `icon_uri` VARCHAR(255) NULL, `schema` TEXT NULL, `input_parameters` JSON NULL, `output_parameters` JSON NULL, `_rest_` JSON NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `unique_workflow_id_version` UNIQUE (`workflow_id`, `workflow_version`));

CREATE INDEX `idx_space_id_workflow` ON `workflow` (`space_id`);

CREATE UNIQUE INDEX `ix_workflow_workflow_id_workflow` ON `workflow` (`workflow_id`);

CREATE TABLE `workflow_tag_association` (`workflow_id` VARCHAR(100) NOT NULL, `workflow_version` VARCHAR(100) NOT NULL, `tag_id` BIGINT NOT NULL, `space_id` VARCHAR(100) NOT NULL, `create_time` BIGINT NULL, CONSTRAINT `uix_workflow_tag` UNIQUE (`workflow_id`, `workflow_version`, `tag_id`));

CREATE INDEX `idx_workflow_tag_space_workflow_tag_association` ON `workflow_tag_association` (`space_id`);

CREATE INDEX `idx_workflow_tag_tag_workflow_tag_association` ON `workflow_tag_association` (`tag_id`);

CREATE INDEX `idx_workflow_tag_workflow_workflow_tag_association` ON `workflow_tag_association` (`workflow_id`, `workflow_version`);

CREATE TABLE `agent_execution_details` (`id` INTEGER NOT NULL, `trace_id` VARCHAR(100) NOT NULL, `invoke_id` VARCHAR(100) NOT NULL, `start_time` DATETIME NULL, `end_time` DATETIME NULL, `inputs` JSON NULL, `outputs` JSON NULL, `input_tokens` INTEGER NULL, `output_tokens` INTEGER NULL, `error` JSON NOT NULL, `parent_invoke_id` VARCHAR(100) NULL, `child_invokes_id` JSON NULL, `invoke_type` VARCHAR(100) NULL, `name` VARCHAR(255) NULL, `elapsed_time` VARCHAR(100) NULL, `meta_data` JSON NULL, `agent_parent_invoke_id` VARCHAR(100) NULL, `_rest_` JSON NULL, PRIMARY KEY (`id`), FOREIGN KEY (`trace_id`) REFERENCES `agent_execution` (`trace_id`));

CREATE INDEX `ix_agent_execution_details_trace_id_agent_execution_details` ON `agent_execution_details` (`trace_id`);

CREATE TABLE `agent_publish` (`agent_id` VARCHAR(100) NOT NULL, `agent_version` VARCHAR(100) NOT NULL, `version_description` VARCHAR(255) NULL, `id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `agent_name` VARCHAR(255) NULL, `description` VARCHAR(2000) NULL, `agent_type` VARCHAR(100) NULL, `icon` VARCHAR(100) NULL, `edit_mode` VARCHAR(100) NULL, `prompt_template_name` VARCHAR(100) NULL, `auto_generated_prompt` VARCHAR(2000) NULL, `opening_remarks` VARCHAR(2000) NULL, `default_response` VARCHAR(2000) NULL, `configs` JSON NULL, `plugins` JSON NULL, `workflows` JSON NULL, `model` JSON NULL, `prompt_template` JSON NULL, `constraint` JSON NULL, `prompt_tuning` JSON NULL, `triggers` JSON NULL, `knowledge` JSON NULL, `memory` JSON NULL, `_rest_` JSON NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `uix_agent_id_version` UNIQUE (`agent_id`, `agent_version`), FOREIGN KEY (`agent_id`) REFERENCES `agent` (`agent_id`));

CREATE INDEX `ix_agent_publish_agent_id_agent_publish` ON `agent_publish` (`agent_id`);

CREATE TABLE `model_usage_logs` (`id` INTEGER NOT NULL, `model_config_id` INTEGER NOT NULL, `prompt_tokens` INTEGER NULL, `completion_tokens` INTEGER NULL, `total_tokens` INTEGER NULL, `cost` FLOAT NULL, `response_time` FLOAT NULL, `success` BOOLEAN NULL, `error_message` TEXT NULL, `ip_address` VARCHAR(45) NULL, `user_agent` TEXT NULL, `request_id` VARCHAR(100) NULL, `created_at` DATETIME NULL DEFAULT (CURRENT_TIMESTAMP), PRIMARY KEY (`id`), FOREIGN KEY (`model_config_id`) REFERENCES `model_configs` (`id`));

CREATE INDEX `ix_model_usage_logs_created_at_model_usage_logs` ON `model_usage_logs` (`created_at`);

CREATE INDEX `ix_model_usage_logs_id_model_usage_logs` ON `model_usage_logs` (`id`);

CREATE INDEX `ix_model_usage_logs_model_config_id_model_usage_logs` ON `model_usage_logs` (`model_config_id`);

CREATE INDEX `ix_model_usage_logs_request_id_model_usage_logs` ON `model_usage_logs` (`request_id`);

CREATE TABLE `plugin_publish` (`plugin_id` VARCHAR(100) NOT NULL, `plugin_version` VARCHAR(100) NOT NULL, `version_desc` VARCHAR(512) NULL, `id` INTEGER NOT NULL, `plugin_name` VARCHAR(255) NULL, `desc` VARCHAR(512) NULL, `url` VARCHAR(512) NULL, `space_id` VARCHAR(100) NULL, `icon_uri` VARCHAR(512) NULL, `plugin_type` INTEGER NOT NULL, `tools` JSON NULL, `_rest_` JSON NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `unique_plugin_id_version` UNIQUE (`plugin_id`, `plugin_version`), FOREIGN KEY (`plugin_id`) REFERENCES `plugin` (`plugin_id`) ON DELETE CASCADE);

CREATE INDEX `idx_space_id_plugin_publish` ON `plugin_publish` (`space_id`);

CREATE INDEX `ix_plugin_publish_plugin_id_plugin_publish` ON `plugin_publish` (`plugin_id`);

CREATE TABLE `tool` (`id` INTEGER NOT NULL, `tool_id` VARCHAR(100) NOT NULL, `tool_name` VARCHAR(255) NULL, `desc` VARCHAR(512) NULL, `space_id` VARCHAR(100) NULL, `plugin_id` VARCHAR(100) NOT NULL, `plugin_type` INTEGER NOT NULL, `plugin_version` VARCHAR(100) NULL, `input_parameters` JSON NULL, `output_parameters` JSON NULL, `_rest_` JSON NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `unique_tool_id_version` UNIQUE (`tool_id`, `plugin_version`), FOREIGN KEY (`plugin_id`, `plugin_version`) REFERENCES `plugin` (`plugin_id`, `plugin_version`) ON DELETE CASCADE);

CREATE INDEX `idx_space_id_tool` ON `tool` (`space_id`);

CREATE TABLE `workflow_publish` (`workflow_id` VARCHAR(100) NOT NULL, `workflow_version` VARCHAR(100) NOT NULL, `version_description` VARCHAR(255) NULL, `id` INTEGER NOT NULL, `workflow_name` VARCHAR(255) NULL, `description` VARCHAR(512) NULL, `space_id` VARCHAR(100) NULL, `url` VARCHAR(512) NULL, `icon_uri` VARCHAR(255) NULL, `schema` TEXT NULL, `input_parameters` JSON NULL, `output_parameters` JSON NULL, `_rest_` JSON NULL, `create_time` BIGINT NULL, `update_time` BIGINT NULL, PRIMARY KEY (`id`), CONSTRAINT `unique_workflow_id_version` UNIQUE (`workflow_id`, `workflow_version`), FOREIGN KEY (`workflow_id`) REFERENCES `workflow` (`workflow_id`));

CREATE INDEX `idx_space_id_workflow_publish` ON `workflow_publish` (`space_id`);

CREATE INDEX `ix_workflow_publish_workflow_id_workflow_publish` ON `workflow_publish` (`workflow_id`);

CREATE TABLE `workflow_execution` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `workflow_id` VARCHAR(100) NOT NULL, `workflow_version` VARCHAR(100) NULL, `trace_id` VARCHAR(100) NOT NULL, `status` VARCHAR(16) NULL, `mode` INTEGER NOT NULL, `call_type` VARCHAR(100) NULL, `execution_id` VARCHAR(100) NULL, `duration` INTEGER NULL, `inputs` JSON NULL, `outputs` JSON NULL, `error_code` INTEGER NULL, `fail_reason` TEXT NULL, `input_tokens` INTEGER NULL, `output_tokens` INTEGER NULL, `execute_info_list` JSON NULL, `agent_execution_detail_id` BIGINT NULL, `create_time` DATETIME NULL, `update_time` DATETIME NULL DEFAULT (CURRENT_TIMESTAMP), PRIMARY KEY (`id`), UNIQUE (`agent_execution_detail_id`), FOREIGN KEY (`agent_execution_detail_id`) REFERENCES `agent_execution_details` (`id`));

CREATE INDEX `idx_workflow_workflow_execution` ON `workflow_execution` (`space_id`, `workflow_id`, `workflow_version`);

CREATE INDEX `ix_workflow_execution_trace_id_workflow_execution` ON `workflow_execution` (`trace_id`);

CREATE INDEX `workflow_id_version_workflow_execution` ON `workflow_execution` (`workflow_id`, `workflow_version`);

CREATE TABLE `workflow_execution_details` (`id` INTEGER NOT NULL, `workflow_execution_id` BIGINT NOT NULL, `invoke_id` VARCHAR(100) NOT NULL, `start_time` DATETIME NULL, `end_time` DATETIME NULL, `inputs` JSON NULL, `outputs` JSON NULL, `input_tokens` INTEGER NULL, `output_tokens` INTEGER NULL, `error` JSON NOT NULL, `parent_invoke_id` VARCHAR(100) NULL, `child_invokes_id` JSON NULL, `on_invoke_data` JSON NOT NULL, `component_id` VARCHAR(100) NOT NULL, `component_name` VARCHAR(255) NOT NULL, `component_type` VARCHAR(100) NOT NULL, `agent_parent_invoke_id` VARCHAR(100) NOT NULL, `meta_data` TEXT NULL, `loop_node_id` VARCHAR(100) NULL, `loop_index` INTEGER NULL, `status` VARCHAR(16) NULL, `llm_invoke_data` JSON NOT NULL, `parent_node_id` VARCHAR(100) NOT NULL, `_rest_` JSON NULL, PRIMARY KEY (`id`), FOREIGN KEY (`workflow_execution_id`) REFERENCES `workflow_execution` (`id`));

CREATE INDEX `ix_workflow_execution_details_workflow_execution_id_workflow_execution_details` ON `workflow_execution_details` (`workflow_execution_id`);

create table `user_message` (`id` text not null primary key, `session_id` text not null, `role` text not null, `content` text not null, `created_at` datetime not null);

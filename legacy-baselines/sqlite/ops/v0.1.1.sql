-- ops database as created by release 0.1.1 (sqlite); see ../../README.md
CREATE TABLE `job_user_draft` (`id` INTEGER NOT NULL, `space_id` VARCHAR(128) NOT NULL, `user_id` VARCHAR(128) NOT NULL, `name` VARCHAR(64) NULL, `desc` VARCHAR(256) NULL, `rawTemplates` TEXT NULL, `optimizeInfo` TEXT NULL, `modelInfo` TEXT NULL, `assistantInfo` TEXT NULL, `agentTools` TEXT NULL, `is_deleted` INTEGER NOT NULL, `created_at` DATETIME NOT NULL, `updated_at` DATETIME NOT NULL, PRIMARY KEY (`id`));

CREATE TABLE `job_user_info` (`id` INTEGER NOT NULL, `job_id` VARCHAR(128) NOT NULL, `space_id` VARCHAR(128) NOT NULL, `user_id` VARCHAR(128) NOT NULL, `name` VARCHAR(64) NULL, `desc` VARCHAR(256) NULL, `rawTemplates` TEXT NULL, `bestTemplates` TEXT NULL, `bestIteration` INTEGER NULL, `timeCost` INTEGER NULL, `history` JSON NULL, `success_rate` NUMERIC(5, 4) NULL, `progress_rate` NUMERIC(5, 4) NULL, `optimizeInfo` TEXT NULL, `modelInfo` TEXT NULL, `assistantInfo` TEXT NULL, `agentTools` TEXT NULL, `status` VARCHAR(64) NULL, `errorMsg` TEXT NULL, `is_deleted` INTEGER NOT NULL, `created_at` DATETIME NOT NULL, `updated_at` DATETIME NOT NULL, PRIMARY KEY (`id`));

CREATE TABLE `prompt_basic` (`id` INTEGER NOT NULL, `space_id` BIGINT NOT NULL, `prompt_key` VARCHAR(128) NOT NULL, `name` VARCHAR(128) NOT NULL, `description` VARCHAR(1024) NOT NULL, `created_by` VARCHAR(128) NOT NULL, `updated_by` VARCHAR(128) NOT NULL, `latest_version` VARCHAR(128) NOT NULL, `latest_commit_time` DATETIME NULL, `created_at` DATETIME NOT NULL, `updated_at` DATETIME NOT NULL, `deleted_at` DATETIME NULL, PRIMARY KEY (`id`), CONSTRAINT `uq_space_prompt_deleted` UNIQUE (`space_id`, `prompt_key`, `deleted_at`));

CREATE INDEX `ix_prompt_basic_space_id_prompt_basic` ON `prompt_basic` (`space_id`);

CREATE TABLE `prompt_commit` (`id` INTEGER NOT NULL, `space_id` BIGINT NOT NULL, `prompt_id` BIGINT NOT NULL, `prompt_key` VARCHAR(128) NOT NULL, `template_type` VARCHAR(64) NULL, `messages` TEXT NULL, `prompt_model_config` TEXT NULL, `variable_defs` TEXT NULL, `tools` TEXT NULL, `tool_call_config` TEXT NULL, `version` VARCHAR(128) NOT NULL, `base_version` VARCHAR(128) NOT NULL, `committed_by` VARCHAR(128) NOT NULL, `description` TEXT NULL, `created_at` DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP), `updated_at` DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP), PRIMARY KEY (`id`), CONSTRAINT `uq_space_prompt_commit` UNIQUE (`space_id`, `prompt_id`, `version`));

CREATE TABLE `prompt_user_draft` (`id` INTEGER NOT NULL, `space_id` BIGINT NOT NULL, `prompt_id` BIGINT NOT NULL, `user_id` VARCHAR(128) NOT NULL, `template_type` VARCHAR(64) NULL, `messages` TEXT NULL, `prompt_model_config` TEXT NULL, `variable_defs` TEXT NULL, `tools` TEXT NULL, `tool_call_config` TEXT NULL, `base_version` VARCHAR(128) NOT NULL, `is_draft_edited` BOOLEAN NOT NULL, `created_at` DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP), `updated_at` DATETIME NOT NULL DEFAULT (CURRENT_TIMESTAMP), `deleted_at` BIGINT NOT NULL, PRIMARY KEY (`id`));

CREATE TABLE `prompts` (`id` INTEGER NOT NULL, `name` VARCHAR(255) NULL, `content` TEXT NULL, `description` TEXT NULL, `created_by` VARCHAR(255) NULL, `created_at` DATETIME NULL, `updated_at` DATETIME NULL, `is_deleted` BOOLEAN NULL, PRIMARY KEY (`id`));

CREATE INDEX `ix_prompts_id_prompts` ON `prompts` (`id`);

CREATE UNIQUE INDEX `ix_prompts_name_prompts` ON `prompts` (`name`);

CREATE TABLE `user` (`id` BIGINT NOT NULL, `name` VARCHAR(128) NOT NULL, `unique_name` VARCHAR(128) NOT NULL, `email` VARCHAR(128) NOT NULL, `mobile` INTEGER NOT NULL, `password` VARCHAR(128) NOT NULL, `description` VARCHAR(512) NOT NULL, `icon_uri` VARCHAR(512) NOT NULL, `user_verified` BOOLEAN NOT NULL, `country_code` BIGINT NOT NULL, `session_key` VARCHAR(512) NOT NULL, `deleted_at` BIGINT NOT NULL, `created_at` DATETIME NOT NULL, `updated_at` DATETIME NOT NULL, PRIMARY KEY (`id`));

CREATE TABLE `prompt_versions` (`id` INTEGER NOT NULL, `name` VARCHAR(255) NULL, `prompt_id` INTEGER NULL, `version` INTEGER NULL, `content` TEXT NULL, `description` TEXT NULL, `created_by` VARCHAR(255) NULL, `created_at` DATETIME NULL, `is_current` BOOLEAN NULL, PRIMARY KEY (`id`), FOREIGN KEY (`prompt_id`) REFERENCES `prompt_basic` (`id`));

CREATE INDEX `ix_prompt_versions_id_prompt_versions` ON `prompt_versions` (`id`);

CREATE UNIQUE INDEX `ix_prompt_versions_name_prompt_versions` ON `prompt_versions` (`name`);

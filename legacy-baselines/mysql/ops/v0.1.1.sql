-- ops database as created by release 0.1.1 (mysql); see ../../README.md
CREATE TABLE `job_user_draft` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `space_id` varchar(128) NOT NULL,
  `user_id` varchar(128) NOT NULL,
  `name` varchar(64) DEFAULT NULL,
  `desc` varchar(256) DEFAULT NULL,
  `rawTemplates` text DEFAULT NULL,
  `optimizeInfo` mediumtext DEFAULT NULL,
  `modelInfo` text DEFAULT NULL,
  `assistantInfo` text DEFAULT NULL,
  `agentTools` text DEFAULT NULL,
  `is_deleted` int(11) NOT NULL,
  `created_at` datetime NOT NULL,
  `updated_at` datetime NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `job_user_info` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `job_id` varchar(128) NOT NULL,
  `space_id` varchar(128) NOT NULL,
  `user_id` varchar(128) NOT NULL,
  `name` varchar(64) DEFAULT NULL,
  `desc` varchar(256) DEFAULT NULL,
  `rawTemplates` text DEFAULT NULL,
  `bestTemplates` text DEFAULT NULL,
  `bestIteration` int(11) DEFAULT NULL,
  `timeCost` int(11) DEFAULT NULL,
  `history` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`history`)),
  `success_rate` decimal(5,4) DEFAULT NULL,
  `progress_rate` decimal(5,4) DEFAULT NULL,
  `optimizeInfo` mediumtext DEFAULT NULL,
  `modelInfo` text DEFAULT NULL,
  `assistantInfo` text DEFAULT NULL,
  `agentTools` text DEFAULT NULL,
  `status` varchar(64) DEFAULT NULL,
  `errorMsg` text DEFAULT NULL,
  `is_deleted` int(11) NOT NULL,
  `created_at` datetime NOT NULL,
  `updated_at` datetime NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `prompt_basic` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `space_id` bigint(20) NOT NULL,
  `prompt_key` varchar(128) NOT NULL,
  `name` varchar(128) NOT NULL,
  `description` varchar(1024) NOT NULL,
  `created_by` varchar(128) NOT NULL,
  `updated_by` varchar(128) NOT NULL,
  `latest_version` varchar(128) NOT NULL,
  `latest_commit_time` datetime DEFAULT NULL,
  `created_at` datetime NOT NULL,
  `updated_at` datetime NOT NULL,
  `deleted_at` datetime DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_space_prompt_deleted` (`space_id`,`prompt_key`,`deleted_at`),
  KEY `ix_prompt_basic_space_id` (`space_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `prompt_commit` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `space_id` bigint(20) NOT NULL,
  `prompt_id` bigint(20) NOT NULL,
  `prompt_key` varchar(128) NOT NULL,
  `template_type` varchar(64) DEFAULT NULL,
  `messages` text DEFAULT NULL,
  `prompt_model_config` text DEFAULT NULL,
  `variable_defs` text DEFAULT NULL,
  `tools` text DEFAULT NULL,
  `tool_call_config` text DEFAULT NULL,
  `version` varchar(128) NOT NULL,
  `base_version` varchar(128) NOT NULL,
  `committed_by` varchar(128) NOT NULL,
  `description` text DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  `updated_at` datetime NOT NULL DEFAULT current_timestamp(),
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_space_prompt_commit` (`space_id`,`prompt_id`,`version`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `prompt_user_draft` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `space_id` bigint(20) NOT NULL,
  `prompt_id` bigint(20) NOT NULL,
  `user_id` varchar(128) NOT NULL,
  `template_type` varchar(64) DEFAULT NULL,
  `messages` text DEFAULT NULL,
  `prompt_model_config` text DEFAULT NULL,
  `variable_defs` text DEFAULT NULL,
  `tools` text DEFAULT NULL,
  `tool_call_config` text DEFAULT NULL,
  `base_version` varchar(128) NOT NULL,
  `is_draft_edited` tinyint(1) NOT NULL,
  `created_at` datetime NOT NULL DEFAULT current_timestamp(),
  `updated_at` datetime NOT NULL DEFAULT current_timestamp(),
  `deleted_at` bigint(20) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `prompts` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(255) DEFAULT NULL,
  `content` text DEFAULT NULL,
  `description` text DEFAULT NULL,
  `created_by` varchar(255) DEFAULT NULL,
  `created_at` datetime DEFAULT NULL,
  `updated_at` datetime DEFAULT NULL,
  `is_deleted` tinyint(1) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ix_prompts_name` (`name`),
  KEY `ix_prompts_id` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `user` (
  `id` bigint(20) NOT NULL AUTO_INCREMENT,
  `name` varchar(128) NOT NULL,
  `unique_name` varchar(128) NOT NULL,
  `email` varchar(128) NOT NULL,
  `mobile` int(11) NOT NULL,
  `password` varchar(128) NOT NULL,
  `description` varchar(512) NOT NULL,
  `icon_uri` varchar(512) NOT NULL,
  `user_verified` tinyint(1) NOT NULL,
  `country_code` bigint(20) NOT NULL,
  `session_key` varchar(512) NOT NULL,
  `deleted_at` bigint(20) NOT NULL,
  `created_at` datetime NOT NULL,
  `updated_at` datetime NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

CREATE TABLE `prompt_versions` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `name` varchar(255) DEFAULT NULL,
  `prompt_id` int(11) DEFAULT NULL,
  `version` int(11) DEFAULT NULL,
  `content` text DEFAULT NULL,
  `description` text DEFAULT NULL,
  `created_by` varchar(255) DEFAULT NULL,
  `created_at` datetime DEFAULT NULL,
  `is_current` tinyint(1) DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ix_prompt_versions_name` (`name`),
  KEY `prompt_id` (`prompt_id`),
  KEY `ix_prompt_versions_id` (`id`),
  CONSTRAINT `prompt_versions_ibfk_1` FOREIGN KEY (`prompt_id`) REFERENCES `prompt_basic` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

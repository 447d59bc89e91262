-- agent database as created by release 0.1.1 (mysql); see ../../README.md
create table `agent` (`id` varchar(36) not null, `name` varchar(255) not null, `description` text null, `config` text null, `created_at` datetime not null, `updated_at` datetime not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;

create table `execution_record` (`id` varchar(36) not null, `workflow_id` varchar(36) not null, `status` varchar(32) not null, `input` text null, `output` text null, `started_at` datetime not null, `finished_at` datetime null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;
create index `idx_execution_record_workflow_id` on `execution_record` (`workflow_id`);

create table `knowledge_base` (`id` varchar(36) not null, `name` varchar(255) not null, `description` text null, `embedding_model` varchar(128) not null, `created_at` datetime not null, `updated_at` datetime not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;

create table `user_message` (`id` varchar(36) not null, `session_id` varchar(64) not null, `role` varchar(16) not null, `content` text not null, `created_at` datetime not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;

create table `workflow` (`id` varchar(36) not null, `agent_id` varchar(36) not null, `name` varchar(255) not null, `definition` text not null, `created_at` datetime not null, `updated_at` datetime not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;
create index `idx_workflow_agent_id` on `workflow` (`agent_id`);

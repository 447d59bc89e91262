-- agent database as created by release 0.1.1 (sqlite); see ../../README.md
create table `agent` (`id` text not null primary key, `name` text not null, `description` text null, `config` text null, `created_at` datetime not null, `updated_at` datetime not null);

create table `execution_record` (`id` text not null primary key, `workflow_id` text not null, `status` text not null, `input` text null, `output` text null, `started_at` datetime not null, `finished_at` datetime null);
create index `idx_execution_record_workflow_id` on `execution_record` (`workflow_id`);

create table `knowledge_base` (`id` text not null primary key, `name` text not null, `description` text null, `embedding_model` text not null, `created_at` datetime not null, `updated_at` datetime not null);

create table `user_message` (`id` text not null primary key, `session_id` text not null, `role` text not null, `content` text not null, `created_at` datetime not null);

create table `workflow` (`id` text not null primary key, `agent_id` text not null, `name` text not null, `definition` text not null, `created_at` datetime not null, `updated_at` datetime not null);
create index `idx_workflow_agent_id` on `workflow` (`agent_id`);

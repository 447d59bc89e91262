import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** PostgreSQL ops schema: the tables of the ops history at its head (v0.1.4) */
export class Revision_813e1c141ee8 extends RevisionMigration {
  static readonly revision = {
    id: '813e1c141ee8',
    parents: [],
    message: "PostgreSQL ops schema: the tables of the ops history at its head (v0.1.4)",
    breaking: true,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    if (!(await this.tableExists('job_user_draft'))) this.addSql("create table \"job_user_draft\" (\"id\" bigserial primary key, \"space_id\" varchar(128) not null, \"user_id\" varchar(128) not null, \"name\" varchar(64) null, \"desc\" varchar(256) null, \"rawTemplates\" text null, \"optimizeInfo\" text null, \"modelInfo\" text null, \"assistantInfo\" text null, \"agentTools\" text null, \"is_deleted\" int not null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null);");
    if (!(await this.tableExists('job_user_info'))) this.addSql("create table \"job_user_info\" (\"id\" bigserial primary key, \"job_id\" varchar(128) not null, \"space_id\" varchar(128) not null, \"user_id\" varchar(128) not null, \"name\" varchar(64) null, \"desc\" varchar(256) null, \"rawTemplates\" text null, \"bestTemplates\" text null, \"bestIteration\" int null, \"timeCost\" int null, \"history\" jsonb null, \"success_rate\" numeric(5,4) null, \"progress_rate\" numeric(5,4) null, \"optimizeInfo\" text null, \"modelInfo\" text null, \"assistantInfo\" text null, \"agentTools\" text null, \"status\" varchar(64) null, \"errorMsg\" text null, \"is_deleted\" int not null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null);");
    if (!(await this.tableExists('user'))) this.addSql("create table \"user\" (\"id\" bigserial primary key, \"name\" varchar(128) not null, \"unique_name\" varchar(128) not null, \"email\" varchar(128) not null, \"mobile\" int not null, \"password\" varchar(128) not null, \"description\" varchar(512) not null, \"icon_uri\" varchar(512) not null, \"user_verified\" boolean not null, \"country_code\" bigint not null, \"session_key\" varchar(512) not null, \"deleted_at\" bigint not null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null);");
    if (!(await this.tableExists('prompt_basic'))) this.addSql("create table \"prompt_basic\" (\"id\" serial primary key, \"space_id\" bigint not null, \"prompt_key\" varchar(128) not null, \"name\" varchar(128) not null, \"description\" varchar(1024) not null, \"created_by\" varchar(128) not null, \"updated_by\" varchar(128) not null, \"latest_version\" varchar(128) not null, \"latest_commit_time\" timestamptz null, \"created_at\" timestamptz not null, \"updated_at\" timestamptz not null, \"deleted_at\" timestamptz null);");
    if (!(await this.indexExists('prompt_basic', 'ix_prompt_basic_space_id_prompt_basic'))) this.addSql("create index \"ix_prompt_basic_space_id_prompt_basic\" on \"prompt_basic\" (\"space_id\");");
    if (!(await this.tableExists('prompt_commit'))) this.addSql("create table \"prompt_commit\" (\"id\" bigserial primary key, \"space_id\" bigint not null, \"prompt_id\" bigint not null, \"prompt_key\" varchar(128) not null, \"template_type\" varchar(64) null, \"messages\" text null, \"prompt_model_config\" text null, \"variable_defs\" text null, \"tools\" text null, \"tool_call_config\" text null, \"version\" varchar(128) not null, \"base_version\" varchar(128) not null, \"committed_by\" varchar(128) not null, \"description\" text null, \"created_at\" timestamptz not null default CURRENT_TIMESTAMP, \"updated_at\" timestamptz not null default CURRENT_TIMESTAMP);");
    if (!(await this.tableExists('prompts'))) this.addSql("create table \"prompts\" (\"id\" serial primary key, \"name\" varchar(255) null, \"content\" text null, \"description\" text null, \"created_by\" varchar(255) null, \"created_at\" timestamptz null, \"updated_at\" timestamptz null, \"is_deleted\" boolean null);");
    if (!(await this.indexExists('prompts', 'ix_prompts_id_prompts'))) this.addSql("create index \"ix_prompts_id_prompts\" on \"prompts\" (\"id\");");
    if (!(await this.indexExists('prompts', 'ix_prompts_name_prompts'))) this.addSql("alter table \"prompts\" add constraint \"ix_prompts_name_prompts\" unique (\"name\");");
    if (!(await this.tableExists('prompt_user_draft'))) this.addSql("create table \"prompt_user_draft\" (\"id\" bigserial primary key, \"space_id\" bigint not null, \"prompt_id\" bigint not null, \"user_id\" varchar(128) not null, \"template_type\" varchar(64) null, \"messages\" text null, \"prompt_model_config\" text null, \"variable_defs\" text null, \"tools\" text null, \"tool_call_config\" text null, \"base_version\" varchar(128) not null, \"is_draft_edited\" boolean not null, \"created_at\" timestamptz not null default CURRENT_TIMESTAMP, \"updated_at\" timestamptz not null default CURRENT_TIMESTAMP, \"deleted_at\" bigint not null);");
    if (!(await this.tableExists('prompt_versions'))) this.addSql("create table \"prompt_versions\" (\"id\" serial primary key, \"name\" varchar(255) null, \"prompt_id\" int null, \"version\" int null, \"content\" text null, \"description\" text null, \"created_by\" varchar(255) null, \"created_at\" timestamptz null, \"is_current\" boolean null);");
    if (!(await this.indexExists('prompt_versions', 'ix_prompt_versions_id_prompt_versions'))) this.addSql("create index \"ix_prompt_versions_id_prompt_versions\" on \"prompt_versions\" (\"id\");");
    if (!(await this.indexExists('prompt_versions', 'ix_prompt_versions_name_prompt_versions'))) this.addSql("alter table \"prompt_versions\" add constraint \"ix_prompt_versions_name_prompt_versions\" unique (\"name\");");
  }

  override async down(): Promise<void> {
    if (await this.tableExists('prompt_versions')) this.addSql("drop table if exists \"prompt_versions\" cascade;");
    if (await this.tableExists('prompt_user_draft')) this.addSql("drop table if exists \"prompt_user_draft\" cascade;");
    if (await this.tableExists('prompts')) this.addSql("drop table if exists \"prompts\" cascade;");
    if (await this.tableExists('prompt_commit')) this.addSql("drop table if exists \"prompt_commit\" cascade;");
    if (await this.tableExists('prompt_basic')) this.addSql("drop table if exists \"prompt_basic\" cascade;");
    if (await this.tableExists('user')) this.addSql("drop table if exists \"user\" cascade;");
    if (await this.tableExists('job_user_info')) this.addSql("drop table if exists \"job_user_info\" cascade;");
    if (await this.tableExists('job_user_draft')) this.addSql("drop table if exists \"job_user_draft\" cascade;");
  }
}

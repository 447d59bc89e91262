import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** v0.1.2 baseline of the agent database (`user_message` belongs to the memory module). */
export class Revision_f458c7fb17a5 extends RevisionMigration {
  static readonly revision = {
    id: 'f458c7fb17a5',
    parents: [],
    message: 'feat: v0.1.2 baseline schema',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const agent = await this.tableExists('agent');
    const workflow = await this.tableExists('workflow');
    const workflowIndex = await this.indexExists('workflow', 'idx_workflow_agent_id');
    const knowledgeBase = await this.tableExists('knowledge_base');
    const executionRecord = await this.tableExists('execution_record');
    const executionRecordIndex = await this.indexExists('execution_record', 'idx_execution_record_workflow_id');

    if (!agent) {
      this.addSql(
        'create table `agent` (`id` text not null primary key, `name` text not null, `description` text null, ' +
          '`config` text null, `created_at` datetime not null, `updated_at` datetime not null);',
      );
    }
    if (!workflow) {
      this.addSql(
        'create table `workflow` (`id` text not null primary key, `agent_id` text not null, `name` text not null, ' +
          '`definition` text not null, `created_at` datetime not null, `updated_at` datetime not null);',
      );
    }
    if (!workflowIndex) {
      this.addSql('create index `idx_workflow_agent_id` on `workflow` (`agent_id`);');
    }
    if (!knowledgeBase) {
      this.addSql(
        'create table `knowledge_base` (`id` text not null primary key, `name` text not null, `description` text null, ' +
          '`embedding_model` text not null, `created_at` datetime not null, `updated_at` datetime not null);',
      );
    }
    if (!executionRecord) {
      this.addSql(
        'create table `execution_record` (`id` text not null primary key, `workflow_id` text not null, ' +
          '`status` text not null, `input` text null, `output` text null, `started_at` datetime not null, ' +
          '`finished_at` datetime null);',
      );
    }
    if (!executionRecordIndex) {
      this.addSql('create index `idx_execution_record_workflow_id` on `execution_record` (`workflow_id`);');
    }
  }

  override async down(): Promise<void> {
    // dropping a table drops its indexes too
    this.addSql('drop table if exists `execution_record`;');
    this.addSql('drop table if exists `knowledge_base`;');
    this.addSql('drop table if exists `workflow`;');
    this.addSql('drop table if exists `agent`;');
  }
}

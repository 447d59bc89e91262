import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** v0.1.2 baseline of the agent database (`user_message` belongs to the memory module). */
export class Revision_54351e123cf0 extends RevisionMigration {
  static readonly revision = {
    id: '54351e123cf0',
    parents: [],
    message: 'feat: v0.1.2 baseline schema',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns;
    // MySQL DDL commits implicitly, so a retry after a part-way failure must skip what exists
    const agent = await this.tableExists('agent');
    const workflow = await this.tableExists('workflow');
    const workflowIndex = await this.indexExists('workflow', 'idx_workflow_agent_id');
    const knowledgeBase = await this.tableExists('knowledge_base');
    const executionRecord = await this.tableExists('execution_record');
    const executionRecordIndex = await this.indexExists('execution_record', 'idx_execution_record_workflow_id');

    if (!agent) {
      this.addSql(
        'create table `agent` (`id` varchar(36) not null, `name` varchar(255) not null, `description` text null, ' +
          '`config` text null, `created_at` datetime not null, `updated_at` datetime not null, ' +
          'primary key (`id`)) default character set utf8mb4 engine = InnoDB;',
      );
    }
    if (!workflow) {
      this.addSql(
        'create table `workflow` (`id` varchar(36) not null, `agent_id` varchar(36) not null, ' +
          '`name` varchar(255) not null, `definition` text not null, `created_at` datetime not null, ' +
          '`updated_at` datetime not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;',
      );
    }
    if (!workflowIndex) {
      this.addSql('alter table `workflow` add index `idx_workflow_agent_id` (`agent_id`);');
    }
    if (!knowledgeBase) {
      this.addSql(
        'create table `knowledge_base` (`id` varchar(36) not null, `name` varchar(255) not null, ' +
          '`description` text null, `embedding_model` varchar(128) not null, `created_at` datetime not null, ' +
          '`updated_at` datetime not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;',
      );
    }
    if (!executionRecord) {
      this.addSql(
        'create table `execution_record` (`id` varchar(36) not null, `workflow_id` varchar(36) not null, ' +
          '`status` varchar(32) not null, `input` text null, `output` text null, `started_at` datetime not null, ' +
          '`finished_at` datetime null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;',
      );
    }
    if (!executionRecordIndex) {
      this.addSql('alter table `execution_record` add index `idx_execution_record_workflow_id` (`workflow_id`);');
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

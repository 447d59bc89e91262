import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** v0.1.4: indexed `agent.status`; idempotent over a half auto-synced 0.1.3 database. */
export class Revision_8f4846812221 extends RevisionMigration {
  static readonly revision = {
    id: '8f4846812221',
    parents: ['031b34b4dd30'],
    message: 'feat: v0.1.4 agent status',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const status = await this.columnExists('agent', 'status');
    const statusIndex = await this.indexExists('agent', 'idx_agent_status');

    if (!status) {
      this.addSql("alter table `agent` add column `status` text not null default 'active';");
    }
    if (!statusIndex) {
      this.addSql('create index `idx_agent_status` on `agent` (`status`);');
    }
  }

  override async down(): Promise<void> {
    const status = await this.columnExists('agent', 'status');
    const statusIndex = await this.indexExists('agent', 'idx_agent_status');

    // SQLite refuses to drop an indexed column, so the index goes first
    if (statusIndex) {
      this.addSql('drop index `idx_agent_status`;');
    }
    if (status) {
      this.addSql('alter table `agent` drop column `status`;');
    }
  }
}

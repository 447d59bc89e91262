import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** v0.1.4: indexed `agent.status`; idempotent over a half auto-synced 0.1.3 database. */
export class Revision_072ac1293a02 extends RevisionMigration {
  static readonly revision = {
    id: '072ac1293a02',
    parents: ['06a1f79bce8b'],
    message: 'feat: v0.1.4 agent status',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const status = await this.columnExists('agent', 'status');
    const statusIndex = await this.indexExists('agent', 'idx_agent_status');

    if (!status) {
      this.addSql("alter table `agent` add `status` varchar(32) not null default 'active';");
    }
    if (!statusIndex) {
      this.addSql('alter table `agent` add index `idx_agent_status` (`status`);');
    }
  }

  override async down(): Promise<void> {
    const status = await this.columnExists('agent', 'status');
    const statusIndex = await this.indexExists('agent', 'idx_agent_status');

    if (statusIndex) {
      this.addSql('alter table `agent` drop index `idx_agent_status`;');
    }
    if (status) {
      this.addSql('alter table `agent` drop column `status`;');
    }
  }
}

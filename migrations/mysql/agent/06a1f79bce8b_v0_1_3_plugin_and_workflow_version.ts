import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** v0.1.3: `plugin` table and `workflow.version`; idempotent over a half auto-synced 0.1.2 database. */
export class Revision_06a1f79bce8b extends RevisionMigration {
  static readonly revision = {
    id: '06a1f79bce8b',
    parents: ['54351e123cf0'],
    message: 'feat: v0.1.3 plugin table and workflow version',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const plugin = await this.tableExists('plugin');
    const version = await this.columnExists('workflow', 'version');

    if (!plugin) {
      this.addSql(
        'create table `plugin` (`id` varchar(36) not null, `name` varchar(255) not null, ' +
          '`version` varchar(32) not null, `manifest` text null, `enabled` tinyint(1) not null default true, ' +
          '`created_at` datetime not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;',
      );
    }
    if (!version) {
      this.addSql('alter table `workflow` add `version` int not null default 1;');
    }
  }

  override async down(): Promise<void> {
    const version = await this.columnExists('workflow', 'version');

    if (version) {
      this.addSql('alter table `workflow` drop column `version`;');
    }
    this.addSql('drop table if exists `plugin`;');
  }
}

import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** v0.1.3: `plugin` table and `workflow.version`; idempotent over a half auto-synced 0.1.2 database. */
export class Revision_031b34b4dd30 extends RevisionMigration {
  static readonly revision = {
    id: '031b34b4dd30',
    parents: ['f458c7fb17a5'],
    message: 'feat: v0.1.3 plugin table and workflow version',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const plugin = await this.tableExists('plugin');
    const version = await this.columnExists('workflow', 'version');

    if (!plugin) {
      this.addSql(
        'create table `plugin` (`id` text not null primary key, `name` text not null, `version` text not null, ' +
          '`manifest` text null, `enabled` integer not null default true, `created_at` datetime not null);',
      );
    }
    if (!version) {
      this.addSql('alter table `workflow` add column `version` integer not null default 1;');
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

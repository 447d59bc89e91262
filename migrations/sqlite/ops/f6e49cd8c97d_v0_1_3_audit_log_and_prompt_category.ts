import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** v0.1.3: `audit_log` table and `prompt_template.category`; idempotent over a half auto-synced 0.1.2 database. */
export class Revision_f6e49cd8c97d extends RevisionMigration {
  static readonly revision = {
    id: 'f6e49cd8c97d',
    parents: ['b4f4c6589bc5'],
    message: 'feat: v0.1.3 audit_log table and prompt_template category',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const auditLog = await this.tableExists('audit_log');
    const category = await this.columnExists('prompt_template', 'category');

    if (!auditLog) {
      this.addSql(
        'create table `audit_log` (`id` text not null primary key, `actor` text not null, `action` text not null, ' +
          '`target` text null, `detail` text null, `created_at` datetime not null);',
      );
    }
    if (!category) {
      this.addSql('alter table `prompt_template` add column `category` text null;');
    }
  }

  override async down(): Promise<void> {
    const category = await this.columnExists('prompt_template', 'category');

    if (category) {
      this.addSql('alter table `prompt_template` drop column `category`;');
    }
    this.addSql('drop table if exists `audit_log`;');
  }
}

import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** v0.1.3: `audit_log` table and `prompt_template.category`; idempotent over a half auto-synced 0.1.2 database. */
export class Revision_13377a900fe2 extends RevisionMigration {
  static readonly revision = {
    id: '13377a900fe2',
    parents: ['80f110f929fc'],
    message: 'feat: v0.1.3 audit_log table and prompt_template category',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const auditLog = await this.tableExists('audit_log');
    const category = await this.columnExists('prompt_template', 'category');

    if (!auditLog) {
      this.addSql(
        'create table `audit_log` (`id` varchar(36) not null, `actor` varchar(255) not null, ' +
          '`action` varchar(64) not null, `target` varchar(255) null, `detail` text null, ' +
          '`created_at` datetime not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;',
      );
    }
    if (!category) {
      this.addSql('alter table `prompt_template` add `category` varchar(64) null;');
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

import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** `audit_log.ip_address` (IPv4 or IPv6 text). */
export class Revision_bd4a387cd029 extends RevisionMigration {
  static readonly revision = {
    id: 'bd4a387cd029',
    parents: ['13377a900fe2'],
    message: 'feat: add ip_address to audit_log',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    const ipAddress = await this.columnExists('audit_log', 'ip_address');

    if (!ipAddress) {
      this.addSql('alter table `audit_log` add `ip_address` varchar(45) null;');
    }
  }

  override async down(): Promise<void> {
    const ipAddress = await this.columnExists('audit_log', 'ip_address');

    if (ipAddress) {
      this.addSql('alter table `audit_log` drop column `ip_address`;');
    }
  }
}

import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** `audit_log.ip_address` (IPv4 or IPv6 text). */
export class Revision_b5f4a5ebf402 extends RevisionMigration {
  static readonly revision = {
    id: 'b5f4a5ebf402',
    parents: ['f6e49cd8c97d'],
    message: 'feat: add ip_address to audit_log',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    const ipAddress = await this.columnExists('audit_log', 'ip_address');

    if (!ipAddress) {
      this.addSql('alter table `audit_log` add column `ip_address` text null;');
    }
  }

  override async down(): Promise<void> {
    const ipAddress = await this.columnExists('audit_log', 'ip_address');

    if (ipAddress) {
      this.addSql('alter table `audit_log` drop column `ip_address`;');
    }
  }
}

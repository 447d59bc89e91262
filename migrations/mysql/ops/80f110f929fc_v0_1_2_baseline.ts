import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** v0.1.2 baseline of the ops database. */
export class Revision_80f110f929fc extends RevisionMigration {
  static readonly revision = {
    id: '80f110f929fc',
    parents: [],
    message: 'feat: v0.1.2 baseline schema',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    const promptTemplate = await this.tableExists('prompt_template');

    if (!promptTemplate) {
      this.addSql(
        'create table `prompt_template` (`id` varchar(36) not null, `name` varchar(255) not null, ' +
          '`content` text not null, `variables` text null, `created_at` datetime not null, ' +
          '`updated_at` datetime not null, primary key (`id`)) default character set utf8mb4 engine = InnoDB;',
      );
    }
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `prompt_template`;');
  }
}

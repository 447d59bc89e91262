import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** `user_profile` table with a unique `user_id`. */
export class Revision_f006c02a457c extends RevisionMigration {
  static readonly revision = {
    id: 'f006c02a457c',
    parents: ['8f4846812221'],
    message: 'feat: add user_profile table',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const userProfile = await this.tableExists('user_profile');
    const userIdIndex = await this.indexExists('user_profile', 'uniq_user_profile_user_id');

    if (!userProfile) {
      this.addSql(
        'create table `user_profile` (`id` text not null primary key, `user_id` text not null, ' +
          '`display_name` text not null, `email` text null, `preferences` text null, ' +
          '`created_at` datetime not null, `updated_at` datetime not null);',
      );
    }
    if (!userIdIndex) {
      this.addSql('create unique index `uniq_user_profile_user_id` on `user_profile` (`user_id`);');
    }
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `user_profile`;');
  }
}

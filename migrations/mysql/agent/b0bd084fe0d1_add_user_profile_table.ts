import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** `user_profile` table with a unique `user_id`. */
export class Revision_b0bd084fe0d1 extends RevisionMigration {
  static readonly revision = {
    id: 'b0bd084fe0d1',
    parents: ['072ac1293a02'],
    message: 'feat: add user_profile table',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const userProfile = await this.tableExists('user_profile');
    const userIdIndex = await this.indexExists('user_profile', 'uniq_user_profile_user_id');

    if (!userProfile) {
      this.addSql(
        'create table `user_profile` (`id` varchar(36) not null, `user_id` varchar(64) not null, ' +
          '`display_name` varchar(255) not null, `email` varchar(255) null, `preferences` text null, ' +
          '`created_at` datetime not null, `updated_at` datetime not null, primary key (`id`)) ' +
          'default character set utf8mb4 engine = InnoDB;',
      );
    }
    if (!userIdIndex) {
      this.addSql('alter table `user_profile` add unique `uniq_user_profile_user_id` (`user_id`);');
    }
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `user_profile`;');
  }
}

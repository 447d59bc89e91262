import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { addColumnSql, dropColumnSql } from '../../../src/database/ddl/render-ddl.js';
import { BOOLEAN, JSON_, TEXT, col, req, varchar, type ColumnSpec } from '../../../src/database/ddl/table-spec.js';

const ADDED: readonly (readonly [string, ColumnSpec])[] = [
  ['plugin', col('desc_mk', TEXT)],
  ['plugin', col('inputs', JSON_)],
  ['plugin_publish', col('desc_mk', TEXT)],
  ['plugin_publish', col('inputs', JSON_)],
  ['tool', req('available', BOOLEAN, { default: '1' })],
  ['workflow', col('object_key', varchar(512))],
  ['workflow_publish', col('object_key', varchar(512))],
];

/**
 * v0.1.3: plugin markdown descriptions and inputs, tool availability, workflow object keys.
 * (`user.session_key` was widened to 512 characters; SQLite does not enforce VARCHAR lengths, and
 * revision 07acd03b1173 rebuilds `user` with the wider declaration.) Idempotent over a half
 * auto-synced 0.1.2 database.
 */
export class Revision_031b34b4dd30 extends RevisionMigration {
  static readonly revision = {
    id: '031b34b4dd30',
    parents: ['f458c7fb17a5'],
    message: 'feat: v0.1.3 update sqlite agent',
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const present: boolean[] = [];
    for (const [table, column] of ADDED) present.push(await this.columnExists(table, column.name));

    ADDED.forEach(([table, column], i) => {
      if (!present[i]) this.addSql(addColumnSql('sqlite', table, column));
    });
    this.addSql('UPDATE `tool` SET `available` = 1;');
  }

  override async down(): Promise<void> {
    const present: boolean[] = [];
    for (const [table, column] of ADDED) present.push(await this.columnExists(table, column.name));

    ADDED.forEach(([table, column], i) => {
      if (present[i]) this.addSql(dropColumnSql(table, column.name));
    });
  }
}

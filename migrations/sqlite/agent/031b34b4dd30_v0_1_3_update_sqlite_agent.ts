import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { addColumnSql, dropColumnSql } from '../../../src/database/ddl/render-ddl.js';
import { keptParts, rebuildSqliteTableSql } from '../../../src/database/ddl/sqlite-rebuild.js';
import { readSqliteTable } from '../../../src/database/ddl/sqlite-live-table.js';
import { BOOLEAN, JSON_, TEXT, col, req, varchar, type ColumnSpec, type TableSpec } from '../../../src/database/ddl/table-spec.js';
import { TABLES as V012 } from './f458c7fb17a5_v0_1_2_init_sqlite_agent.js';

const ADDED: readonly (readonly [string, ColumnSpec])[] = [
  ['plugin', col('desc_mk', TEXT)],
  ['plugin', col('inputs', JSON_)],
  ['plugin_publish', col('desc_mk', TEXT)],
  ['plugin_publish', col('inputs', JSON_)],
  ['tool', req('available', BOOLEAN, { default: '1' })],
  ['workflow', col('object_key', varchar(512))],
  ['workflow_publish', col('object_key', varchar(512))],
];

const USER_V012 = V012.find((t) => t.name === 'user')!;
/** `user` with `session_key` declared VARCHAR(512). */
export const USER_V013: TableSpec = {
  ...USER_V012,
  columns: USER_V012.columns.map((c) => (c.name === 'session_key' ? { ...c, type: varchar(512) } : c)),
};

/**
 * v0.1.3: plugin markdown descriptions and inputs, tool availability, workflow object keys,
 * `user.session_key` declared 512 characters long (SQLite rebuilds the table for that). Idempotent
 * over a half auto-synced 0.1.2 database.
 */
export class Revision_031b34b4dd30 extends RevisionMigration {
  static readonly revision = {
    id: '031b34b4dd30',
    parents: ['f458c7fb17a5'],
    message: 'feat: v0.1.3 update sqlite agent',
    breaking: true,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const present: boolean[] = [];
    for (const [table, column] of ADDED) present.push(await this.columnExists(table, column.name));
    const widen = (await this.sessionKeyType()) === 'VARCHAR(256)' ? await this.keptOfUser() : undefined;

    ADDED.forEach(([table, column], i) => {
      if (!present[i]) this.addSql(addColumnSql('sqlite', table, column));
    });
    this.addSql('UPDATE `tool` SET `available` = 1;');
    if (widen) for (const sql of rebuildSqliteTableSql(USER_V013, [], widen)) this.addSql(sql);
  }

  override async down(): Promise<void> {
    const present: boolean[] = [];
    for (const [table, column] of ADDED) present.push(await this.columnExists(table, column.name));
    const narrow = (await this.sessionKeyType()) === 'VARCHAR(512)' ? await this.keptOfUser() : undefined;

    if (narrow) for (const sql of rebuildSqliteTableSql(USER_V012, [], narrow)) this.addSql(sql);
    ADDED.forEach(([table, column], i) => {
      if (present[i]) this.addSql(dropColumnSql(table, column.name));
    });
  }

  private async sessionKeyType(): Promise<string | undefined> {
    const rows = await this.execute(`SELECT type FROM pragma_table_info('user') WHERE name = 'session_key'`);
    return rows.length > 0 ? String(rows[0].type).toUpperCase() : undefined;
  }

  /** What a rebuild of `user` keeps besides the declared columns: the user's own columns, indexes and triggers. */
  private async keptOfUser() {
    const user = await readSqliteTable((sql, params) => this.execute(sql, params), 'user');
    return user && keptParts(user, [USER_V012, USER_V013]);
  }
}

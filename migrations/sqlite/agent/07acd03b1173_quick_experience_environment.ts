import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import {
  addColumnSql, createIndexSql, dropColumnSql, dropIndexSql, dropTableSql,
} from '../../../src/database/ddl/render-ddl.js';
import { keptParts, rebuildSqliteTableSql } from '../../../src/database/ddl/sqlite-rebuild.js';
import { readSqliteTable } from '../../../src/database/ddl/sqlite-live-table.js';
import {
  BOOLEAN, INTEGER, col, idx, indexName, varchar, type ColumnSpec, type IndexSpec, type TableSpec,
} from '../../../src/database/ddl/table-spec.js';
import { createTablesPlan } from '../../../src/database/ddl/table-plan.js';
import { systemModelTables } from '../../shared/v0-1-4.tables.js';
import { USER_V013 } from './031b34b4dd30_v0_1_3_update_sqlite_agent.js';

const NEW_TABLES = systemModelTables('sqlite');

/** Columns and index each model table gains: a link to the system model it was made from. */
const MODEL_TABLES = ['embedding_model_configs', 'model_configs'] as const;
const SYSTEM_COLUMNS: readonly ColumnSpec[] = [
  col('is_system_model', BOOLEAN, { default: "'0'" }),
  col('system_model_id', INTEGER),
];
const systemIndex = (table: string): IndexSpec =>
  idx(indexName('sqlite', table, `ix_${table}_system_model_id`), 'system_model_id');

/** `user` before this revision: session key widened by 031b34b4dd30, still unique. */
const USER_BEFORE: TableSpec = USER_V013;
/** `user` after it: a refresh token, and the session key no longer unique. */
const USER_AFTER: TableSpec = {
  ...USER_BEFORE,
  columns: [...USER_BEFORE.columns, col('refresh_token', varchar(512), { default: "''" })],
  uniques: USER_BEFORE.uniques!.filter((u) => u.name !== 'idx_session_key'),
};

/** System embedding and LLM models for the quick-experience environment; `user` gets a refresh token. */
export class Revision_07acd03b1173 extends RevisionMigration {
  static readonly revision = {
    id: '07acd03b1173',
    parents: ['69cb68688942'],
    message: 'feat: quick experience environment: system embedding and llm models, user refresh token',
    breaking: true,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const tables = await createTablesPlan('sqlite', NEW_TABLES, { tableExists: (t) => this.tableExists(t), indexExists: (t, i) => this.indexExists(t, i) });
    const columns: boolean[][] = [];
    const indexes: boolean[] = [];
    for (const table of MODEL_TABLES) {
      const have: boolean[] = [];
      for (const column of SYSTEM_COLUMNS) have.push(await this.columnExists(table, column.name));
      columns.push(have);
      indexes.push(await this.indexExists(table, systemIndex(table).name));
    }
    const user = await readSqliteTable((sql, params) => this.execute(sql, params), 'user');
    const hasToken = await this.columnExists('user', 'refresh_token');

    for (const sql of tables) this.addSql(sql);
    MODEL_TABLES.forEach((table, t) => {
      SYSTEM_COLUMNS.forEach((column, c) => {
        if (!columns[t][c]) this.addSql(addColumnSql('sqlite', table, column));
      });
      if (!indexes[t]) this.addSql(createIndexSql(table, systemIndex(table), false));
    });
    if (user && sessionKeyUnique(user.sql)) {
      // SQLite cannot drop a table constraint: the table is rebuilt, rows copied, and columns,
      // indexes and triggers of the user's own kept as they are
      const kept = keptParts(user, [USER_BEFORE, USER_AFTER]);
      for (const sql of rebuildSqliteTableSql(USER_AFTER, hasToken ? undefined : ['refresh_token'], kept)) this.addSql(sql);
    } else if (!hasToken) {
      this.addSql(addColumnSql('sqlite', 'user', USER_AFTER.columns.at(-1)!));
    }
  }

  override async down(): Promise<void> {
    const user = await readSqliteTable((sql, params) => this.execute(sql, params), 'user');
    const present: boolean[][] = [];
    const indexes: boolean[] = [];
    for (const table of MODEL_TABLES) {
      const have: boolean[] = [];
      for (const column of SYSTEM_COLUMNS) have.push(await this.columnExists(table, column.name));
      present.push(have);
      indexes.push(await this.indexExists(table, systemIndex(table).name));
    }

    if (user && !sessionKeyUnique(user.sql)) {
      for (const sql of rebuildSqliteTableSql(USER_BEFORE, [], keptParts(user, [USER_BEFORE, USER_AFTER]))) this.addSql(sql);
    }
    MODEL_TABLES.forEach((table, t) => {
      if (indexes[t]) this.addSql(dropIndexSql('sqlite', table, systemIndex(table).name));
      SYSTEM_COLUMNS.forEach((column, c) => {
        if (present[t][c]) this.addSql(dropColumnSql(table, column.name));
      });
    });
    for (const table of [...NEW_TABLES].reverse()) this.addSql(dropTableSql(table.name));
  }
}

/** Whether the `create` statement of `user` still declares the session key unique. */
const sessionKeyUnique = (createSql: string) => createSql.includes('idx_session_key');

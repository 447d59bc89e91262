import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import {
  addColumnSql, createIndexSql, dropColumnSql, dropIndexSql, dropTableSql,
} from '../../../src/database/ddl/render-ddl.js';
import { BOOLEAN, INTEGER, col, idx, varchar, type ColumnSpec, type IndexSpec } from '../../../src/database/ddl/table-spec.js';
import { createTablesPlan } from '../../../src/database/ddl/table-plan.js';
import { systemModelTables } from '../../shared/v0-1-4.tables.js';

const NEW_TABLES = systemModelTables('mysql');

/** Columns and index each model table gains: a link to the system model it was made from. */
const MODEL_TABLES = ['embedding_model_configs', 'model_configs'] as const;
const SYSTEM_COLUMNS: readonly ColumnSpec[] = [
  col('is_system_model', BOOLEAN, { default: "'0'" }),
  col('system_model_id', INTEGER),
];
const systemIndex = (table: string): IndexSpec => idx(`ix_${table}_system_model_id`, 'system_model_id');
const REFRESH_TOKEN = col('refresh_token', varchar(512), { default: "''" });
const SESSION_KEY_UNIQUE = idx('idx_session_key', 'session_key');

/** System embedding and LLM models for the quick-experience environment; `user` gets a refresh token. */
export class Revision_26f51e9528f1 extends RevisionMigration {
  static readonly revision = {
    id: '26f51e9528f1',
    parents: ['9fa66e01df94'],
    message: 'feat: quick experience environment: system embedding and llm models, user refresh token',
    breaking: true,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const tables = await createTablesPlan('mysql', NEW_TABLES, { tableExists: (t) => this.tableExists(t), indexExists: (t, i) => this.indexExists(t, i) });
    const columns: boolean[][] = [];
    const indexes: boolean[] = [];
    for (const table of MODEL_TABLES) {
      const have: boolean[] = [];
      for (const column of SYSTEM_COLUMNS) have.push(await this.columnExists(table, column.name));
      columns.push(have);
      indexes.push(await this.indexExists(table, systemIndex(table).name));
    }
    const token = await this.columnExists('user', REFRESH_TOKEN.name);
    const sessionUnique = await this.indexExists('user', SESSION_KEY_UNIQUE.name);

    for (const sql of tables) this.addSql(sql);
    MODEL_TABLES.forEach((table, t) => {
      SYSTEM_COLUMNS.forEach((column, c) => {
        if (!columns[t][c]) this.addSql(addColumnSql('mysql', table, column));
      });
      if (!indexes[t]) this.addSql(createIndexSql(table, systemIndex(table), false));
    });
    if (!token) this.addSql(addColumnSql('mysql', 'user', REFRESH_TOKEN));
    if (sessionUnique) this.addSql(dropIndexSql('mysql', 'user', SESSION_KEY_UNIQUE.name));
  }

  override async down(): Promise<void> {
    const token = await this.columnExists('user', REFRESH_TOKEN.name);
    const sessionUnique = await this.indexExists('user', SESSION_KEY_UNIQUE.name);
    const present: boolean[][] = [];
    const indexes: boolean[] = [];
    for (const table of MODEL_TABLES) {
      const have: boolean[] = [];
      for (const column of SYSTEM_COLUMNS) have.push(await this.columnExists(table, column.name));
      present.push(have);
      indexes.push(await this.indexExists(table, systemIndex(table).name));
    }

    if (!sessionUnique) this.addSql(createIndexSql('user', SESSION_KEY_UNIQUE, true));
    if (token) this.addSql(dropColumnSql('user', REFRESH_TOKEN.name));
    MODEL_TABLES.forEach((table, t) => {
      if (indexes[t]) this.addSql(dropIndexSql('mysql', table, systemIndex(table).name));
      SYSTEM_COLUMNS.forEach((column, c) => {
        if (present[t][c]) this.addSql(dropColumnSql(table, column.name));
      });
    });
    for (const table of [...NEW_TABLES].reverse()) this.addSql(dropTableSql(table.name));
  }
}

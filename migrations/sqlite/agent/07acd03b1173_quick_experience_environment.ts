import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import {
  addColumnSql, createIndexSql, createTableSql, dropColumnSql, dropIndexSql, dropTableSql,
} from '../../../src/database/ddl/render-ddl.js';
import { rebuildSqliteTableSql } from '../../../src/database/ddl/sqlite-rebuild.js';
import {
  BOOLEAN, DATETIME, INTEGER, JSON_, NOW, TEXT, col, idx, req, varchar, type ColumnSpec, type IndexSpec, type TableSpec,
} from '../../../src/database/ddl/table-spec.js';
import { TABLES as V012 } from './f458c7fb17a5_v0_1_2_init_sqlite_agent.js';

const NEW_TABLES: readonly TableSpec[] = [
  {
    name: 'system_embedding_model',
    columns: [
      req('id', INTEGER), req('model_name', varchar(100)), req('protocol', varchar(50)), req('model_id', varchar(100)),
      col('api_key', TEXT), req('api_base', varchar(500)), req('max_batch_size', INTEGER),
      col('is_active', BOOLEAN, { default: "'1'" }), col('created_at', DATETIME, NOW), col('updated_at', DATETIME, NOW),
    ],
    primaryKey: ['id'],
    uniques: [idx('', 'model_name')],
    indexes: [
      idx('ix_system_embedding_model_id_system_embedding_model', 'id'),
      idx('ix_system_embedding_model_is_active_system_embedding_model', 'is_active'),
      idx('ix_system_embedding_model_protocol_system_embedding_model', 'protocol'),
    ],
  },
  {
    name: 'system_llm_model',
    columns: [
      req('id', INTEGER), req('name', varchar(100)), req('provider', varchar(50)), req('model_type', varchar(100)),
      col('description', TEXT), col('api_key', TEXT), col('base_url', varchar(500)),
      col('is_active', BOOLEAN, { default: "'1'" }), col('parameters', JSON_), col('timeout', INTEGER),
      col('created_at', DATETIME, NOW), col('updated_at', DATETIME, NOW),
    ],
    primaryKey: ['id'],
    uniques: [idx('', 'name')],
    indexes: [
      idx('ix_system_llm_model_id_system_llm_model', 'id'),
      idx('ix_system_llm_model_is_active_system_llm_model', 'is_active'),
      idx('ix_system_llm_model_provider_system_llm_model', 'provider'),
    ],
  },
];

/** Columns and index each model table gains: a link to the system model it was made from. */
const MODEL_TABLES = ['embedding_model_configs', 'model_configs'] as const;
const SYSTEM_COLUMNS: readonly ColumnSpec[] = [
  col('is_system_model', BOOLEAN, { default: "'0'" }),
  col('system_model_id', INTEGER),
];
const systemIndex = (table: string): IndexSpec => idx(`ix_${table}_system_model_id_${table}`, 'system_model_id');

const USER_V013 = V012.find((t) => t.name === 'user')!;
/** `user` before this revision: session key widened by 031b34b4dd30, still unique. */
const USER_BEFORE: TableSpec = {
  ...USER_V013,
  columns: USER_V013.columns.map((c) => (c.name === 'session_key' ? { ...c, type: varchar(512) } : c)),
};
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
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const tables: boolean[] = [];
    for (const table of NEW_TABLES) tables.push(await this.tableExists(table.name));
    const columns: boolean[][] = [];
    const indexes: boolean[] = [];
    for (const table of MODEL_TABLES) {
      const have: boolean[] = [];
      for (const column of SYSTEM_COLUMNS) have.push(await this.columnExists(table, column.name));
      columns.push(have);
      indexes.push(await this.indexExists(table, systemIndex(table).name));
    }
    const userDone = !(await this.userSessionKeyUnique());
    const hasToken = await this.columnExists('user', 'refresh_token');

    NEW_TABLES.forEach((table, i) => {
      if (!tables[i]) for (const sql of createTableSql('sqlite', table)) this.addSql(sql);
    });
    MODEL_TABLES.forEach((table, t) => {
      SYSTEM_COLUMNS.forEach((column, c) => {
        if (!columns[t][c]) this.addSql(addColumnSql('sqlite', table, column));
      });
      if (!indexes[t]) this.addSql(createIndexSql(table, systemIndex(table), false));
    });
    if (!userDone) {
      // SQLite cannot drop a table constraint: the table is rebuilt, rows copied
      for (const sql of rebuildSqliteTableSql(USER_AFTER, hasToken ? undefined : ['refresh_token'])) this.addSql(sql);
    }
  }

  override async down(): Promise<void> {
    const userDone = !(await this.userSessionKeyUnique());
    const present: boolean[][] = [];
    const indexes: boolean[] = [];
    for (const table of MODEL_TABLES) {
      const have: boolean[] = [];
      for (const column of SYSTEM_COLUMNS) have.push(await this.columnExists(table, column.name));
      present.push(have);
      indexes.push(await this.indexExists(table, systemIndex(table).name));
    }

    if (userDone) for (const sql of rebuildSqliteTableSql(USER_BEFORE)) this.addSql(sql);
    MODEL_TABLES.forEach((table, t) => {
      if (indexes[t]) this.addSql(dropIndexSql('sqlite', table, systemIndex(table).name));
      SYSTEM_COLUMNS.forEach((column, c) => {
        if (present[t][c]) this.addSql(dropColumnSql(table, column.name));
      });
    });
    for (const table of [...NEW_TABLES].reverse()) this.addSql(dropTableSql(table.name));
  }

  private async userSessionKeyUnique(): Promise<boolean> {
    const rows = await this.execute(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'user'`);
    return rows.length > 0 && String(rows[0].sql).includes('idx_session_key');
  }
}

import type { Dialect } from '../version-guard/revision.js';

/** Runs one read-only SQL query and returns its rows. */
export type QueryRunner = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Read-only questions about a live schema, answered the same way on both dialects. */
export interface SchemaInspector {
  /** Base tables of the current database, sorted by name (SQLite internals excluded). */
  listTables(): Promise<string[]>;
  /** Every base table with its column names in declaration order, in one round trip. */
  listTablesWithColumns(): Promise<Map<string, string[]>>;
  tableExists(table: string): Promise<boolean>;
  columnExists(table: string, column: string): Promise<boolean>;
  indexExists(table: string, index: string): Promise<boolean>;
}

interface DialectQueries {
  listTables: string;
  tablesWithColumns: string;
  tableExists: string;
  columnExists: string;
  indexExists: string;
}

const SQLITE: DialectQueries = {
  listTables: `select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`,
  tablesWithColumns:
    `select m.name as table_name, p.name as column_name from sqlite_master m join pragma_table_info(m.name) p ` +
    `where m.type = 'table' and m.name not like 'sqlite\\_%' escape '\\' order by m.name, p.cid`,
  tableExists: `select 1 as found from sqlite_master where type = 'table' and name = ?`,
  columnExists: `select 1 as found from pragma_table_info(?) where name = ?`,
  indexExists: `select 1 as found from sqlite_master where type = 'index' and tbl_name = ? and name = ?`,
};

const MYSQL: DialectQueries = {
  listTables:
    `select table_name as name from information_schema.tables ` +
    `where table_schema = database() and table_type = 'BASE TABLE' order by table_name`,
  tablesWithColumns:
    `select c.table_name as table_name, c.column_name as column_name from information_schema.columns c ` +
    `join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name ` +
    `where c.table_schema = database() and t.table_type = 'BASE TABLE' order by c.table_name, c.ordinal_position`,
  tableExists:
    `select 1 as found from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE' and table_name = ?`,
  columnExists:
    `select 1 as found from information_schema.columns where table_schema = database() and table_name = ? and column_name = ?`,
  indexExists:
    `select 1 as found from information_schema.statistics where table_schema = database() and table_name = ? and index_name = ? limit 1`,
};

/** A schema inspector for `dialect` that sends its queries through `run`. */
export function createSchemaInspector(dialect: Dialect, run: QueryRunner): SchemaInspector {
  const q = dialect === 'sqlite' ? SQLITE : MYSQL;
  const found = async (sql: string, params: unknown[]) => (await run(sql, params)).length > 0;
  return {
    listTables: async () => (await run(q.listTables)).map((row) => String(row.name)),
    listTablesWithColumns: async () => {
      const tables = new Map<string, string[]>();
      for (const row of await run(q.tablesWithColumns)) {
        const table = String(row.table_name);
        const columns = tables.get(table) ?? [];
        columns.push(String(row.column_name));
        tables.set(table, columns);
      }
      return tables;
    },
    tableExists: (table) => found(q.tableExists, [table]),
    columnExists: (table, column) => found(q.columnExists, [table, column]),
    indexExists: (table, index) => found(q.indexExists, [table, index]),
  };
}

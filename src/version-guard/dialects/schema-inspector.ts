import { dialectSupport } from './registry.js';
import type { Dialect } from '../core/revision.js';
import type { QueryRunner } from '../core/database-handle.js';


/** Read-only questions about a live schema, answered the same way on every dialect (each dialect's SQL in its folder). */
export interface SchemaInspector {
  /** Base tables of the current database, sorted by name (SQLite internals excluded). */
  listTables(): Promise<string[]>;
  /** Every base table with its column names in declaration order, in one round trip. */
  listTablesWithColumns(): Promise<Map<string, string[]>>;
  /** Index names (not the primary key's) by table, sorted, in one round trip: read with `listTablesWithColumns`, whose tables they belong to. */
  listTablesWithIndexes(): Promise<Map<string, string[]>>;
  tableExists(table: string): Promise<boolean>;
  columnExists(table: string, column: string): Promise<boolean>;
  indexExists(table: string, index: string): Promise<boolean>;
  /** The schema unqualified names resolve to, where the session chooses one (PostgreSQL); null elsewhere, or when none exists. */
  currentSchema(): Promise<string | null>;
}

/** A schema inspector for `dialect` that sends its queries through `run`. */
export function createSchemaInspector(dialect: Dialect, run: QueryRunner): SchemaInspector {
  const q = dialectSupport(dialect).schemaQueries;
  const found = async (sql: string, params: unknown[]) => (await run(sql, params)).length > 0;
  // rows of (table_name, <column>) grouped by table, in the order the query gives them
  const grouped = async (sql: string, column: string) => {
    const tables = new Map<string, string[]>();
    for (const row of await run(sql)) {
      const table = String(row.table_name);
      const names = tables.get(table) ?? [];
      names.push(String(row[column]));
      tables.set(table, names);
    }
    return tables;
  };
  return {
    listTables: async () => (await run(q.listTables)).map((row) => String(row.name)),
    listTablesWithColumns: () => grouped(q.tablesWithColumns, 'column_name'),
    listTablesWithIndexes: () => grouped(q.tablesWithIndexes, 'index_name'),
    tableExists: (table) => found(q.tableExists, [table]),
    columnExists: (table, column) => found(q.columnExists, [table, column]),
    indexExists: (table, index) => found(q.indexExists, [table, index]),
    currentSchema: async () => {
      if (!q.currentSchema) return null;
      const [row] = await run(q.currentSchema);
      return typeof row?.name === 'string' ? row.name : null;
    },
  };
}

/**
 * The same inspector, answering `tableExists` from one listing of the tables made at its first
 * question. For one read of a database that asks about several tables (a status asks about five,
 * each a round trip otherwise); not for code that creates tables between its questions.
 */
export function withTableSnapshot(inspector: SchemaInspector): SchemaInspector {
  let tables: Promise<Set<string>> | undefined;
  const snapshot = () => (tables ??= inspector.listTables().then((names) => new Set(names)));
  return { ...inspector, tableExists: async (table) => (await snapshot()).has(table) };
}

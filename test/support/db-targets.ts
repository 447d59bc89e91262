import type { DatabaseName, Dialect } from '../../src/version-guard/core/revision.js';
import { mysqlApplied, mysqlPair, mysqlServerUrl, mysqlTables } from './mysql-databases.js';
import { postgresApplied, postgresPair, postgresServerUrl, postgresTables } from './postgres-databases.js';
import { appliedRevisions, readDb, sqliteEnv, tableNames, tempDir, writeDb } from './sqlite-files.js';

/** A pair of test databases (agent, ops) of one dialect, with dialect-neutral helpers. */
export interface DbTarget {
  readonly dialect: Dialect;
  /** Working directory for the app and CLI processes. */
  readonly cwd: string;
  /** Environment pointing the app at this pair. */
  readonly env: Record<string, string>;
  applied(db: DatabaseName): Promise<string[]>;
  tables(db: DatabaseName): Promise<string[]>;
  /** Column names of `table`, in declaration order ([] when it does not exist). */
  columns(db: DatabaseName, table: string): Promise<string[]>;
  exec(db: DatabaseName, sql: string): Promise<void>;
  rows(db: DatabaseName, sql: string): Promise<Record<string, unknown>[]>;
  cleanup(): Promise<void>;
}

/** Two fresh SQLite files in a temporary directory. */
export async function sqliteTarget(extra: Record<string, string> = {}): Promise<DbTarget> {
  const cwd = tempDir('target-');
  const env = sqliteEnv(cwd, extra);
  const path = (db: DatabaseName) => env[`${db.toUpperCase()}_DB_PATH`];
  return {
    dialect: 'sqlite',
    cwd,
    env,
    applied: async (db) => appliedRevisions(path(db)),
    tables: async (db) => tableNames(path(db)),
    columns: async (db, table) => readDb(path(db), (d) => (d.prepare('select name from pragma_table_info(?)').all(table) as { name: string }[]).map((r) => r.name)),
    exec: async (db, sql) => writeDb(path(db), (d) => void d.exec(sql)),
    rows: async (db, sql) => readDb(path(db), (d) => d.prepare(sql).all() as Record<string, unknown>[]),
    cleanup: async () => {},
  };
}

/** Two fresh databases on the test run's MariaDB server. */
export async function mysqlTarget(extra: Record<string, string> = {}): Promise<DbTarget> {
  const pair = await mysqlPair(extra);
  return {
    dialect: 'mysql',
    cwd: tempDir('target-'),
    env: pair.env,
    applied: (db) => pair.with(db, mysqlApplied),
    tables: (db) => pair.with(db, mysqlTables),
    columns: (db, table) =>
      pair.with(db, async (c) => {
        const [rows] = await c.query(
          'select column_name as name from information_schema.columns where table_schema = database() and table_name = ? order by ordinal_position',
          [table],
        );
        return (rows as { name: string }[]).map((r) => r.name);
      }),
    exec: (db, sql) => pair.with(db, async (c) => void (await c.query(sql))),
    rows: (db, sql) => pair.with(db, async (c) => (await c.query(sql))[0] as Record<string, unknown>[]),
    cleanup: () => pair.drop(),
  };
}

/** Two fresh databases on the test run's PostgreSQL server. */
export async function postgresqlTarget(extra: Record<string, string> = {}): Promise<DbTarget> {
  const pair = await postgresPair(extra);
  return {
    dialect: 'postgresql',
    cwd: tempDir('target-'),
    env: pair.env,
    applied: (db) => pair.with(db, postgresApplied),
    tables: (db) => pair.with(db, postgresTables),
    columns: (db, table) =>
      pair.with(db, async (c) =>
        (await c.query('select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = $1 order by ordinal_position', [table])).rows.map(
          (r: { name: string }) => r.name,
        ),
      ),
    exec: (db, sql) => pair.with(db, async (c) => void (await c.query(sql))),
    rows: (db, sql) => pair.with(db, async (c) => (await c.query(sql)).rows as Record<string, unknown>[]),
    cleanup: () => pair.drop(),
  };
}

/** Every dialect a scenario runs for; server dialects only when the global setup provided a server. */
export const DB_TARGETS = [
  { name: 'sqlite', make: sqliteTarget, available: true },
  { name: 'mysql', make: mysqlTarget, available: mysqlServerUrl !== null },
  { name: 'postgresql', make: postgresqlTarget, available: postgresServerUrl !== null },
] as const;

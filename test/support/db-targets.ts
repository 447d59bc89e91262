import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseName, Dialect } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { linearChain, type ManifestEntry } from './authoring-project.js';
import { runApp, runCli } from './in-process.js';
import { dumpRows, mysqlApplied, mysqlPair, mysqlServerUrl, mysqlTables, schemaSnapshot } from './mysql-databases.js';
import { BUILT_MIGRATIONS } from './paths.js';
import { POSTGRES_COLUMN_LINES } from './postgres-catalog.js';
import { postgresApplied, postgresDumpRows, postgresPair, postgresServerUrl, postgresTables } from './postgres-databases.js';
import type { AppRun, ProcessResult } from './processes.js';
import { appliedRevisions, fileHash, readDb, sqliteEnv, tableNames, tempDir, writeDb } from './sqlite-files.js';

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
  /** Every row of every table that is not the guard's bookkeeping, by table, each table ordered by its first column. */
  userRows(db: DatabaseName): Promise<Record<string, Record<string, unknown>[]>>;
  /**
   * Everything a start or a command could change in the pair (SQLite: each file's bytes; servers:
   * each table's definition and rows, and the recorded history): equal before and after exactly
   * when nothing changed.
   */
  snapshot(): Promise<unknown>;
  /** The built migration set of `db` for this dialect, in apply order (one linear chain). */
  chain(db: DatabaseName): string[];
  /** The head revision of that set. */
  head(db: DatabaseName): string;
  /** The app started in-process on this pair (`env` added to the pair's). */
  app(options?: { args?: string[]; env?: Record<string, string>; whileRunning?: (port: number) => Promise<void> }): Promise<AppRun>;
  /** A CLI command run in-process on this pair. */
  cli(args: string[], env?: Record<string, string>): Promise<ProcessResult>;
  cleanup(): Promise<void>;
}

/** The parts of a target that only differ by dialect; the rest is derived from them. */
type TargetCore = Omit<DbTarget, 'userRows' | 'snapshot' | 'chain' | 'head' | 'app' | 'cli'> & {
  /** `name` quoted as an identifier of the dialect. */
  quote(name: string): string;
  /** `userRows` where the dialect reads them its own way (else one `rows` per table). */
  userRows?(db: DatabaseName): Promise<Record<string, Record<string, unknown>[]>>;
} & (
    | { /** The whole pair's state at once (SQLite: the files' bytes). */ snapshot(): Promise<unknown> }
    | { /** Each table's definition, compared with its rows and the recorded history. */ definitions(db: DatabaseName): Promise<unknown> }
  );

/** The built manifest of a migration set (`dist/migrations/<dialect>/<db>/manifest.json`). */
export function builtManifest(dialect: Dialect, db: DatabaseName): ManifestEntry[] {
  return (JSON.parse(readFileSync(join(BUILT_MIGRATIONS, dialect, db, 'manifest.json'), 'utf8')) as { revisions: ManifestEntry[] }).revisions;
}

/** The built migration set of `db` for `dialect`, in apply order (one linear chain); known before any pair is made. */
export function builtChain(dialect: Dialect, db: DatabaseName): string[] {
  return linearChain(builtManifest(dialect, db));
}

function completeTarget(core: TargetCore): DbTarget {
  const { quote, userRows: ownUserRows, ...target } = core;
  const userRows =
    ownUserRows ??
    (async (db: DatabaseName) => {
      const tables = (await target.tables(db)).filter((t) => !GUARD_TABLES.includes(t));
      // one at a time: each `rows` may open a connection of its own
      const results: Record<string, unknown>[][] = [];
      for (const table of tables) results.push(await target.rows(db, `select * from ${quote(table)} order by 1`));
      return Object.fromEntries(tables.map((table, i) => [table, results[i]]));
    });
  const snapshot =
    'snapshot' in core
      ? core.snapshot
      : async () => {
          const of = async (db: DatabaseName) => ({ definitions: await core.definitions(db), rows: await userRows(db), applied: await target.applied(db) });
          return { agent: await of('agent'), ops: await of('ops') };
        };
  return {
    ...target,
    userRows,
    snapshot,
    chain: (db) => builtChain(target.dialect, db),
    head: (db) => builtChain(target.dialect, db).at(-1)!,
    app: (options = {}) => runApp({ cwd: target.cwd, args: options.args, env: { ...target.env, ...options.env }, whileRunning: options.whileRunning }),
    cli: (args, env = {}) => runCli(args, { cwd: target.cwd, env: { ...target.env, ...env } }),
  };
}

/** Two fresh SQLite files in a temporary directory. */
export async function sqliteTarget(extra: Record<string, string> = {}): Promise<DbTarget> {
  const cwd = tempDir('target-');
  const env = sqliteEnv(cwd, extra);
  const path = (db: DatabaseName) => env[`${db.toUpperCase()}_DB_PATH`];
  return completeTarget({
    dialect: 'sqlite',
    cwd,
    env,
    quote: (name) => `"${name}"`,
    snapshot: async () => ({ agent: fileHash(path('agent')), ops: fileHash(path('ops')) }),
    applied: async (db) => appliedRevisions(path(db)),
    tables: async (db) => tableNames(path(db)),
    columns: async (db, table) => readDb(path(db), (d) => (d.prepare('select name from pragma_table_info(?)').all(table) as { name: string }[]).map((r) => r.name)),
    exec: async (db, sql) => writeDb(path(db), (d) => void d.exec(sql)),
    rows: async (db, sql) => readDb(path(db), (d) => d.prepare(sql).all() as Record<string, unknown>[]),
    cleanup: async () => {},
  });
}

/** Two fresh databases on the test run's MariaDB server. */
export async function mysqlTarget(extra: Record<string, string> = {}): Promise<DbTarget> {
  const pair = await mysqlPair(extra);
  return completeTarget({
    dialect: 'mysql',
    quote: (name) => `\`${name}\``,
    definitions: (db) => pair.with(db, schemaSnapshot),
    userRows: (db) => pair.with(db, dumpRows),
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
  });
}

/** Two fresh databases on the test run's PostgreSQL server. */
export async function postgresqlTarget(extra: Record<string, string> = {}): Promise<DbTarget> {
  const pair = await postgresPair(extra);
  return completeTarget({
    dialect: 'postgresql',
    quote: (name) => `"${name}"`,
    definitions: (db) =>
      pair.with(db, async (c) => {
        const columns = await c.query(`select table_name, line from (${POSTGRES_COLUMN_LINES}) columns order by table_name, position`);
        const indexes = await c.query('select tablename, indexdef from pg_indexes where schemaname = current_schema() order by tablename, indexname');
        return { columns: columns.rows, indexes: indexes.rows };
      }),
    userRows: (db) => pair.with(db, postgresDumpRows),
    cwd: tempDir('target-'),
    env: pair.env,
    applied: (db) => pair.with(db, postgresApplied),
    tables: (db) => pair.with(db, postgresTables),
    columns: (db, table) =>
      pair.with(db, async (c) =>
        (await c.query(`select column_name as name from (${POSTGRES_COLUMN_LINES}) columns where table_name = $1 order by position`, [table])).rows.map(
          (r: { name: string }) => r.name,
        ),
      ),
    exec: (db, sql) => pair.with(db, async (c) => void (await c.query(sql))),
    rows: (db, sql) => pair.with(db, async (c) => (await c.query(sql)).rows as Record<string, unknown>[]),
    cleanup: () => pair.drop(),
  });
}

/** Every dialect a scenario runs for; server dialects only when the global setup provided a server. */
export const DB_TARGETS = [
  { name: 'sqlite', make: sqliteTarget, available: true },
  { name: 'mysql', make: mysqlTarget, available: mysqlServerUrl !== null },
  { name: 'postgresql', make: postgresqlTarget, available: postgresServerUrl !== null },
] as const;

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'vitest';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { DatabaseName } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { builtChain } from './db-targets.js';
import { newRevisionId } from './migration-fixtures.js';
import { adminConnection, dumpRows, mysqlApplied, mysqlPair, mysqlServerUrl, mysqlTables, schemaSnapshot, userTables } from './mysql-databases.js';
import { BASELINES_DIR } from './paths.js';
import { releaseRevision } from './legacy-data.js';
import { runAppProcess, type AppRun, type ProcessResult } from './processes.js';
import { runApp, runCli } from './in-process.js';
import { tempDir } from './sqlite-files.js';

type OnFinished = TestContext['onTestFinished'];

/** The set's revisions in apply order (the shipped history is one linear chain). */
export function mysqlChain(database: DatabaseName): string[] {
  return builtChain('mysql', database);
}

/** The single head of a built MySQL migration set. */
export function mysqlHead(database: DatabaseName): string {
  return mysqlChain(database).at(-1)!;
}

/** The revision id a release is stamped with in a MySQL set (`legacy-baselines/baselines.json`). */
export function mysqlReleaseRevision(database: DatabaseName, release: string): string {
  return releaseRevision(database, release, 'mysql');
}

/** Runs a release's `legacy-baselines/mysql/<db>/v<release>.sql` on a connection (multipleStatements). */
export async function loadLegacySchema(c: Connection, database: DatabaseName, release: string): Promise<void> {
  await c.query(readFileSync(join(BASELINES_DIR, 'mysql', database, `v${release}.sql`), 'utf8'));
}

/** Every row of one table, ordered by its first column. */
export async function tableRows(c: Connection, table: string): Promise<Record<string, unknown>[]> {
  const [rows] = await c.query<RowDataPacket[]>(`select * from \`${table}\` order by 1`);
  return rows.map((row) => ({ ...row }));
}

interface ColumnInfo {
  table: string;
  column: string;
  type: string;
  length: number | null;
}

function valueFor(col: ColumnInfo, row: number): string | number {
  if (/int|decimal|float|double|bit/.test(col.type)) return row;
  if (col.type === 'date') return `2025-01-0${row}`;
  if (/datetime|timestamp/.test(col.type)) return `2025-01-0${row} 12:0${row}:00`;
  if (col.type === 'time') return `12:0${row}:00`;
  if (col.type === 'year') return 2020 + row;
  if (col.type === 'json') return JSON.stringify({ row });
  // the row number first, so that values stay distinct when cut to the column's length; the same
  // value for a column name in every table, so that foreign keys find their rows
  const text = `${row}-${col.column}`;
  // MariaDB reports JSON columns as longtext (with a json_valid check): a JSON string fits both
  if (col.type === 'longtext') return JSON.stringify(text);
  return col.length ? text.slice(0, col.length) : text;
}

/** Inserts two rows into every non-bookkeeping table, each column filled by its data type. */
export async function seedEveryTable(c: Connection): Promise<void> {
  const [rows] = await c.query<RowDataPacket[]>(
    `select table_name as t, column_name as c, data_type as d, character_maximum_length as len
       from information_schema.columns where table_schema = database() order by table_name, ordinal_position`,
  );
  const columns = rows.map((r) => ({ table: String(r.t), column: String(r.c), type: String(r.d), length: r.len === null ? null : Number(r.len) }));
  // parents may sort after their children: foreign keys are checked once all rows are in
  await c.query('set foreign_key_checks = 0');
  for (const table of await userTables(c)) {
    const own = columns.filter((col) => col.table === table);
    for (const row of [1, 2]) {
      await c.query(
        `insert into \`${table}\` (${own.map((col) => `\`${col.column}\``).join(', ')}) values (${own.map(() => '?').join(', ')})`,
        own.map((col) => valueFor(col, row)),
      );
    }
  }
  await c.query('set foreign_key_checks = 1');
}

/** A fresh MySQL pair for one test, its working directory, and the app and CLI pointed at it. Cleaned up when the test ends. */
export async function mysqlScenario(onTestFinished: OnFinished, extra: Record<string, string> = {}) {
  const pair = await mysqlPair(extra);
  onTestFinished(() => pair.drop());
  const cwd = tempDir('mysql-e2e-');
  onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
  return {
    ...pair,
    cwd,
    /** The app started in-process. */
    app: (options: { args?: string[]; env?: Record<string, string>; whileRunning?: (port: number) => Promise<void> } = {}): Promise<AppRun> =>
      runApp({ cwd, args: options.args, env: { ...pair.env, ...options.env }, whileRunning: options.whileRunning }),
    /** The built app started as a process (`node dist/main.js`): for races between processes. */
    appProcess: (options: { args?: string[]; env?: Record<string, string>; timeoutMs?: number; whileRunning?: (port: number) => Promise<void> } = {}): Promise<AppRun> =>
      runAppProcess({ cwd, args: options.args, env: { ...pair.env, ...options.env }, timeoutMs: options.timeoutMs ?? 90_000, whileRunning: options.whileRunning }),
    cli: (args: string[], env: Record<string, string> = {}): Promise<ProcessResult> => runCli(args, { cwd, env: { ...pair.env, ...env } }),
    applied: (db: DatabaseName) => pair.with(db, mysqlApplied),
    tables: (db: DatabaseName) => pair.with(db, mysqlTables),
    userTables: (db: DatabaseName) => pair.with(db, userTables),
    schema: (db: DatabaseName) => pair.with(db, schemaSnapshot),
    /** `show create table` of every table that is not bookkeeping. */
    userSchema: (db: DatabaseName) =>
      pair.with(db, async (c) => Object.fromEntries(Object.entries(await schemaSnapshot(c)).filter(([table]) => !GUARD_TABLES.includes(table)))),
    rows: (db: DatabaseName) => pair.with(db, dumpRows),
  };
}

export type MysqlScenario = Awaited<ReturnType<typeof mysqlScenario>>;

/** Everything that can change in a pair: tables, their DDL, their rows, the recorded history. */
export async function pairSnapshot(scenario: MysqlScenario) {
  const snap = async (db: DatabaseName) => ({ schema: await scenario.schema(db), rows: await scenario.rows(db), applied: await scenario.applied(db) });
  return { agent: await snap('agent'), ops: await snap('ops') };
}

/**
 * A MariaDB account with a password, able to do everything, dropped when the test ends; `url(db)`
 * is a connection URL for it (with `password` in place of its real one when given).
 */
export async function passwordUser(onTestFinished: OnFinished, password: string) {
  const user = `guard_${newRevisionId()}`;
  const admin = await adminConnection();
  try {
    await admin.query(`create user '${user}'@'%' identified by '${password}'`);
    await admin.query(`grant all on *.* to '${user}'@'%'`);
  } finally {
    await admin.end();
  }
  onTestFinished(async () => {
    const c = await adminConnection();
    try {
      await c.query(`drop user if exists '${user}'@'%'`);
    } finally {
      await c.end();
    }
  });
  return {
    user,
    url(database: string, pass = password): string {
      const url = new URL(mysqlServerUrl!);
      url.username = user;
      url.password = pass;
      url.pathname = `/${database}`;
      return url.toString();
    },
  };
}

/** The three up-to-date lines of SPEC §4 as printed for `db` (the first as the tail of its log line), or null. */
export function upToDateLines(stdout: string, db: DatabaseName): string[] | null {
  const all = stdout.split(/\r?\n/);
  const first = `✅ ${db} database: version is already up to date`;
  const i = all.findIndex((line) => line.endsWith(first));
  return i < 0 ? null : [first, all[i + 1], all[i + 2]];
}

/** The refusal block of one database on stderr: from its `❌ <db> database` line to the next `❌` line. */
export function refusalBlock(stderr: string, db: DatabaseName): string {
  const all = stderr.split(/\r?\n/);
  const start = all.findIndex((line) => line.startsWith(`❌ ${db} database`));
  if (start < 0) return '';
  const rest = all.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('❌'));
  return [all[start], ...(end < 0 ? rest : rest.slice(0, end))].join('\n').trimEnd();
}

/** GET a JSON document from the app, retried while the port is not open yet (Nest logs "started" just before listening). */
export async function getJson(port: number, path: string): Promise<{ status: number; body: any }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: response.status, body: await response.json() };
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Text that betrays a raw MySQL/driver error or a stack trace reaching the operator. */
export const RAW_MYSQL_ERROR: readonly RegExp[] = [/\bER_[A-Z_]+/, /already exists/i, /Duplicate/i, /^\s+at .+:\d+:\d+\)?$/m, /DriverException|ServerError/];

/** Both streams of a process, for messages that may go to either. */
export const printed = (result: Pick<ProcessResult, 'stdout' | 'stderr'>) => `${result.stdout}\n${result.stderr}`;

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { DatabaseName, Dialect } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { builtManifest, type DbTarget } from './db-targets.js';
import { baselines } from './legacy-data.js';
import { BASELINES_DIR } from './paths.js';
import { POSTGRES_COLUMN_LINES } from './postgres-catalog.js';
import type { ProcessResult } from './processes.js';

/**
 * What the CLI scenarios need beyond `DbTarget`, for any dialect: the built manifests, the
 * status documents a pair should report, its user schema, its legacy releases.
 */

/** The message of a revision of the target's set. */
export function messageOf(target: DbTarget, db: DatabaseName, id: string): string {
  return builtManifest(target.dialect, db).find((e) => e.id === id)!.message;
}

/** Whether both sets have revisions between base and head to walk to (agent at least four, ops two). */
export function hasIntermediateRevisions(dialect: Dialect): boolean {
  const length = (db: DatabaseName) => builtManifest(dialect, db).length;
  return length('agent') >= 4 && length('ops') >= 2;
}

/** The untracked releases with a schema file for the dialect (none where no 0.1.x release ran). */
export function legacyReleases(dialect: Dialect): string[] {
  const set = baselines.sets[`${dialect}_agent`];
  if (!set) return [];
  return Object.keys(set.releases).filter((release) => existsSync(join(BASELINES_DIR, dialect, 'agent', `v${release}.sql`)));
}

/** `create table user_message` as the memory module creates it: from the v0.1.2 baseline where there is one. */
function userMessageDdl(dialect: Dialect): string {
  const baseline = join(BASELINES_DIR, dialect, 'agent', 'v0.1.2.sql');
  if (!existsSync(baseline)) {
    return 'create table "user_message" ("id" varchar(36) not null primary key, "session_id" varchar(64) not null, "role" varchar(16) not null, "content" text not null, "created_at" timestamp not null)';
  }
  return readFileSync(baseline, 'utf8')
    .split('\n')
    .find((line) => line.startsWith('create table `user_message`'))!;
}

/** Creates the protected `user_message` table in the target's agent database, with one row. */
export async function createUserMessage(target: DbTarget): Promise<void> {
  await target.exec('agent', userMessageDdl(target.dialect));
  await target.exec('agent', "insert into user_message values ('m1', 's1', 'user', 'hello', '2025-01-01 00:00:00')");
}

/** Tables other than the guard's own bookkeeping. */
export async function userTables(target: DbTarget, db: DatabaseName): Promise<string[]> {
  return (await target.tables(db)).filter((table) => !GUARD_TABLES.includes(table));
}

/**
 * The definition of every table that is not bookkeeping (columns, keys, indexes), by table, as
 * the dialect prints it (SQLite: `sqlite_master`, MySQL: `show create table`, PostgreSQL: the
 * catalogue): equal exactly when no migration changed the schema.
 */
export async function userSchema(target: DbTarget, db: DatabaseName): Promise<Record<string, string>> {
  const schema: Record<string, string> = {};
  const add = (table: string, line: string) => {
    if (!GUARD_TABLES.includes(table)) schema[table] = schema[table] === undefined ? line : `${schema[table]}\n${line}`;
  };
  if (target.dialect === 'sqlite') {
    const rows = await target.rows(db, `select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by tbl_name, type, name`);
    for (const row of rows) add(String(row.tbl_name), `${row.type} ${row.name}: ${row.sql}`);
  } else if (target.dialect === 'mysql') {
    const tables = (await target.tables(db)).filter((table) => !GUARD_TABLES.includes(table));
    if (tables.length === 0) return schema;
    // one connection for all tables: each statement gives its own result set
    const results = await target.rows(db, tables.map((table) => `show create table \`${table}\``).join('; '));
    const sets = (tables.length === 1 ? [results] : results) as unknown as Record<string, unknown>[][];
    for (const [i, table] of tables.entries()) add(table, String(sets[i][0]['Create Table']).replace(/ AUTO_INCREMENT=\d+/, ''));
  } else {
    // one query (one connection): columns, constraints and indexes of every table
    const lines = await target.rows(
      db,
      `select table_name, line from (
         select table_name, 1 as kind, lpad(position::text, 10, '0') as pos, line from (${POSTGRES_COLUMN_LINES}) columns
         union all
         select t.relname::text, 2, c.conname::text, 'constraint ' || c.conname || ': ' || pg_get_constraintdef(c.oid)
           from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
          where n.nspname = current_schema()
         union all
         select tablename::text, 3, indexname::text, 'index ' || indexdef from pg_indexes where schemaname = current_schema()
       ) parts order by table_name, kind, pos`,
    );
    for (const row of lines) add(String(row.table_name), String(row.line));
  }
  return schema;
}

/**
 * Each table's definition as a sorted list of its parts (columns, keys, indexes; identifier quotes
 * alike): a down may put a part back in another place (MySQL lists a restored unique key last,
 * SQLite rebuilds a table with the restored column at the end and the name quoted differently).
 */
export function unordered(schema: Record<string, string>): Record<string, string[]> {
  const parts = (ddl: string) =>
    ddl
      .replace(/"/g, '`')
      .replace(/(CREATE TABLE \S+ \()/i, '$1\n')
      .split(/,\s*|\n/)
      .map((part) => part.trim())
      .filter((part) => part.length > 0)
      .sort();
  return Object.fromEntries(Object.entries(schema).map(([table, ddl]) => [table, parts(ddl)]));
}

export interface StatusEntry {
  name: string;
  dialect: string;
  state: string;
  current: string[];
  heads: string[];
  pending: string[];
  legacyRelease: string | null;
}

export interface StatusDoc {
  databases: StatusEntry[];
}

const STATUS_KEYS = ['name', 'dialect', 'state', 'current', 'heads', 'pending', 'legacyRelease'];

/** Both streams and the exit status of a run, for assertion messages. */
export const printed = (r: ProcessResult) => `exit ${r.exitCode}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** The one JSON object a `--json` command printed. */
export function jsonOf<T>(result: ProcessResult): T {
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines, printed(result)).toHaveLength(1);
  return JSON.parse(lines[0]) as T;
}

/** Parses `status --json` (or `check --json`), checking the SPEC §6 shape and key order. */
export function statusDoc(result: ProcessResult): StatusDoc {
  const doc = jsonOf<StatusDoc>(result);
  expect(Object.keys(doc)).toEqual(['databases']);
  for (const db of doc.databases) expect(Object.keys(db)).toEqual(STATUS_KEYS);
  return doc;
}

/** The status a database reports after the first `applied` revisions of its set ran (0: empty). */
export function statusAfter(target: DbTarget, db: DatabaseName, applied: number): StatusEntry {
  const chain = target.chain(db);
  return {
    name: db,
    dialect: target.dialect,
    state: applied === 0 ? 'empty' : applied < chain.length ? 'behind' : 'up_to_date',
    current: applied === 0 ? [] : [chain[applied - 1]],
    heads: [target.head(db)],
    pending: chain.slice(applied),
    legacyRelease: null,
  };
}

/** The text block `status` prints for one database of the report. */
export function statusBlock(entry: StatusEntry): string {
  return [
    `${entry.name} database (${entry.dialect}): ${entry.state}`,
    `   Current version: ${entry.current.join(', ') || '(none)'}`,
    `   Latest version: ${entry.heads.join(', ')}`,
    `   Pending: ${entry.pending.join(', ') || '(none)'}`,
  ].join('\n');
}

/** Runs a CLI command on the target that must exit 0. */
export async function ok(target: DbTarget, args: string[], env?: Record<string, string>): Promise<ProcessResult> {
  const result = await target.cli(args, env);
  expect(result.exitCode, `db ${args.join(' ')}\n${printed(result)}`).toBe(0);
  return result;
}

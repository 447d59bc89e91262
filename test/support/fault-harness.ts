import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runDb } from '../../src/cli/program.js';
import type { DatabaseName } from '../../src/version-guard/core/revision.js';
import type { DbTarget } from './db-targets.js';
import { RAW_ERROR_PATTERNS } from './e2e-helpers.js';
import { adminConnection } from './mysql-databases.js';
import { BUILT_MIGRATIONS } from './paths.js';
import { testConfig } from './engine.js';

/** What one in-process `db` command printed, and its exit status. */
export interface DbRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real `db` program in-process on `env` (no process: ~0.7 s saved per call). */
export async function dbInProcess(argv: readonly string[], env: Record<string, string>): Promise<DbRun> {
  const out: string[] = [];
  const err: string[] = [];
  const exitCode = await runDb(argv, {
    config: () => testConfig({ DB_MIGRATIONS_DIR: BUILT_MIGRATIONS, DB_BACKUP_BEFORE_UPGRADE: 'false', ...env }),
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { exitCode, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Output lines that betray a raw error or a stack trace (empty when none). */
export function rawErrorLines(text: string): string[] {
  return text.split('\n').filter((line) => RAW_ERROR_PATTERNS.some((pattern) => pattern.test(line)) || /^\s+at\s/.test(line));
}

/** The ids and head of a built migration set (any dialect), from its manifest. */
export function builtIds(dialect: string, db: DatabaseName): { ids: string[]; head: string; parentOfHead: string } {
  const revisions = (JSON.parse(readFileSync(join(BUILT_MIGRATIONS, dialect, db, 'manifest.json'), 'utf8')) as {
    revisions: { id: string; parents: string[] }[];
  }).revisions;
  const parents = new Set(revisions.flatMap((r) => r.parents));
  const head = revisions.find((r) => !parents.has(r.id))!;
  return { ids: revisions.map((r) => r.id), head: head.id, parentOfHead: head.parents[0] };
}

/** Every file under `dir` with a hash of its bytes, links with their target (null when `dir` does not exist). */
export function directoryState(dir: string): Record<string, string> | null {
  if (!existsSync(dir)) return null;
  const state: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) state[name] = `link to ${readlinkSync(path)}`;
    else state[name] = stat.isDirectory() ? 'dir' : createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return state;
}

const GUARD_ROWS = {
  bookkeeping: 'select name from mikro_orm_migrations order by id',
  checksums: 'select revision, checksum from schema_revision_checksum order by revision',
  failure: 'select revision from schema_upgrade_failure',
};

/** Tables and the guard's rows of both databases of a target: what must not change. */
export async function targetState(target: DbTarget): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  for (const db of ['agent', 'ops'] as const) {
    const tables = await target.tables(db).catch(() => null);
    state[`${db}.tables`] = tables;
    for (const [key, sql] of Object.entries(GUARD_ROWS)) {
      const table = sql.split(' from ')[1].split(' ')[0];
      state[`${db}.${key}`] = tables?.includes(table) ? await target.rows(db, sql) : null;
    }
  }
  return state;
}

/** Databases on the test server whose names start with `prefix`. */
export async function mysqlDatabasesLike(prefix: string): Promise<string[]> {
  const admin = await adminConnection();
  try {
    const [rows] = await admin.query('select schema_name as name from information_schema.schemata where schema_name like ? order by 1', [`${prefix}%`]);
    return (rows as { name: string }[]).map((r) => r.name);
  } finally {
    await admin.end();
  }
}

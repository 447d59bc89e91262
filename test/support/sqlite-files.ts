import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A private temporary directory for one test's database files. */
export function tempDir(prefix = 'guard-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Environment pointing the app at SQLite files in `dir`. */
export function sqliteEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DB_TYPE: 'sqlite',
    AGENT_DB_PATH: join(dir, 'agent.db'),
    OPS_DB_PATH: join(dir, 'ops.db'),
    ...extra,
  };
}

/** Runs `fn` on a SQLite file opened read-only. */
export function readDb<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Runs `fn` on a SQLite file opened for writing (created if missing). */
export function writeDb<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Recorded revision ids, in the order applied ([] when there is no file or no bookkeeping table). */
export function appliedRevisions(path: string): string[] {
  if (!existsSync(path)) return [];
  return readDb(path, (db) => {
    const table = db.prepare(`select 1 from sqlite_master where type='table' and name='mikro_orm_migrations'`).get();
    if (!table) return [];
    return (db.prepare('select name from mikro_orm_migrations order by id').all() as { name: string }[]).map((r) => r.name);
  });
}

/** Table names, sorted, without SQLite internals. */
export function tableNames(path: string): string[] {
  return readDb(path, (db) =>
    (db.prepare(`select name from sqlite_master where type='table' and name not like 'sqlite_%' order by name`).all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
}

/** Column names of a table. */
export function columnNames(path: string, table: string): string[] {
  return readDb(path, (db) => (db.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name));
}

/** sha256 of a file's bytes, or null when it does not exist. */
export function fileHash(path: string): string | null {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;
}

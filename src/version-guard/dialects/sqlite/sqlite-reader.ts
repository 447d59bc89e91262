import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { DatabaseName } from '../../core/revision.js';
import type { DatabaseReader } from '../../core/database-handle.js';
import { messages } from '../../core/messages/index.js';

/** A SQLite database opened read-only, on its first query (a missing file is never created), plus its closer. */
export function openSqliteReader(name: DatabaseName, path: string): { reader: DatabaseReader; close(): void } {
  let db: Database.Database | undefined;
  const reader: DatabaseReader = {
    name,
    dialect: 'sqlite',
    query: async (sql, params = []) => {
      db ??= new Database(path, { readonly: true, fileMustExist: true });
      return db.prepare(sql).all(...params) as Record<string, unknown>[];
    },
  };
  return { reader, close: () => db?.close() };
}

/**
 * Why a SQLite path can never hold a database (a missing file under something that is not a
 * directory), or null. Reading reports it as the ORM would when opening, without creating anything.
 */
export function unusableSqlitePath(path: string): string | null {
  if (existsSync(path)) return null;
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return statSync(dir).isDirectory() ? null : messages.notADirectoryCode(dir);
}

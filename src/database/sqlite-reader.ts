import Database from 'better-sqlite3';
import type { DatabaseName } from '../version-guard/revision.js';
import type { DatabaseReader } from '../version-guard/version.repository.js';

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

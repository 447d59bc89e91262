import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createSchemaInspector } from '../../src/version-guard/dialects/schema-inspector.js';
import type { DatabaseName } from '../../src/version-guard/core/revision.js';

/** The project's `legacy-baselines/` folder. */
export const LEGACY_BASELINES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'legacy-baselines');

/** Legacy releases that have a `.sql` file. */
export const LEGACY_SQL_RELEASES = ['0.1.1', '0.1.2', '0.1.3'] as const;

/** Creates (or extends) the SQLite file `file` with the schema `release` created for `database`. */
export function createLegacySqliteDatabase(file: string, database: DatabaseName, release: string): void {
  runSqliteScript(file, readFileSync(join(LEGACY_BASELINES_DIR, 'sqlite', database, `v${release}.sql`), 'utf8'));
}

/** Runs a script of `;`-separated statements against the SQLite file `file`. */
export function runSqliteScript(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

/** Tables of the SQLite file `file` with their columns in order, MikroORM's bookkeeping table left out. */
export async function readSqliteSchema(file: string): Promise<Record<string, string[]>> {
  // not read-only: the ORM may not have created the file yet
  const db = new Database(file);
  try {
    const inspector = createSchemaInspector('sqlite', async (sql, params) =>
      db.prepare(sql).all(...(params ?? [])) as Record<string, unknown>[],
    );
    const tables = await inspector.listTablesWithColumns();
    tables.delete('mikro_orm_migrations');
    return Object.fromEntries(tables);
  } finally {
    db.close();
  }
}

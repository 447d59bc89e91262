import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseName } from '../../src/version-guard/core/revision.js';
import { createLegacySqliteDatabase } from '../helpers/legacy-sqlite.js';
import { BASELINES_DIR } from './paths.js';
import { readDb, writeDb } from './sqlite-files.js';

/** `legacy-baselines/baselines.json`. */
export const baselines = JSON.parse(readFileSync(join(BASELINES_DIR, 'baselines.json'), 'utf8')) as {
  trackingRelease: string;
  sets: Record<string, { releases: Record<string, { revision: string; tables: Record<string, string[]> }> }>;
};

/** The revision id a release is stamped with in a set (`legacy-baselines/baselines.json`). */
export function releaseRevision(database: DatabaseName, release: string, dialect: 'sqlite' | 'mysql' = 'sqlite'): string {
  return baselines.sets[`${dialect}_${database}`].releases[release].revision;
}

const UNTRACKED_RELEASES = ['0.1.1', '0.1.2', '0.1.3'];

/**
 * The release a legacy database of `release` is recognised as: the newest untracked release with
 * the same schema (0.1.1 is 0.1.2; the ops schema did not change from 0.1.2 to 0.1.3).
 */
export function recognisedRelease(database: DatabaseName, release: string, dialect: 'sqlite' | 'mysql' = 'sqlite'): string {
  const releases = baselines.sets[`${dialect}_${database}`].releases;
  const schema = JSON.stringify(releases[release].tables);
  return UNTRACKED_RELEASES.filter((r) => JSON.stringify(releases[r].tables) === schema).at(-1)!;
}

/** The revision id a legacy database of `release` is stamped with (see `recognisedRelease`). */
export function stampedRevision(database: DatabaseName, release: string, dialect: 'sqlite' | 'mysql' = 'sqlite'): string {
  return baselines.sets[`${dialect}_${database}`].releases[recognisedRelease(database, release, dialect)].revision;
}

function valueFor(type: string, column: string, row: number): string | number {
  if (/int|bool|float|numeric|decimal/i.test(type)) return row;
  if (/json/i.test(type)) return JSON.stringify({ column, row });
  if (/date|time/i.test(type)) return `2025-0${row}-01 12:00:00`;
  // the same value for a column name in every table, so that foreign keys find their rows
  return `${column}#${row}`;
}

/** Builds a legacy SQLite database from a release's `.sql` file and puts two rows in every table. */
export function createSeededLegacyDatabase(path: string, database: DatabaseName, release: string): void {
  createLegacySqliteDatabase(path, database, release);
  writeDb(path, (db) => {
    const tables = db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`).all() as { name: string }[];
    for (const { name } of tables) {
      const columns = db.prepare('select name, type from pragma_table_info(?)').all(name) as { name: string; type: string }[];
      const insert = db.prepare(
        `insert into "${name}" (${columns.map((c) => `"${c.name}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      );
      for (const row of [1, 2]) insert.run(...columns.map((c) => valueFor(c.type, c.name, row)));
    }
  });
}

/** Rows of `after` hold every row of `before`, value for value in the columns both still have. */
export function rowsKept(before: Record<string, unknown>[], after: Record<string, unknown>[]): boolean {
  if (before.length !== after.length) return false;
  return before.every((row, i) =>
    Object.entries(row).every(([column, value]) => !(column in after[i]) || JSON.stringify(after[i][column]) === JSON.stringify(value)),
  );
}

/** Every row of every table (no bookkeeping), for before/after comparisons. */
export function dumpRows(path: string): Record<string, Record<string, unknown>[]> {
  return readDb(path, (db) => {
    const tables = db
      .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> 'mikro_orm_migrations' order by name`)
      .all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`select * from "${name}" order by rowid`).all() as Record<string, unknown>[]]));
  });
}

/** The schema (DDL of the table and its indexes) and rows of one table, byte-comparable. */
export function tableSnapshot(path: string, table: string): string {
  return readDb(path, (db) => {
    const ddl = db.prepare(`select type, name, sql from sqlite_master where tbl_name = ? order by type, name`).all(table);
    const rows = db.prepare(`select * from "${table}" order by rowid`).all();
    return JSON.stringify({ ddl, rows });
  });
}

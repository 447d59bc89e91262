import { createConnection, type Connection } from 'mysql2/promise';
import { DATABASE_NAMES, type DatabaseName } from '../../src/version-guard/core/revision.js';
import { createLegacySqliteDatabase } from '../helpers/legacy-sqlite.js';
import type { DbTarget } from './db-targets.js';
import { baselines, createSeededLegacyDatabase, releaseRevision, tableSnapshot } from './legacy-data.js';
import { createTable } from './mysql-databases.js';
import { loadLegacySchema, seedEveryTable, tableRows } from './mysql-scenarios.js';

/** The dialects 0.1.1–0.1.3 ran on (none ran on PostgreSQL): the only ones with untracked legacy databases. */
export type LegacyDialect = 'sqlite' | 'mysql';

/** Whether a target's dialect has legacy databases. */
export const hasLegacy = (dialect: string): dialect is LegacyDialect => dialect === 'sqlite' || dialect === 'mysql';

/** The target's dialect, which must be one with legacy databases. */
export function legacyDialect(target: DbTarget): LegacyDialect {
  if (!hasLegacy(target.dialect)) throw new Error(`no 0.1.x release ran on ${target.dialect}`);
  return target.dialect;
}

const sqlitePath = (target: DbTarget, db: DatabaseName) => target.env[`${db.toUpperCase()}_DB_PATH`];

/** Runs `fn` on a connection to one database of a MySQL target (multiple statements allowed). */
async function withMysql<T>(target: DbTarget, db: DatabaseName, fn: (c: Connection) => Promise<T>): Promise<T> {
  const c = await createConnection({ uri: target.env[`${db.toUpperCase()}_DB_URL`], multipleStatements: true });
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Turns one empty database of the target into the one `release` created (no migration history), with two rows in every table when `seed`. */
export async function loadLegacyDatabase(target: DbTarget, db: DatabaseName, release: string, { seed = true } = {}): Promise<void> {
  if (legacyDialect(target) === 'sqlite') {
    (seed ? createSeededLegacyDatabase : createLegacySqliteDatabase)(sqlitePath(target, db), db, release);
    return;
  }
  await withMysql(target, db, async (c) => {
    await loadLegacySchema(c, db, release);
    if (seed) await seedEveryTable(c);
  });
}

/** Turns the target's empty pair into the one `release` created, with two rows in every table when `seed`. */
export async function makeLegacyPair(target: DbTarget, release: string, options: { seed?: boolean } = {}): Promise<void> {
  for (const db of DATABASE_NAMES) await loadLegacyDatabase(target, db, release, options);
}

/** The revision id `release` is recorded as in the target's set of `db` (`legacy-baselines/baselines.json`). */
export function releaseRevisionOf(target: DbTarget, db: DatabaseName, release: string): string {
  return releaseRevision(db, release, legacyDialect(target));
}

/** The tables `release`'s schema has in the target's set of `db`. */
export function releaseTablesOf(target: DbTarget, db: DatabaseName, release: string): string[] {
  return Object.keys(baselines.sets[`${legacyDialect(target)}_${db}`].releases[release].tables);
}

/**
 * One table's definition and rows, equal before and after exactly when neither changed (SQLite:
 * the DDL of the table and its indexes; MySQL: `show create table` byte for byte).
 */
export async function tableState(target: DbTarget, db: DatabaseName, table: string): Promise<unknown> {
  if (legacyDialect(target) === 'sqlite') return tableSnapshot(sqlitePath(target, db), table);
  return withMysql(target, db, async (c) => ({ ddl: await createTable(c, table), rows: await tableRows(c, table) }));
}

/** Names of the indexes a table's definition declares (not the primary key, not SQLite's automatic ones). */
export async function indexNames(target: DbTarget, db: DatabaseName, table: string): Promise<string[]> {
  const sql =
    legacyDialect(target) === 'sqlite'
      ? `select name from sqlite_master where type = 'index' and tbl_name = '${table}' and sql is not null order by name`
      : `select distinct index_name as name from information_schema.statistics where table_schema = database() and table_name = '${table}' and index_name <> 'PRIMARY' order by name`;
  return (await target.rows(db, sql)).map((r) => String(r.name));
}

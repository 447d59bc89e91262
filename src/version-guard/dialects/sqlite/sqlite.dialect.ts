import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DialectSupport, FaultKind, SchemaQueries, SqliteLocation } from '../dialect-support.js';
import { UnusableLocationError } from '../dialect-support.js';
import { canonicalPath } from './canonical-path.js';
import { faultMessages, messages } from '../../core/messages/index.js';

// Columns through table_xinfo, generated ones included, as MikroORM reads them. Indexes named
// sqlite_* are the ones SQLite makes itself for a primary key or a unique constraint: MikroORM does
// not list them.
const QUERIES: SchemaQueries = {
  listTables: `select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name`,
  tablesWithColumns:
    `select m.name as table_name, p.name as column_name from sqlite_master m join pragma_table_xinfo(m.name) p ` +
    `where m.type = 'table' and m.name not like 'sqlite\\_%' escape '\\' order by m.name, p.cid`,
  tableExists: `select 1 as found from sqlite_master where type = 'table' and name = ?`,
  columnExists: `select 1 as found from pragma_table_xinfo(?) where name = ?`,
  indexExists: `select 1 as found from sqlite_master where type = 'index' and tbl_name = ? and name = ?`,
  tablesWithIndexes:
    `select i.tbl_name as table_name, i.name as index_name from sqlite_master i join sqlite_master t on t.type = 'table' and t.name = i.tbl_name ` +
    `where i.type = 'index' and substr(i.name, 1, 7) <> 'sqlite_' and t.name not like 'sqlite\\_%' escape '\\' order by i.tbl_name, i.name`,
};

const has = (codes: readonly string[], ...wanted: string[]) => codes.some((code) => wanted.some((w) => code.startsWith(w)));

/** SQLite, the embedded default: one file per database, driven by better-sqlite3. */
export const sqliteDialect: DialectSupport<SqliteLocation> = {
  name: 'sqlite',
  label: 'SQLite',
  driverClass: 'SqliteDriver',
  location: {
    kind: 'path',
    key: (database) => `${database.toUpperCase()}_DB_PATH`,
    defaultPath: (database) => `./data/${database}.db`,
  },
  parseLocation: (value) => ({ dialect: 'sqlite', path: value }),
  sameDatabase: (a, b) => canonicalPath(a.path) === canonicalPath(b.path),
  printable: (location) => location.path,
  privilegeHelp: (location) => faultMessages.privileges.sqlite(location.path),
  redact: (text) => text,
  transactionalDdl: true,
  indexNamesSchemaWide: true,
  singleConnection: true,
  schemaQueries: QUERIES,
  insertIgnoringDuplicate: (table, columns) => `insert or ignore into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,

  async ormOptions(location, { mode, lockTimeoutMs }) {
    const { SqliteDriver } = await import('@mikro-orm/sqlite');
    // a busy database waits as long as an upgrade lock would, then reports who holds it
    const timeout = lockTimeoutMs;
    if (mode === 'read') {
      // a path that can never hold the file is as unusable as in write mode
      const blocker = fileInThePath(dirname(location.path));
      if (blocker) throw new UnusableLocationError(blocker, messages.notADirectory(blocker));
      // a missing file is read as an empty database by the engine and never opened
      return { driver: SqliteDriver, dbName: location.path, driverOptions: { timeout, fileMustExist: true } };
    }
    try {
      mkdirSync(dirname(location.path), { recursive: true });
    } catch (error) {
      const code = (error as { code?: string }).code;
      // EEXIST / ENOTDIR: some part of the path is a file where a directory is needed
      if (code === 'EEXIST' || code === 'ENOTDIR') throw new UnusableLocationError(dirname(location.path), messages.notADirectory(dirname(location.path)));
      throw new UnusableLocationError(null, error instanceof Error ? error.message : String(error));
    }
    return { driver: SqliteDriver, dbName: location.path, driverOptions: { timeout } };
  },

  async offlineOptions() {
    return { driver: (await import('@mikro-orm/sqlite')).SqliteDriver, dbName: ':memory:' };
  },

  emptyStandIn: () => ({ dialect: 'sqlite', path: ':memory:' }),

  // SQLite creates a file on open: a missing one is reported, never opened
  isMissing: async (location) => location.path !== ':memory:' && !existsSync(location.path),

  async upgradeLock(location) {
    const { SqliteUpgradeLock } = await import('./sqlite-upgrade-lock.js');
    return new SqliteUpgradeLock(location.path);
  },

  async backup(location, dir, label) {
    const { backupSqlite } = await import('./sqlite-backup.js');
    return backupSqlite(location.path, dir, label);
  },

  async openReader(database, location) {
    const { openSqliteReader, unusableSqlitePath } = await import('./sqlite-reader.js');
    const unusable = unusableSqlitePath(location.path);
    if (unusable) throw new UnusableLocationError(null, unusable);
    return openSqliteReader(database, location.path);
  },

  classifyFault(codes, text): FaultKind | null {
    if (has(codes, 'SQLITE_BUSY', 'SQLITE_LOCKED') || /database is locked/i.test(text)) return 'locked';
    if (has(codes, 'SQLITE_NOTADB', 'SQLITE_CORRUPT')) return 'damaged';
    if (has(codes, 'SQLITE_FULL', 'ENOSPC') || /database or disk is full/i.test(text)) return 'disk_full';
    if (has(codes, 'SQLITE_READONLY', 'EROFS', 'EACCES', 'EPERM') || /readonly database/i.test(text)) return 'read_only';
    if (has(codes, 'SQLITE_CANTOPEN')) return 'cannot_create';
    return null;
  },
};

// The nearest existing ancestor of `dir` (itself included) when it is a file, not a directory.
function fileInThePath(dir: string): string | null {
  for (let current = dir; ; current = dirname(current)) {
    const stat = statSync(current, { throwIfNoEntry: false });
    if (stat) return stat.isDirectory() ? null : current;
    if (dirname(current) === current) return null;
  }
}

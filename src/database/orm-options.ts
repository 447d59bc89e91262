import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { AppConfig } from '../config/app-config.js';
import type { DatabaseName } from '../version-guard/revision.js';
import { BOOKKEEPING_TABLE } from '../version-guard/version.repository.js';
import { DatabaseUnreachableError } from '../version-guard/startup.errors.js';
import { faultMessages } from '../version-guard/fault.messages.js';
import type { Dialect } from '../version-guard/revision.js';

/**
 * How a database is opened: `write` may create the SQLite directory and file or the MySQL
 * database; `read` creates nothing (read-only commands, the app under policy `off`).
 */
export type AccessMode = 'read' | 'write';

/** How to open a database: the access mode, and whether the entity classes are loaded. */
export interface OpenOptions {
  readonly mode?: AccessMode;
  /** false for commands that only run, revert or record migrations (the entity classes are not even loaded). */
  readonly entities?: boolean;
}

/**
 * The entities of `database` as `dialect` sees them. Each table has one entity definition; the
 * two histories differ in which tables exist (`trace_summary` is MySQL only, chosen by
 * `entitiesFor`) and in index naming (SQLite suffixes index names with the table and keeps unique
 * constraints where introspection does not see them, applied by `applyDialectNaming`). Loaded
 * on demand: commands that only run migrations never pay for the entity classes.
 */
export async function entityOptionsFor(database: DatabaseName, dialect: Dialect): Promise<Partial<Options>> {
  const { entitiesFor } = await import('./entities/index.js');
  const { applyDialectNaming } = await import('./entities/index-naming.js');
  return {
    entities: [...entitiesFor(database, dialect)],
    discovery: { onMetadata: (meta) => applyDialectNaming(meta, dialect) },
  };
}

/** MikroORM options for one database, for `@mikro-orm/nestjs` and the CLI alike. */
export async function ormOptionsFor(config: AppConfig, name: DatabaseName, { mode = 'write', entities = true }: OpenOptions = {}): Promise<Partial<Options>> {
  const location = config.databases[name];
  const common: Partial<Options> = {
    ...(entities ? await entityOptionsFor(name, location.dialect) : { entities: [], discovery: { warnWhenNoEntities: false } }),
    extensions: [Migrator],
    allowGlobalContext: true,
    migrations: {
      tableName: BOOKKEEPING_TABLE,
      migrationsList: [],
      snapshot: false,
      silent: true,
      // DDL is not transactional on MySQL: a wrapping transaction would only pretend
      transactional: location.dialect === 'sqlite',
      allOrNothing: true,
    },
  };
  if (location.dialect === 'sqlite') {
    const { SqliteDriver } = await import('@mikro-orm/sqlite');
    // a busy database waits as long as an upgrade lock would, then reports who holds it
    const timeout = config.lockTimeoutMs;
    if (mode === 'read') {
      // a path that can never hold the file is as unusable as in write mode
      const blocker = fileInThePath(dirname(location.path));
      if (blocker) throw new DatabaseUnreachableError(name, location.path, `${name.toUpperCase()}_DB_PATH`, faultMessages.notADirectory(blocker));
      // a missing file is read as an empty database by the engine and never opened
      return { ...common, driver: SqliteDriver, dbName: location.path, driverOptions: { timeout, fileMustExist: true } };
    }
    try {
      mkdirSync(dirname(location.path), { recursive: true });
    } catch (error) {
      const code = (error as { code?: string }).code;
      // EEXIST / ENOTDIR: some part of the path is a file where a directory is needed
      const reason = code === 'EEXIST' || code === 'ENOTDIR' ? faultMessages.notADirectory(dirname(location.path)) : error instanceof Error ? error.message : String(error);
      throw new DatabaseUnreachableError(name, location.path, `${name.toUpperCase()}_DB_PATH`, reason);
    }
    return { ...common, driver: SqliteDriver, dbName: location.path, driverOptions: { timeout } };
  }
  const { MySqlDriver } = await import('@mikro-orm/mysql');
  const { mysqlSessionSetup } = await import('../version-guard/mysql-sessions.js');
  if (mode === 'write') {
    // instead of MikroORM's check-then-create, which races when several processes start at once
    const { createDatabaseIfMissing } = await import('../version-guard/mysql-database.js');
    const { unreachableError } = await import('../version-guard/database-fault.js');
    await createDatabaseIfMissing(location.url).catch((error: unknown) => {
      throw unreachableError(config, name, error);
    });
  }
  return {
    ...common,
    driver: MySqlDriver,
    clientUrl: location.url,
    dbName: location.dbName,
    ensureDatabase: false,
    onCreateConnection: mysqlSessionSetup(config.ddlLockTimeoutS),
  };
}

// The nearest existing ancestor of `dir` (itself included) when it is a file, not a directory.
function fileInThePath(dir: string): string | null {
  for (let current = dir; ; current = dirname(current)) {
    const stat = statSync(current, { throwIfNoEntry: false });
    if (stat) return stat.isDirectory() ? null : current;
    if (dirname(current) === current) return null;
  }
}


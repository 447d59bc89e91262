import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { AppConfig } from '../config/app-config.js';
import type { DatabaseName } from '../version-guard/revision.js';
import { BOOKKEEPING_TABLE } from '../version-guard/version.repository.js';
import { DatabaseUnreachableError } from '../version-guard/startup.errors.js';
import type { Dialect } from '../version-guard/revision.js';
import { entitiesFor } from './entities/index.js';
import { applyDialectNaming } from './entities/index-naming.js';

/**
 * The entities of `database` as `dialect` sees them. Each table has one entity definition; the
 * two histories differ in which tables exist (`trace_summary` is MySQL only, chosen by
 * `entitiesFor`) and in index naming (SQLite suffixes index names with the table and keeps unique
 * constraints where introspection does not see them, applied by `applyDialectNaming`).
 */
export function entityOptionsFor(database: DatabaseName, dialect: Dialect): Partial<Options> {
  return {
    entities: [...entitiesFor(database, dialect)],
    discovery: { onMetadata: (meta) => applyDialectNaming(meta, dialect) },
  };
}

/** MikroORM options for one database, for `@mikro-orm/nestjs` and the CLI alike. */
export async function ormOptionsFor(config: AppConfig, name: DatabaseName): Promise<Partial<Options>> {
  const location = config.databases[name];
  const common: Partial<Options> = {
    ...entityOptionsFor(name, location.dialect),
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
    try {
      mkdirSync(dirname(location.path), { recursive: true });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DatabaseUnreachableError(name, location.path, `${name.toUpperCase()}_DB_PATH`, reason);
    }
    const { SqliteDriver } = await import('@mikro-orm/sqlite');
    return { ...common, driver: SqliteDriver, dbName: location.path };
  }
  const { MySqlDriver } = await import('@mikro-orm/mysql');
  return { ...common, driver: MySqlDriver, clientUrl: location.url, dbName: location.dbName };
}

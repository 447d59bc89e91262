import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { AppConfig } from '../config/app-config.js';
import type { DatabaseName } from '../version-guard/revision.js';
import { BOOKKEEPING_TABLE } from '../version-guard/version.repository.js';
import { DatabaseUnreachableError } from '../version-guard/startup.errors.js';

/**
 * MikroORM options for one database, for `@mikro-orm/nestjs` and the CLI alike. Without
 * `entities` (commands that only run migrations) the entity classes are not even loaded.
 */
export async function ormOptionsFor(config: AppConfig, name: DatabaseName, { entities = true } = {}): Promise<Partial<Options>> {
  const location = config.databases[name];
  const common: Partial<Options> = {
    ...(entities ? { entities: await entitiesOf(name) } : { entities: [], discovery: { warnWhenNoEntities: false } }),
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
  const { mysqlSessionSetup } = await import('../version-guard/mysql-sessions.js');
  return {
    ...common,
    driver: MySqlDriver,
    clientUrl: location.url,
    dbName: location.dbName,
    onCreateConnection: mysqlSessionSetup(config.ddlLockTimeoutS),
  };
}

async function entitiesOf(name: DatabaseName): Promise<NonNullable<Options['entities']>> {
  const { AGENT_ENTITIES, OPS_ENTITIES } = await import('./entities/index.js');
  return [...(name === 'agent' ? AGENT_ENTITIES : OPS_ENTITIES)];
}

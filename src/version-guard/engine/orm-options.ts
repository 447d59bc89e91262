import type { Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { AppConfig } from '../../config/app-config.js';
import { UnusableLocationError, type AccessMode } from '../dialects/dialect-support.js';
import { supportFor } from '../dialects/registry.js';
import type { DatabaseName } from '../core/revision.js';
import { BOOKKEEPING_TABLE } from './bookkeeping/guard-tables.js';
import { DatabaseUnreachableError } from '../core/startup.errors.js';
import { faultMessages } from '../core/messages/index.js';
import type { Dialect } from '../core/revision.js';

/**
 * How a database is opened: `write` may create the database (a file and its directory, a
 * database on a server); `read` creates nothing (read-only commands, the app under policy `off`).
 */
export type { AccessMode };

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
  const { entitiesFor } = await import('../../database/entities/index.js');
  const { applyDialectNaming } = await import('../../database/entities/index-naming.js');
  return {
    entities: [...entitiesFor(database, dialect)],
    discovery: { onMetadata: (meta) => applyDialectNaming(meta, dialect) },
  };
}

/** MikroORM options for one database, for `@mikro-orm/nestjs` and the CLI alike. */
export async function ormOptionsFor(config: AppConfig, name: DatabaseName, { mode = 'write', entities = true }: OpenOptions = {}): Promise<Partial<Options>> {
  const location = config.databases[name];
  const support = supportFor(location);
  const common: Partial<Options> = {
    ...(entities ? await entityOptionsFor(name, location.dialect) : { entities: [], discovery: { warnWhenNoEntities: false } }),
    extensions: [Migrator],
    allowGlobalContext: true,
    migrations: {
      tableName: BOOKKEEPING_TABLE,
      migrationsList: [],
      snapshot: false,
      silent: true,
      // where DDL is not transactional, a wrapping transaction would only pretend
      transactional: support.transactionalDdl,
      allOrNothing: true,
    },
  };
  try {
    const connection = await support.ormOptions(location, { mode, lockTimeoutMs: config.lockTimeoutMs, ddlLockTimeoutS: config.ddlLockTimeoutS, leaseMs: config.lockLeaseMs });
    return { ...common, ...connection };
  } catch (error) {
    if (error instanceof UnusableLocationError) {
      const reason = error.notADirectory ? faultMessages.notADirectory(error.notADirectory) : error.message;
      throw new DatabaseUnreachableError(name, support.printable(location), support.location.key(name), reason);
    }
    const { unreachableError } = await import('./database-fault.js');
    throw unreachableError(config, name, error);
  }
}

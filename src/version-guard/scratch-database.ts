import { MikroORM } from '@mikro-orm/core';
import type { AppConfig, DatabaseLocation } from '../config/app-config.js';
import { ormOptionsFor } from '../database/orm-options.js';
import type { ManagedDatabase } from './version.repository.js';

// `information_schema` holds no base tables: queries against it see an empty schema.
function emptyLocation(location: DatabaseLocation): DatabaseLocation {
  if (location.dialect === 'sqlite') return { dialect: 'sqlite', path: ':memory:' };
  return { ...location, dbName: 'information_schema' };
}

/**
 * A stand-in for a database that does not exist yet: an empty schema that answers the same
 * questions (`upgrade --sql` plans against it) without creating the real file or database.
 */
export async function openScratchDatabase(config: AppConfig, db: ManagedDatabase): Promise<ManagedDatabase> {
  const scratch: AppConfig = { ...config, databases: { ...config.databases, [db.name]: emptyLocation(config.databases[db.name]) } };
  const options = await ormOptionsFor(scratch, db.name, { mode: 'read' });
  return { ...db, orm: await MikroORM.init({ ...options, driverOptions: undefined }) };
}

/** Whether a driver error says the MySQL database does not exist (ER_BAD_DB_ERROR). */
export function isMissingDatabaseError(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === 'ER_BAD_DB_ERROR' || e.errno === 1049) return true;
  return e.cause !== undefined && e.cause !== error && isMissingDatabaseError(e.cause);
}

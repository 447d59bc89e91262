import { MikroORM } from '@mikro-orm/core';
import type { AppConfig } from '../../config/app-config.js';
import { supportFor } from '../dialects/registry.js';
import { ormOptionsFor } from './orm-options.js';
import type { ManagedDatabase } from '../core/database-handle.js';

/**
 * A stand-in for a database that does not exist yet: an empty schema that answers the same
 * questions (`upgrade --sql` plans against it) without creating the real file or database.
 */
export async function openScratchDatabase(config: AppConfig, db: ManagedDatabase): Promise<ManagedDatabase> {
  const scratch: AppConfig = { ...config, databases: { ...config.databases, [db.name]: supportFor(config.databases[db.name]).emptyStandIn(config.databases[db.name] as never) } };
  const options = await ormOptionsFor(scratch, db.name, { mode: 'read' });
  return { ...db, orm: await MikroORM.init({ ...options, driverOptions: undefined }) };
}

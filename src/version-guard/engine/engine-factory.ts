import type { AppConfig } from '../../config/app-config.js';
import { loadLegacyBaselines } from './legacy-baselines.adapter.js';
import type { OpenOptions } from './orm-options.js';
import type { DatabaseName } from '../core/revision.js';
import { RevisionCatalog } from './revision-catalog.js';
import { VersionEngine } from './version-engine.js';
import type { ManagedDatabase } from '../core/database-handle.js';

/** The engine for `config`: its migration sets and the release baselines. */
export async function createVersionEngine(config: AppConfig): Promise<VersionEngine> {
  return new VersionEngine(config, new RevisionCatalog(config.migrationsDir), await loadLegacyBaselines());
}

/** One database could not be opened (its SQLite path or MySQL settings are unusable). */
export class DatabaseOpenError extends Error {
  constructor(
    readonly database: DatabaseName,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** MikroORM instances for the named databases, without Nest (the CLI starts faster without it). */
export async function openManagedDatabases(
  config: AppConfig,
  names: readonly DatabaseName[],
  options: OpenOptions = {},
): Promise<ManagedDatabase[]> {
  // MikroORM and the entities are loaded only by the commands that open the ORM
  const { MikroORM } = await import('@mikro-orm/core');
  const { ormOptionsFor } = await import('./orm-options.js');
  const opened: ManagedDatabase[] = [];
  try {
    for (const name of names) {
      const orm = await ormOptionsFor(config, name, options)
        .then((options) => MikroORM.init(options))
        .catch((error: unknown) => {
          throw new DatabaseOpenError(name, error);
        });
      opened.push({ name, dialect: config.dbType, orm });
    }
    return opened;
  } catch (error) {
    await Promise.all(opened.map((db) => db.orm.close(true)));
    throw error;
  }
}

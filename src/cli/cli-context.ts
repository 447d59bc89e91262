import type { AppConfig } from '../config/app-config.js';
import type { AccessMode } from '../database/orm-options.js';
import type { DatabaseName } from '../version-guard/revision.js';
import { createVersionEngine, openManagedDatabases } from '../version-guard/engine-factory.js';
import type { VersionEngine } from '../version-guard/version-engine.js';
import type { ManagedDatabase } from '../version-guard/version.repository.js';

/** What a database command works with: the engine the app uses, on the chosen databases only. */
export interface CliContext {
  readonly engine: VersionEngine;
  /** The databases chosen with `--db`, agent first. */
  readonly databases: readonly ManagedDatabase[];
  close(): Promise<void>;
}

/**
 * Opens the chosen databases with the same options and engine the app's module uses, but without
 * Nest: loading Nest costs more than most commands take.
 */
export async function openCliContext(config: AppConfig, chosen: readonly DatabaseName[], mode: AccessMode = 'write'): Promise<CliContext> {
  const engine = await createVersionEngine(config);
  const databases = await openManagedDatabases(config, chosen, mode);
  return {
    engine,
    databases,
    close: async () => {
      await Promise.all(databases.map((db) => db.orm.close(true)));
    },
  };
}

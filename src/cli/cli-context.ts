import type { AppConfig } from '../config/app-config.js';
import { UnusableLocationError } from '../version-guard/dialects/dialect-support.js';
import { dialectSupport } from '../version-guard/dialects/registry.js';
import type { OpenOptions } from '../version-guard/engine/orm-options.js';
import type { DatabaseName } from '../version-guard/core/revision.js';
import { DatabaseOpenError, createVersionEngine, openManagedDatabases } from '../version-guard/engine/engine-factory.js';
import type { VersionEngine } from '../version-guard/engine/version-engine.js';
import type { ManagedDatabase, ReadableDatabase } from '../version-guard/core/database-handle.js';

/** What a database command works with: the engine the app uses, on the chosen databases only. */
export interface CliContext<D extends ReadableDatabase = ManagedDatabase> {
  readonly engine: VersionEngine;
  /** The databases chosen with `--db`, agent first. */
  readonly databases: readonly D[];
  close(): Promise<void>;
}

export type { OpenOptions };

/**
 * Opens the chosen databases with the same options and engine the app's module uses, but without
 * Nest: loading Nest costs more than most commands take.
 */
export async function openCliContext(config: AppConfig, chosen: readonly DatabaseName[], options: OpenOptions = {}): Promise<CliContext> {
  const engine = await createVersionEngine(config);
  const databases = await openManagedDatabases(config, chosen, options);
  return {
    engine,
    databases,
    close: async () => {
      await Promise.all(databases.map((db) => db.orm.close(true)));
    },
  };
}

/**
 * Opens the chosen databases for reading a status only. Dialects with a reader of their own (SQLite
 * files, opened read-only) skip MikroORM, whose query stack takes longer to load than such a
 * command takes to run; the others open it without the entity classes, which a status never uses
 * (discovering them was about half of the CPU of `db status` on MySQL).
 */
export async function openReadOnlyContext(config: AppConfig, chosen: readonly DatabaseName[]): Promise<CliContext<ReadableDatabase>> {
  const support = dialectSupport(config.dbType);
  if (!support.openReader) return openCliContext(config, chosen, { mode: 'read', entities: false });
  const engine = await createVersionEngine(config);
  const opened: { reader: ReadableDatabase; close(): void }[] = [];
  for (const name of chosen) {
    try {
      opened.push(await support.openReader(name, config.databases[name] as never));
    } catch (error) {
      opened.forEach((db) => db.close());
      throw error instanceof UnusableLocationError ? new DatabaseOpenError(name, new Error(error.message)) : error;
    }
  }
  return {
    engine,
    databases: opened.map((db) => db.reader),
    close: async () => opened.forEach((db) => db.close()),
  };
}

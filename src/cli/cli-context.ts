import type { AppConfig } from '../config/app-config.js';
import type { OpenOptions } from '../database/orm-options.js';
import type { DatabaseName } from '../version-guard/revision.js';
import { DatabaseOpenError, createVersionEngine, openManagedDatabases } from '../version-guard/engine-factory.js';
import type { VersionEngine } from '../version-guard/version-engine.js';
import type { ManagedDatabase, ReadableDatabase } from '../version-guard/version.repository.js';

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
 * Opens the chosen databases for reading a status only. SQLite files are opened read-only without
 * MikroORM, whose query stack takes longer to load than such a command takes to run.
 */
export async function openReadOnlyContext(config: AppConfig, chosen: readonly DatabaseName[]): Promise<CliContext<ReadableDatabase>> {
  if (config.dbType !== 'sqlite') return openCliContext(config, chosen, { mode: 'read' });
  const { openSqliteReader, unusableSqlitePath } = await import('../database/sqlite-reader.js');
  const engine = await createVersionEngine(config);
  const opened = chosen.map((name) => {
    const location = config.databases[name];
    if (location.dialect !== 'sqlite') throw new Error(`${name} database is not SQLite`);
    const unusable = unusableSqlitePath(location.path);
    if (unusable) throw new DatabaseOpenError(name, new Error(unusable));
    return openSqliteReader(name, location.path);
  });
  return {
    engine,
    databases: opened.map((db) => db.reader),
    close: async () => opened.forEach((db) => db.close()),
  };
}

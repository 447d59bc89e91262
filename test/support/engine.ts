import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import type { AppConfig } from '../../src/config/app-config.js';
import { parseConfig } from '../../src/config/config.schema.js';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/config/load-config.js';
import { loadLegacyBaselines } from '../../src/version-guard/engine/legacy-baselines.adapter.js';
import { ormOptionsFor } from '../../src/version-guard/engine/orm-options.js';
import { DATABASE_NAMES, type DatabaseName } from '../../src/version-guard/core/revision.js';
import { RevisionCatalog } from '../../src/version-guard/engine/revision-catalog.js';
import { VersionEngine } from '../../src/version-guard/engine/version-engine.js';
import type { ManagedDatabase } from '../../src/version-guard/core/database-handle.js';
import { createSchemaInspector } from '../../src/version-guard/dialects/schema-inspector.js';
import { readQueryOf } from '../../src/version-guard/engine/bookkeeping/bookkeeping-store.js';
import { detectDrift } from '../../src/version-guard/engine/schema-drift.js';
import { UserSchemaReader } from '../../src/version-guard/engine/user-schema.reader.js';
import { tempDir } from './sqlite-files.js';

const EMPTY_DIR = tempDir('no-sqlite-files-');

/**
 * A validated config from test variables (throws on invalid ones). On a server dialect the SQLite
 * paths (read only to warn that SQLite files hold data) lie in an empty directory, not in
 * `./data` of the project: after `npm start` there, every MySQL start would warn about them.
 */
export function testConfig(env: Record<string, string>): AppConfig {
  const noSqliteFiles = (env.DB_TYPE ?? 'sqlite') === 'sqlite' ? {} : { AGENT_DB_PATH: join(EMPTY_DIR, 'agent.db'), OPS_DB_PATH: join(EMPTY_DIR, 'ops.db') };
  const result = parseConfig({ ...noSqliteFiles, ...env }, DEFAULT_MIGRATIONS_DIR);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/** The engine and both databases, in-process, as the app builds them (without Nest). */
export interface EngineHarness {
  readonly engine: VersionEngine;
  readonly db: Record<DatabaseName, ManagedDatabase>;
  close(): Promise<void>;
}

/** Opens the engine on the databases of `config`. */
export async function openEngine(config: AppConfig): Promise<EngineHarness> {
  const engine = new VersionEngine(config, new RevisionCatalog(config.migrationsDir), await loadLegacyBaselines());
  const entries = await Promise.all(
    DATABASE_NAMES.map(async (name) => {
      const orm = await MikroORM.init(await ormOptionsFor(config, name));
      return [name, { name, dialect: config.dbType, orm }] as const;
    }),
  );
  const db = Object.fromEntries(entries) as Record<DatabaseName, ManagedDatabase>;
  return {
    engine,
    db,
    close: async () => {
      await Promise.all(Object.values(db).map((d) => d.orm.close(true)));
    },
  };
}

/** The drift report of `db` against its entities at head, read as the engine reads it, ignoring `ignoredTables`. */
export async function driftOf(db: ManagedDatabase, ignoredTables: readonly string[]): Promise<string[]> {
  const live = await new UserSchemaReader(createSchemaInspector(db.dialect, readQueryOf(db)), new Set(ignoredTables)).readUserShapes();
  return detectDrift(db, live, ignoredTables);
}

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { SqliteDriver, DatabaseSchema, type AbstractSqlConnection, type AbstractSqlPlatform } from '@mikro-orm/sqlite';
import Database from 'better-sqlite3';
import type { AppConfig } from '../src/config/app-config.js';
import { parseConfig } from '../src/config/config.schema.js';
import { loadLegacyBaselines } from '../src/database/legacy-baselines.adapter.js';
import { ormOptionsFor } from '../src/database/orm-options.js';
import { RevisionCatalog } from '../src/version-guard/revision-catalog.js';
import { importRevisionFiles, type LoadedRevision } from '../src/version-guard/revision-modules.js';
import { VersionEngine } from '../src/version-guard/version-engine.js';
import type { ManagedDatabase } from '../src/version-guard/version.repository.js';

export type Db = 'agent' | 'ops';
export const DATABASES: readonly Db[] = ['agent', 'ops'];

/** A config for two fresh SQLite files using the migration sets under `root` (no backups). */
export function benchConfig(root: string | undefined): AppConfig {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const env: Record<string, string> = {
    AGENT_DB_PATH: join(dir, 'agent.db'),
    OPS_DB_PATH: join(dir, 'ops.db'),
    DB_BACKUP_BEFORE_UPGRADE: 'false',
    ...(root ? { DB_MIGRATIONS_DIR: root } : {}),
  };
  const result = parseConfig(env, resolve(import.meta.dirname, '..', 'migrations'));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/** The SQLite file of a database in a bench config. */
export function pathOf(config: AppConfig, db: Db): string {
  const location = config.databases[db];
  if (location.dialect !== 'sqlite') throw new Error('the benchmark runs on SQLite');
  return location.path;
}

/** The guard's engine over both databases, connected (a first query has run). */
export async function openGuard(config: AppConfig) {
  const engine = new VersionEngine(config, new RevisionCatalog(config.migrationsDir), await loadLegacyBaselines());
  const dbs = {} as Record<Db, ManagedDatabase>;
  for (const name of DATABASES) {
    const orm = await MikroORM.init(await ormOptionsFor(config, name));
    await orm.em.getConnection().execute('select 1');
    dbs[name] = { name, dialect: 'sqlite', orm };
  }
  return { engine, dbs, close: () => Promise.all(DATABASES.map((n) => dbs[n].orm.close(true))) };
}

/** Revision classes of a set directory, imported once (bare MikroORM gets them preloaded). */
export async function preload(root: string, db: Db): Promise<LoadedRevision[]> {
  const loaded = await importRevisionFiles(join(root, 'sqlite', db));
  const byId = new Map(loaded.map((r) => [r.info.id, r]));
  // chain order: follow parents from the root
  const ordered: LoadedRevision[] = [];
  let next = loaded.find((r) => r.info.parents.length === 0);
  const childOf = new Map(loaded.flatMap((r) => r.info.parents.map((p) => [p, r] as const)));
  while (next) {
    ordered.push(next);
    next = childOf.get(next.info.id);
  }
  return ordered.length === byId.size ? ordered : loaded;
}

/** Bare MikroORM on one SQLite file with a preloaded migrations list. */
export async function openBare(path: string, revisions: readonly LoadedRevision[]) {
  return MikroORM.init({
    driver: SqliteDriver,
    dbName: path,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: {
      migrationsList: revisions.map((r) => ({ name: r.info.id, class: r.migrationClass })),
      snapshot: false,
      silent: true,
    },
  });
}

/** Creates a SQLite database with `tables` tables of 6 columns and no history. */
export function legacyDatabase(path: string, tables: number): void {
  const db = new Database(path);
  db.exec('begin');
  for (let i = 0; i < tables; i++) {
    db.exec(`create table legacy_${i} (id integer primary key, name text, value text, created_at datetime, flag integer, note text)`);
  }
  db.exec('commit');
  db.close();
}

/** Bare MikroORM's schema introspection of a database (what detection has to read). */
export async function bareIntrospect(orm: MikroORM): Promise<number> {
  const schema = await DatabaseSchema.create(
    orm.em.getConnection() as AbstractSqlConnection,
    orm.em.getPlatform() as AbstractSqlPlatform,
    orm.config,
  );
  return schema.getTables().length;
}

/** Milliseconds from spawning the built app until it logs that it is listening. */
export function timeAppStart(env: Record<string, string>, cwd: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [resolve(import.meta.dirname, '..', 'main.js')], {
      cwd,
      env: { PATH: process.env.PATH, PORT: '0', NO_COLOR: '1', ...env },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('listening on port')) {
        const ms = performance.now() - started;
        child.kill('SIGTERM');
        resolvePromise(ms);
      }
    });
    child.on('close', (code) => {
      if (!out.includes('listening on port')) reject(new Error(`app exited ${code} before listening:\n${out}`));
    });
  });
}

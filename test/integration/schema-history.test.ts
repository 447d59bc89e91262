import { mkdtempSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityOptionsFor } from '../../src/version-guard/engine/orm-options.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { driftOf } from '../support/engine.js';
import { loadBaselines, type Baselines } from '../../src/version-guard/engine/legacy-baselines.js';
import { DATABASE_NAMES, type DatabaseName } from '../../src/version-guard/core/revision.js';
import { importRevisionFiles, type LoadedRevision } from '../../src/version-guard/engine/revision-modules.js';
import {
  createLegacySqliteDatabase,
  LEGACY_BASELINES_DIR,
  LEGACY_SQL_RELEASES,
  readSqliteSchema,
  runSqliteScript,
} from '../helpers/legacy-sqlite.js';

const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'migrations', 'sqlite');
const PROTECTED = 'user_message';
/** Revisions of the real history that change no schema (a release marker). */
const SCHEMA_NEUTRAL = new Set(['f6e49cd8c97d']);

let workDir: string;
let baselines: Baselines;
const chains = {} as Record<DatabaseName, LoadedRevision[]>;
let fileCount = 0;

/** A fresh, not yet existing SQLite file path. */
const newFile = () => join(workDir, `db-${++fileCount}.sqlite`);

/** Single-parent chain, root first (every set here is linear). */
function orderChain(revisions: LoadedRevision[]): LoadedRevision[] {
  const byParent = new Map(revisions.map((r) => [r.info.parents[0] ?? '', r]));
  const chain: LoadedRevision[] = [];
  for (let next = byParent.get(''); next; next = byParent.get(next.info.id)) chain.push(next);
  expect(chain).toHaveLength(revisions.length);
  return chain;
}

/** Runs `work` with a migrator over `file` that knows the whole chain of `database`. */
async function withMigrator<T>(file: string, database: DatabaseName, work: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await MikroORM.init({
    driver: SqliteDriver,
    dbName: file,
    entities: [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    migrations: {
      migrationsList: chains[database].map((r) => ({ name: r.info.id, class: r.migrationClass })),
      snapshot: false,
      silent: true,
    },
  });
  try {
    return await work(orm);
  } finally {
    await orm.close();
  }
}

/** Runs `work` with an ORM over `file` that knows the head entities of `database`. */
async function withEntities<T>(file: string, database: DatabaseName, work: (orm: MikroORM) => Promise<T>): Promise<T> {
  const orm = await MikroORM.init({
    driver: SqliteDriver,
    dbName: file,
    ...(await entityOptionsFor(database, 'sqlite')),
    schemaGenerator: { skipTables: [PROTECTED] },
  });
  try {
    return await work(orm);
  } finally {
    await orm.close();
  }
}

/** What the drift check reports for `file` against the head entities ([] when none). */
function drift(file: string, database: DatabaseName): Promise<string[]> {
  return withEntities(file, database, (orm) => driftOf({ name: database, dialect: 'sqlite', orm } as never, [PROTECTED, ...GUARD_TABLES]));
}

/** Every index of the SQLite file `file` (name, uniqueness, columns), constraints by their columns. */
function readSqliteIndexes(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `select m.name || ' ' || (case when i.origin = 'u' then '(constraint)' else i.name end) || ' ' || i."unique" || ' ' || ` +
          `(select group_concat(c.name) from pragma_index_info(i.name) c) as s from sqlite_master m join pragma_index_list(m.name) i ` +
          `where m.type = 'table' and m.name not like 'sqlite_%' and m.name <> 'mikro_orm_migrations' and i.origin in ('c', 'u')`,
      )
      .all() as { s: string }[];
    return rows.map((r) => r.s).sort();
  } finally {
    db.close();
  }
}

/** Tables with their column names sorted. */
function sortedColumns(tables: Record<string, readonly string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(tables).map(([table, columns]) => [table, [...columns].sort()]));
}

/** The baseline tables of `release` without the protected table. */
function releaseTables(database: DatabaseName, release: string): Record<string, readonly string[]> {
  const { [PROTECTED]: _protected, ...tables } = baselines.sets[`sqlite_${database}`].releases[release].tables;
  return tables;
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'schema-history-'));
  baselines = await loadBaselines(LEGACY_BASELINES_DIR);
  for (const database of DATABASE_NAMES) {
    chains[database] = orderChain(await importRevisionFiles(join(MIGRATIONS_DIR, database)));
  }
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe.each(DATABASE_NAMES)('sqlite %s schema history', (database) => {
  it.each(LEGACY_SQL_RELEASES)('v%s.sql creates exactly the baseline schema', async (release) => {
    const file = newFile();
    createLegacySqliteDatabase(file, database, release);
    expect(await readSqliteSchema(file)).toEqual(baselines.sets[`sqlite_${database}`].releases[release].tables);
  });

  it.each(['0.1.1', '0.1.2', '0.1.3', '0.1.4'])('migrating to the %s revision gives its baseline schema', async (release) => {
    const file = newFile();
    const { revision } = baselines.sets[`sqlite_${database}`].releases[release];
    await withMigrator(file, database, (orm) => orm.migrator.up({ to: revision }));
    expect(await readSqliteSchema(file)).toEqual(releaseTables(database, release));
  });

  it.each(LEGACY_SQL_RELEASES)('v%s.sql has the tables, columns and indexes the set produces at its revision', async (release) => {
    const legacy = newFile();
    createLegacySqliteDatabase(legacy, database, release);
    runSqliteScript(legacy, `drop table if exists \`${PROTECTED}\`;`);
    const migrated = newFile();
    const { revision } = baselines.sets[`sqlite_${database}`].releases[release];
    await withMigrator(migrated, database, (orm) => orm.migrator.up({ to: revision }));
    expect(await readSqliteSchema(legacy)).toEqual(await readSqliteSchema(migrated));
    expect(readSqliteIndexes(legacy)).toEqual(readSqliteIndexes(migrated));
  });

  it('migrating to head gives the schema of the entities, with no drift', async () => {
    const migrated = newFile();
    const created = newFile();
    await withMigrator(migrated, database, (orm) => orm.migrator.up());
    await withEntities(created, database, (orm) => orm.schema.create());
    // MikroORM puts primary key columns first; the migrations keep the history's column order
    expect(sortedColumns(await readSqliteSchema(migrated))).toEqual(sortedColumns(await readSqliteSchema(created)));
    expect(await drift(migrated, database)).toEqual([]);
    // a protected table is ignored whatever the case of its name; any other table is drift
    runSqliteScript(migrated, `create table ${PROTECTED.toUpperCase()} (id int); create table scratch (id int);`);
    expect(await drift(migrated, database)).toEqual(['table scratch: in the database, not in the entities']);
  });

  it.each(LEGACY_SQL_RELEASES)('a v%s database stamped and upgraded has no drift from the entities', async (release) => {
    const file = newFile();
    createLegacySqliteDatabase(file, database, release);
    const { revision } = baselines.sets[`sqlite_${database}`].releases[release];
    const protectedBefore = (await readSqliteSchema(file))[PROTECTED];
    await withMigrator(file, database, async (orm) => {
      await orm.migrator.logMigration(revision);
      await orm.migrator.up();
    });
    expect(await drift(file, database)).toEqual([]);
    expect((await readSqliteSchema(file))[PROTECTED]).toEqual(protectedBefore);
  });

  it('every revision down reverts its up, and down is idempotent', async () => {
    for (const [index, revision] of chains[database].entries()) {
      const file = newFile();
      await withMigrator(file, database, async (orm) => {
        if (index > 0) await orm.migrator.up({ to: chains[database][index - 1].info.id });
        const before = await readSqliteSchema(file);
        await orm.migrator.up({ migrations: [revision.info.id] });
        if (!SCHEMA_NEUTRAL.has(revision.info.id)) {
          expect(await readSqliteSchema(file), `${revision.info.id} up changes nothing`).not.toEqual(before);
        }
        await orm.migrator.down();
        // a column put back by down comes last (SQLite and Alembic alike): compare column sets
        expect(sortedColumns(await readSqliteSchema(file)), `${revision.info.id} down`).toEqual(sortedColumns(before));
        // recorded as applied although its changes are gone: down must still succeed
        await orm.migrator.logMigration(revision.info.id);
        await orm.migrator.down();
        expect(sortedColumns(await readSqliteSchema(file)), `${revision.info.id} second down`).toEqual(sortedColumns(before));
      });
    }
  });
});

describe('idempotent release-crossing revisions over a half auto-synced legacy database', () => {
  const headOf = (database: DatabaseName) => chains[database].at(-1)!.info.id;

  async function upgradeFrom(database: DatabaseName, release: string, extraDdl: string): Promise<string> {
    const file = newFile();
    createLegacySqliteDatabase(file, database, release);
    runSqliteScript(file, extraDdl);
    const { revision } = baselines.sets[`sqlite_${database}`].releases[release];
    await withMigrator(file, database, async (orm) => {
      await orm.migrator.logMigration(revision);
      await orm.migrator.up();
      expect((await orm.migrator.getExecuted()).map((row) => row.name)).toContain(headOf(database));
    });
    expect(await drift(file, database)).toEqual([]);
    return file;
  }

  it('agent v0.1.2 with part of 0.1.3 already synced (plugin inputs, workflow object key) upgrades to head', async () => {
    await upgradeFrom(
      'agent',
      '0.1.2',
      'alter table `plugin` add column `inputs` JSON;\nalter table `workflow` add column `object_key` VARCHAR(512);',
    );
  });

  it('agent v0.1.3 with part of 0.1.4 already synced (memory_base, index_manager_type, refresh_token) upgrades to head', async () => {
    await upgradeFrom(
      'agent',
      '0.1.3',
      'create table `memory_base` (`id` INTEGER NOT NULL, `space_id` VARCHAR(100) NOT NULL, `mdb_id` VARCHAR(100) NOT NULL, ' +
        '`name` VARCHAR(100) NOT NULL, `description` VARCHAR(100) NOT NULL, `embedding_model_config_id` INTEGER NOT NULL, ' +
        '`llm_model_config_id` INTEGER NOT NULL, `create_time` BIGINT NOT NULL, `update_time` BIGINT NOT NULL, ' +
        'PRIMARY KEY (`id`), CONSTRAINT `uix_mdb_id` UNIQUE (`mdb_id`));\n' +
        'alter table `knowledge_base` add column `index_manager_type` VARCHAR(200);\n' +
        "alter table `user` add column `refresh_token` VARCHAR(512) DEFAULT '';",
    );
  });

  it('agent v0.1.2 whose model column is already gone keeps its agents and reaches head', async () => {
    await upgradeFrom('agent', '0.1.2', 'alter table `agent_publish` drop column `model`;');
  });
});

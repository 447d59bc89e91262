import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_ENTITIES, OPS_ENTITIES } from '../../src/database/entities/index.js';
import { loadBaselines, type Baselines } from '../../src/database/legacy-baselines.js';
import { DATABASE_NAMES, type DatabaseName } from '../../src/version-guard/revision.js';
import { importRevisionFiles, type LoadedRevision } from '../../src/version-guard/revision-modules.js';
import {
  createLegacySqliteDatabase,
  LEGACY_BASELINES_DIR,
  LEGACY_SQL_RELEASES,
  readSqliteSchema,
  runSqliteScript,
} from '../helpers/legacy-sqlite.js';

const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'migrations', 'sqlite');
const ENTITIES = { agent: AGENT_ENTITIES, ops: OPS_ENTITIES };
const PROTECTED = 'user_message';

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
    entities: [...ENTITIES[database]],
    schemaGenerator: { skipTables: [PROTECTED] },
  });
  try {
    return await work(orm);
  } finally {
    await orm.close();
  }
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

  it('migrating to head gives the schema of the entities, with no drift', async () => {
    const migrated = newFile();
    const created = newFile();
    await withMigrator(migrated, database, (orm) => orm.migrator.up());
    await withEntities(created, database, (orm) => orm.schema.create());
    expect(await readSqliteSchema(migrated)).toEqual(await readSqliteSchema(created));
    expect(await withEntities(migrated, database, (orm) => orm.schema.getUpdateSchemaSQL({ wrap: false }))).toBe('');
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
    expect(await withEntities(file, database, (orm) => orm.schema.getUpdateSchemaSQL({ wrap: false }))).toBe('');
    expect((await readSqliteSchema(file))[PROTECTED]).toEqual(protectedBefore);
  });

  it('every revision down reverts its up, and down is idempotent', async () => {
    for (const [index, revision] of chains[database].entries()) {
      const file = newFile();
      await withMigrator(file, database, async (orm) => {
        if (index > 0) await orm.migrator.up({ to: chains[database][index - 1].info.id });
        const before = await readSqliteSchema(file);
        await orm.migrator.up({ migrations: [revision.info.id] });
        expect(await readSqliteSchema(file), `${revision.info.id} up changes nothing`).not.toEqual(before);
        await orm.migrator.down();
        expect(await readSqliteSchema(file), `${revision.info.id} down`).toEqual(before);
        // recorded as applied although its changes are gone: down must still succeed
        await orm.migrator.logMigration(revision.info.id);
        await orm.migrator.down();
        expect(await readSqliteSchema(file), `${revision.info.id} second down`).toEqual(before);
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
    expect(await withEntities(file, database, (orm) => orm.schema.getUpdateSchemaSQL({ wrap: false }))).toBe('');
    return file;
  }

  it('agent v0.1.2 with plugin and workflow.version already added upgrades to head', async () => {
    await upgradeFrom(
      'agent',
      '0.1.2',
      'create table `plugin` (`id` text not null primary key, `name` text not null, `version` text not null, ' +
        '`manifest` text null, `enabled` integer not null default true, `created_at` datetime not null);\n' +
        'alter table `workflow` add column `version` integer not null default 1;',
    );
  });

  it('agent v0.1.3 with agent.status added but not its index upgrades to head', async () => {
    await upgradeFrom('agent', '0.1.3', "alter table `agent` add column `status` text not null default 'active';");
  });

  it('ops v0.1.2 with audit_log already created upgrades to head', async () => {
    await upgradeFrom(
      'ops',
      '0.1.2',
      'create table `audit_log` (`id` text not null primary key, `actor` text not null, `action` text not null, ' +
        '`target` text null, `detail` text null, `created_at` datetime not null);',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { DATABASE_NAMES, type DatabaseName } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { DB_TARGETS, type DbTarget } from '../support/db-targets.js';
import { LEGACY_SQL_RELEASES } from '../helpers/legacy-sqlite.js';
import { recognisedRelease, rowsKept, stampedRevision } from '../support/legacy-data.js';
import { hasLegacy, indexNames, legacyDialect, makeLegacyPair, releaseRevisionOf, releaseTablesOf, tableState } from '../support/legacy-targets.js';
import { printed, refusalBlock } from '../support/mysql-scenarios.js';

/*
 * Databases made by the untracked releases 0.1.1-0.1.3, on every dialect those releases ran on
 * (SQLite and MySQL; none ran on PostgreSQL, whose untracked databases are only ever unrecognised).
 */

const TEST_MS = 180_000;

type Target = (typeof DB_TARGETS)[number];
const LEGACY_TARGETS = DB_TARGETS.filter((t) => t.available && hasLegacy(t.name));

/** A fresh empty pair of `dialect`, dropped with its working directory when the test ends. */
async function freshTarget(make: Target['make'], onTestFinished: (fn: () => Promise<void> | void) => void): Promise<DbTarget> {
  const target = await make();
  onTestFinished(() => target.cleanup());
  onTestFinished(() => rmSync(target.cwd, { recursive: true, force: true }));
  return target;
}

/** A pair created by `release` (no migration history), two rows in every table unless `seed` is false. */
async function legacyTarget(make: Target['make'], onTestFinished: (fn: () => Promise<void> | void) => void, release: string, seed = true) {
  const target = await freshTarget(make, onTestFinished);
  await makeLegacyPair(target, release, { seed });
  return target;
}

const noGuardTables = async (target: DbTarget) => {
  for (const db of DATABASE_NAMES) expect((await target.tables(db)).filter((t) => GUARD_TABLES.includes(t)), db).toEqual([]);
};

describe.concurrent.each(LEGACY_TARGETS)('legacy databases of releases 0.1.1-0.1.3 on $name', ({ make }) => {
  for (const release of LEGACY_SQL_RELEASES) {
    it(`v${release}: --migrate stamps each database to its release id and upgrades it, keeping every row and user_message`, { timeout: TEST_MS }, async ({ onTestFinished }) => {
      const t = await legacyTarget(make, onTestFinished, release);
      const dialect = legacyDialect(t);
      const rowsBefore = { agent: await t.userRows('agent'), ops: await t.userRows('ops') };
      expect(rowsBefore.agent.user_message).toHaveLength(2);
      const userMessageBefore = await tableState(t, 'agent', 'user_message');

      const run = await t.app({ args: ['--migrate'] });

      expect(run.started, printed(run)).toBe(true);
      for (const db of DATABASE_NAMES) {
        const stampedAs = stampedRevision(db, release, dialect);
        const applied = await t.applied(db);
        expect(applied[0]).toBe(releaseRevisionOf(t, db, '0.1.2'));
        expect(applied).toContain(stampedAs);
        expect(applied.at(-1)).toBe(t.head(db));
        expect(applied).toEqual(t.chain(db));
        // 0.1.1 has the schema of 0.1.2 and ops 0.1.2 that of 0.1.3: each is recognised (and named) as the newer one
        expect(run.stdout).toContain(`${db} database: recognised a database created by release ${recognisedRelease(db, release, dialect)}; stamped it as ${stampedAs}`);
        const after = await t.userRows(db);
        // value for value in every column the history keeps (it drops agent.model, the es_ index columns)
        for (const [table, rows] of Object.entries(rowsBefore[db])) expect(rowsKept(rows, after[table]), `${db}.${table}`).toBe(true);
      }
      expect(await tableState(t, 'agent', 'user_message')).toEqual(userMessageBefore);
      expect(await t.tables('agent')).toEqual(expect.arrayContaining(['memory_base', 'system_llm_model', ...releaseTablesOf(t, 'agent', '0.1.4')]));
    });

    it(`v${release}: under check the start is refused naming the release and its id, nothing changed`, { timeout: TEST_MS }, async ({ onTestFinished }) => {
      const t = await legacyTarget(make, onTestFinished, release);
      const dialect = legacyDialect(t);
      const before = await t.snapshot();

      const run = await t.app();

      expect(run.started).toBe(false);
      expect(run.exitCode).toBe(1);
      for (const db of DATABASE_NAMES) {
        const block = refusalBlock(run.stderr, db);
        expect(block).toContain(`❌ ${db} database: refusing to start (state: legacy)`);
        expect(block).toContain(
          `   Problem: the database was created by release ${recognisedRelease(db, release, dialect)} (no migration history); it must be stamped as ${stampedRevision(db, release, dialect)} and upgraded`,
        );
        expect(block).toContain('--migrate');
      }
      expect(await t.snapshot()).toEqual(before);
      for (const db of DATABASE_NAMES) expect(await t.tables(db)).not.toContain('mikro_orm_migrations');
    });
  }

  it('a v0.1.2 pair with part of v0.1.3 already applied by hand upgrades to head, keeping every row', { timeout: TEST_MS }, async ({ onTestFinished }) => {
    const t = await legacyTarget(make, onTestFinished, '0.1.2');
    // half of the 0.1.3 agent change (an auto-sync stopped part-way): plugin inputs and the workflow object key, not the rest
    await t.exec('agent', 'alter table plugin add column inputs JSON null; alter table workflow add column object_key VARCHAR(512) null');
    const rowsBefore = { agent: await t.userRows('agent'), ops: await t.userRows('ops') };
    const status = await t.cli(['status', '--json']);
    expect(JSON.parse(status.stdout).databases.map((d: { legacyRelease: string }) => d.legacyRelease)).toEqual(['0.1.2', '0.1.3']);

    const run = await t.app({ args: ['--migrate'] });

    expect(run.started, printed(run)).toBe(true);
    for (const db of DATABASE_NAMES) {
      expect(await t.applied(db)).toEqual(t.chain(db));
      const after = await t.userRows(db);
      for (const [table, rows] of Object.entries(rowsBefore[db])) expect(after[table], `${db}.${table}`).toHaveLength(rows.length);
    }
    expect((await t.columns('agent', 'plugin')).filter((c) => c === 'inputs' || c === 'desc_mk').sort()).toEqual(['desc_mk', 'inputs']);
    expect((await t.columns('agent', 'workflow')).filter((c) => c === 'object_key')).toEqual(['object_key']);
    expect(await t.tables('agent')).toEqual(expect.arrayContaining(['memory_base', 'system_llm_model', ...releaseTablesOf(t, 'agent', '0.1.4')]));
  });

  it('a v0.1.3 agent database with memory_base created but not its indexes is stamped as 0.1.3 and gets the indexes', { timeout: TEST_MS }, async ({ onTestFinished }) => {
    const t = await legacyTarget(make, onTestFinished, '0.1.3');
    // the 0.1.4 table as an auto-sync that stopped after the table made it: no index but the unique key
    await t.exec(
      'agent',
      'create table memory_base (id INTEGER NOT NULL, space_id VARCHAR(100) NOT NULL, mdb_id VARCHAR(100) NOT NULL, ' +
        'name VARCHAR(100) NOT NULL, description VARCHAR(100) NOT NULL, embedding_model_config_id INTEGER NOT NULL, ' +
        'llm_model_config_id INTEGER NOT NULL, create_time BIGINT NOT NULL, update_time BIGINT NOT NULL, PRIMARY KEY (id), ' +
        'CONSTRAINT uix_mdb_id UNIQUE (mdb_id))',
    );
    const spaceMdbIndex = t.dialect === 'sqlite' ? 'idx_space_mdb_memory_base' : 'idx_space_mdb';
    expect(await indexNames(t, 'agent', 'memory_base')).not.toContain(spaceMdbIndex);

    const run = await t.app({ args: ['--migrate'] });

    expect(run.started, printed(run)).toBe(true);
    expect(run.stdout).toContain(`stamped it as ${releaseRevisionOf(t, 'agent', '0.1.3')}`);
    expect(await t.applied('agent')).toEqual(t.chain('agent'));
    expect(await indexNames(t, 'agent', 'memory_base')).toContain(spaceMdbIndex);
  });

  it('a view with the name and columns of a release table is not taken for the table', { timeout: TEST_MS }, async ({ onTestFinished }) => {
    const t = await legacyTarget(make, onTestFinished, '0.1.3', false);
    await t.exec('agent', 'alter table knowledge_base rename to knowledge_base_data');
    await t.exec('agent', 'create view knowledge_base as select * from knowledge_base_data');

    const detect = await t.cli(['detect', '--db', 'agent']);

    expect(detect.exitCode, printed(detect)).toBe(1);
    expect(detect.stdout).toContain('Nearest release: 0.1.3; missing: table knowledge_base\n');
  });
});

/**
 * An untracked database no release made: on SQLite and MySQL a 0.1.3 pair with one table of every
 * release dropped from `db`; on PostgreSQL (no release ran there) any table in `db`. What the
 * refusal must say about it.
 */
async function unrecognisedPair(t: DbTarget, db: DatabaseName): Promise<RegExp> {
  if (!hasLegacy(t.dialect)) {
    await t.exec(db, 'create table invoices (id int primary key)');
    return /no release ever made this set's databases without history, and it holds: invoices/;
  }
  await makeLegacyPair(t, '0.1.3', { seed: false });
  const dropped = db === 'agent' ? 'knowledge_base' : 'prompt_commit';
  await t.exec(db, `drop table ${dropped}`);
  return new RegExp(`against release 0\\.1\\.\\d it is missing: .*table ${dropped}\\b`);
}

describe.concurrent.each(DB_TARGETS.filter((t) => t.available))('untracked databases on $name', ({ make }) => {
  for (const database of DATABASE_NAMES) {
    it(`an unrecognised ${database} database is refused under check and --migrate, nothing written`, { timeout: TEST_MS }, async ({ onTestFinished }) => {
      const t = await freshTarget(make, onTestFinished);
      const missing = await unrecognisedPair(t, database);
      const before = await t.snapshot();

      for (const args of [[], ['--migrate']]) {
        const run = await t.app({ args });
        expect(run.started, printed(run)).toBe(false);
        expect(run.exitCode).toBe(1);
        const block = refusalBlock(run.stderr, database);
        expect(block).toContain(`❌ ${database} database: refusing to start (state: legacy_unrecognized)`);
        expect(block).toMatch(missing);
        expect(block).toContain('detect --db');
        expect(await t.snapshot()).toEqual(before);
        await noGuardTables(t);
      }
    });
  }
});

import { expect, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { DATABASE_NAMES, type DatabaseName } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { describeMysql } from '../support/mysql-databases.js';
import {
  createTable,
  loadLegacySchema,
  mysqlChain,
  mysqlHead,
  mysqlReleaseRevision,
  mysqlScenario,
  pairSnapshot,
  printed,
  refusalBlock,
  seedEveryTable,
  tableRows,
} from '../support/mysql-scenarios.js';
import { recognisedRelease, rowsKept, stampedRevision } from '../support/legacy-data.js';

const LEGACY_RELEASES = ['0.1.1', '0.1.2', '0.1.3'] as const;

/** 0.1.1 has the schema of 0.1.2 and ops 0.1.2 that of 0.1.3: each is recognised (and named) as the newer one. */
const recognisedAs = (db: DatabaseName, release: string) => recognisedRelease(db, release, 'mysql');

/** A pair created by `release` (no migration history), two rows in every table when `seed`. */
async function legacyScenario(onTestFinished: Parameters<typeof mysqlScenario>[0], release: string, seed = true) {
  const s = await mysqlScenario(onTestFinished);
  for (const db of DATABASE_NAMES) {
    await s.with(db, async (c) => {
      await loadLegacySchema(c, db, release);
      if (seed) await seedEveryTable(c);
    });
  }
  return s;
}

const userMessage = async (c: Connection) => ({ ddl: await createTable(c, 'user_message'), rows: await tableRows(c, 'user_message') });

describeMysql.concurrent('legacy MySQL databases of releases 0.1.1-0.1.3', { timeout: 180_000 }, () => {
  for (const release of LEGACY_RELEASES) {
    it(`v${release}: --migrate stamps each database to its release id and upgrades it, keeping every row and user_message`, async ({ onTestFinished }) => {
      const s = await legacyScenario(onTestFinished, release);
      const rowsBefore = { agent: await s.rows('agent'), ops: await s.rows('ops') };
      expect(rowsBefore.agent.user_message).toHaveLength(2);
      const userMessageBefore = await s.with('agent', userMessage);

      const run = await s.app({ args: ['--migrate'] });

      expect(run.started, printed(run)).toBe(true);
      for (const db of DATABASE_NAMES) {
        const stampedAs = stampedRevision(db, release, 'mysql');
        const applied = await s.applied(db);
        expect(applied[0]).toBe(mysqlReleaseRevision(db, '0.1.2'));
        expect(applied).toContain(stampedAs);
        expect(applied.at(-1)).toBe(mysqlHead(db));
        expect(applied).toEqual(mysqlChain(db));
        expect(run.stdout).toContain(`${db} database: recognised a database created by release ${recognisedAs(db, release)}; stamped it as ${stampedAs}`);
        const after = await s.rows(db);
        // value for value in every column the history keeps (it drops agent.model, the es_ index columns)
        for (const [table, rows] of Object.entries(rowsBefore[db])) expect(rowsKept(rows, after[table]), `${db}.${table}`).toBe(true);
      }
      expect(await s.with('agent', userMessage)).toEqual(userMessageBefore);
    });

    it(`v${release}: under check the start is refused naming the release and its id, nothing changed`, async ({ onTestFinished }) => {
      const s = await legacyScenario(onTestFinished, release);
      const before = await pairSnapshot(s);

      const run = await s.app();

      expect(run.started).toBe(false);
      expect(run.exitCode).toBe(1);
      for (const db of DATABASE_NAMES) {
        const block = refusalBlock(run.stderr, db);
        expect(block).toContain(`❌ ${db} database: refusing to start (state: legacy)`);
        expect(block).toContain(
          `   Problem: the database was created by release ${recognisedAs(db, release)} (no migration history); it must be stamped as ${stampedRevision(db, release, 'mysql')} and upgraded`,
        );
        expect(block).toContain('--migrate');
      }
      expect(await pairSnapshot(s)).toEqual(before);
      for (const db of DATABASE_NAMES) expect(await s.tables(db)).not.toContain('mikro_orm_migrations');
    });
  }

  it('a v0.1.2 pair with part of v0.1.3 already applied by hand upgrades to head', async ({ onTestFinished }) => {
    const s = await legacyScenario(onTestFinished, '0.1.2');
    // half of the 0.1.3 agent change: plugin inputs and the workflow object key, not the rest
    await s.with('agent', (c) =>
      c.query('alter table `plugin` add column `inputs` json null; alter table `workflow` add column `object_key` varchar(512) null'),
    );
    const rowsBefore = { agent: await s.rows('agent'), ops: await s.rows('ops') };
    const status = await s.cli(['status', '--json']);
    expect(JSON.parse(status.stdout).databases.map((d: { legacyRelease: string }) => d.legacyRelease)).toEqual(['0.1.2', '0.1.3']);

    const run = await s.app({ args: ['--migrate'] });

    expect(run.started, printed(run)).toBe(true);
    for (const db of DATABASE_NAMES) {
      expect(await s.applied(db)).toEqual(mysqlChain(db));
      const after = await s.rows(db);
      for (const [table, rows] of Object.entries(rowsBefore[db])) expect(after[table], `${db}.${table}`).toHaveLength(rows.length);
    }
    const columns = (db: DatabaseName, table: string) =>
      s.with(db, async (c) => {
        const [rows] = await c.query('select column_name as name from information_schema.columns where table_schema = database() and table_name = ?', [table]);
        return (rows as { name: string }[]).map((r) => r.name);
      });
    expect((await columns('agent', 'plugin')).filter((c) => c === 'inputs' || c === 'desc_mk').sort()).toEqual(['desc_mk', 'inputs']);
    expect((await columns('agent', 'workflow')).filter((c) => c === 'object_key')).toEqual(['object_key']);
    expect(await s.tables('agent')).toEqual(expect.arrayContaining(['memory_base', 'system_llm_model', 'trace_summary']));
  });

  for (const database of DATABASE_NAMES) {
    it(`an unrecognised ${database} database (a table of every release missing) is refused, nothing written`, async ({ onTestFinished }) => {
      const s = await legacyScenario(onTestFinished, '0.1.3', false);
      const dropped = database === 'agent' ? 'knowledge_base' : 'prompt_commit';
      await s.with(database, (c) => c.query(`drop table \`${dropped}\``));
      const before = await pairSnapshot(s);

      for (const args of [[], ['--migrate']]) {
        const run = await s.app({ args });
        expect(run.started).toBe(false);
        expect(run.exitCode).toBe(1);
        const block = refusalBlock(run.stderr, database);
        expect(block).toContain(`❌ ${database} database: refusing to start (state: legacy_unrecognized)`);
        expect(block).toMatch(new RegExp(`against release 0\\.1\\.\\d it is missing: .*table ${dropped}`));
        expect(block).toContain('detect --db');
        expect(await pairSnapshot(s)).toEqual(before);
        for (const db of DATABASE_NAMES) {
          expect((await s.tables(db)).filter((t) => GUARD_TABLES.includes(t))).toEqual([]);
        }
      }
    });
  }
});

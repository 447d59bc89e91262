import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_NAMES, type DatabaseName, type Dialect } from '../../src/version-guard/core/revision.js';
import {
  createUserMessage,
  hasIntermediateRevisions,
  jsonOf,
  legacyReleases,
  messageOf,
  ok,
  printed,
  statusAfter,
  statusBlock,
  statusDoc,
  unordered,
  userSchema,
  userTables,
} from '../support/cli-targets.js';
import type { ManifestEntry } from '../support/authoring-project.js';
import { builtChain, builtManifest, DB_TARGETS, sqliteTarget, type DbTarget } from '../support/db-targets.js';
import { swappedEnv } from '../support/guard-targets.js';
import { recognisedRelease, releaseRevision, stampedRevision } from '../support/legacy-data.js';
import { loadLegacyDatabase } from '../support/legacy-targets.js';
import { RAW_MYSQL_ERROR } from '../support/mysql-scenarios.js';
import { freePort } from '../support/processes.js';
import { runCli } from '../support/in-process.js';
import { fileHash, tempDir } from '../support/sqlite-files.js';

/** Every dialect the test run has a server for. */
const TARGETS = DB_TARGETS.filter((t) => t.available);

/** A test runs many commands, far slower on a loaded machine. */
const SLOW = { timeout: 240_000 };

/** For tests of one suite that run one after the other, while the suite runs beside its siblings. */
const IN_ORDER = { concurrent: false };

const STACK_FRAME = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

/** A fresh, empty pair for one test, removed when the test ends. */
async function fresh(make: () => Promise<DbTarget>, onTestFinished: TestContext['onTestFinished']): Promise<DbTarget> {
  const target = await make();
  onTestFinished(async () => {
    await target.cleanup();
    rmSync(target.cwd, { recursive: true, force: true });
  });
  return target;
}

/** Both databases' status after the first `agent` and `ops` revisions ran. */
const statusOf = (target: DbTarget, agent: number, ops: number) => ({
  databases: [statusAfter(target, 'agent', agent), statusAfter(target, 'ops', ops)],
});

const bothSchemas = async (target: DbTarget) => ({ agent: await userSchema(target, 'agent'), ops: await userSchema(target, 'ops') });

/** Arguments refused before any database is opened, with the one line each prints (SPEC §6). */
function badInput(dialect: Dialect): [string[], string][] {
  const head = (db: DatabaseName) => builtChain(dialect, db).at(-1)!;
  const unknown = 'run `npm run db -- history` to list the known revisions';
  return [
    [['frobnicate'], "db: unknown command 'frobnicate'"],
    [['upgrade', 'abcdef123456'], `db: unknown revision "abcdef123456" in ${dialect}_agent; ${unknown}`],
    [['stamp', '--db', 'agent', 'abcdef123456'], `db: unknown revision "abcdef123456" in ${dialect}_agent; ${unknown}`],
    [['downgrade', '-n', 'ops', 'ffff'], `db: unknown revision "ffff" in ${dialect}_ops; ${unknown}`],
    // valid in the other set: the line says which set has it and how to select it
    [['upgrade', head('ops')], `db: unknown revision "${head('ops')}" in ${dialect}_agent; it is a revision of ${dialect}_ops: use --db ops`],
    [
      ['downgrade', '--db', 'ops', head('agent').slice(0, 6)],
      `db: unknown revision "${head('agent').slice(0, 6)}" in ${dialect}_ops; it is a revision of ${dialect}_agent: use --db agent`,
    ],
    [['stamp', '-n', 'agent', head('ops')], `db: unknown revision "${head('ops')}" in ${dialect}_agent; it is a revision of ${dialect}_ops: use --db ops`],
    [['downgrade'], 'db: downgrade: a target is required: -N, a revision id, or base'],
    [['--db', 'foo', 'status'], 'db: --db "foo" is not a database; use agent, ops or all'],
    [['upgrade', '--db', 'foo'], 'db: --db "foo" is not a database; use agent, ops or all'],
    [['upgrade', 'zzz'], 'db: upgrade: "zzz" is not a revision; use head, +N or a revision id'],
    [['upgrade', '+0'], 'db: upgrade: "+0" is not a step count; use +1, +2, ...'],
    [['stamp'], 'db: stamp: a target is required: a revision id, head, base, or a release such as v0.1.2'],
  ];
}

describe.concurrent.each(TARGETS)('db CLI on $name', SLOW, ({ name: dialect, make }) => {
  // the longest scenarios first: a suite starts a limited number of its scenarios at once
  // PostgreSQL's sets have one revision each: nothing lies between base and head
  if (hasIntermediateRevisions(dialect)) describe('between revisions', () => {
    it('upgrade +N, status and check while behind, downgrade -1, stamp, downgrade and upgrade to a revision given in full or by a unique prefix', async ({
      onTestFinished,
    }) => {
      const target = await fresh(make, onTestFinished);
      const agent = target.chain('agent');
      const ops = target.chain('ops');

      // upgrade +1 applies one revision of each database
      const first = await ok(target, ['upgrade', '+1']);
      for (const [db, chain] of [['agent', agent], ['ops', ops]] as const) {
        expect(await target.applied(db)).toEqual(chain.slice(0, 1));
        expect(first.stdout).toContain(`${db} database: upgrading from empty to ${chain[0]} (1 revision)\n`);
      }
      const agentAtRoot = await userSchema(target, 'agent');

      // status (and its alias current) and check while behind, pending in apply order
      const status = await ok(target, ['status']);
      expect((await ok(target, ['current'])).stdout).toBe(status.stdout);
      expect(status.stdout).toContain(`agent database (${dialect}): behind\n   Current version: ${agent[0]}`);
      const json = await ok(target, ['status', '--json']);
      expect(json.stdout.endsWith('}\n')).toBe(true);
      expect(statusDoc(json)).toEqual(statusOf(target, 1, 1));
      expect(statusDoc(json).databases.map((d) => d.state)).toEqual(['behind', 'behind']);
      const text = await target.cli(['check']);
      expect(text.exitCode).toBe(1);
      for (const [db, chain] of [['agent', agent], ['ops', ops]] as const) {
        expect(text.stdout).toContain(`${db} database (${dialect}): behind`);
        expect(text.stdout).toContain(`   Pending: ${chain.slice(1).join(', ')}\n`);
      }
      const check = await target.cli(['check', '--json']);
      expect(check.exitCode).toBe(1);
      expect(statusDoc(check).databases.map((d) => d.pending)).toEqual([agent.slice(1), ops.slice(1)]);

      // +1 again, then +2 for one database
      await ok(target, ['upgrade', '+1']);
      expect(await target.applied('agent')).toEqual(agent.slice(0, 2));
      expect(await target.applied('ops')).toEqual(ops.slice(0, 2));
      await ok(target, ['upgrade', '+2', '-n', 'agent']);
      expect(await target.applied('agent')).toEqual(agent.slice(0, 4));
      expect(await target.applied('ops')).toEqual(ops.slice(0, 2));

      // downgrade -1 reverts the newest revision only: the agent head added obs_name, the ops head is a release marker
      await ok(target, ['upgrade']);
      const opsAtHead = await userSchema(target, 'ops');
      await ok(target, ['downgrade', '-1']);
      expect(await target.columns('agent', 'knowledge_base_document')).not.toContain('obs_name');
      expect(await target.columns('agent', 'knowledge_base_document')).toContain('index_name');
      expect(await target.columns('ops', 'prompt_basic')).toContain('prompt_key');
      expect(await userSchema(target, 'ops')).toEqual(opsAtHead);
      // one database up by a prefix, the other left where it is
      await ok(target, ['upgrade', '-n', 'ops', ops[1].slice(0, 6)]);
      expect(await target.applied('ops')).toEqual(ops.slice(0, 2));
      expect(await target.applied('agent')).toEqual(agent.slice(0, -1));
      await ok(target, ['upgrade', '-n', 'agent']);

      // stamp rewrites the bookkeeping only; status then shows the database behind
      const schemas = await bothSchemas(target);
      const stamped = await ok(target, ['stamp', '--db', 'agent', agent[1]]);
      expect(stamped.stdout).toBe(`agent database: stamped at ${agent[1]} (0 recorded, ${agent.length - 2} removed; no migration ran)\n`);
      expect(await bothSchemas(target)).toEqual(schemas);
      expect(await target.applied('agent')).toEqual(agent.slice(0, 2));
      expect(await target.applied('ops')).toEqual(ops);
      const behind = statusDoc(await ok(target, ['status', '--json', '-n', 'agent']));
      expect(behind.databases[0]).toMatchObject({ state: 'behind', current: [agent[1]], pending: agent.slice(2) });
      // and forward again by prefix, still without running anything
      await ok(target, ['stamp', '-n', 'agent', agent.at(-1)!.slice(0, 4)]);
      expect(await target.applied('agent')).toEqual(agent);
      expect(await bothSchemas(target)).toEqual(schemas);

      // downgrade <rev> reverts down to that revision, children first
      const down = await ok(target, ['downgrade', '--db', 'agent', agent[1]]);
      expect(await target.applied('agent')).toEqual(agent.slice(0, 2));
      const positions = agent
        .slice(2)
        .reverse()
        .map((id) => down.stdout.indexOf(`agent database: reverted ${id} `));
      expect(positions.every((p) => p >= 0), down.stdout).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(down.stdout).toContain(`agent database: now at ${agent[1]}\n`);
      expect(await target.columns('agent', 'agent')).not.toContain('status');
      expect(await target.tables('agent')).toContain('plugin');
      expect(await target.applied('ops')).toEqual(ops);

      // upgrade to a revision given in full, then by a unique prefix
      await ok(target, ['upgrade', '--db', 'agent', agent[2]]);
      expect(await target.applied('agent')).toEqual(agent.slice(0, 3));
      const prefix = agent[3].slice(0, 4);
      expect(builtManifest(dialect, 'agent').filter((e) => e.id.startsWith(prefix))).toHaveLength(1);
      const byPrefix = await ok(target, ['upgrade', prefix, '-n', 'agent']);
      expect(byPrefix.stdout).toContain(`agent database: upgrading from ${agent[2]} to ${agent[3]} (1 revision)`);
      expect(await target.applied('agent')).toEqual(agent.slice(0, 4));
      expect(await target.applied('ops')).toEqual(ops);

      // downgrade by a prefix works too, and the root's schema is back
      await ok(target, ['downgrade', '-n', 'agent', agent[0].slice(0, 5)]);
      expect(await target.applied('agent')).toEqual(agent.slice(0, 1));
      expect(unordered(await userSchema(target, 'agent'))).toEqual(unordered(agentAtRoot));
    });
  });

  // SPEC §3: no 0.1.x release ran on PostgreSQL
  if (legacyReleases(dialect).length > 0) describe('on databases of 0.1.x releases', () => {
    const legacyDialect = dialect as 'sqlite' | 'mysql';
    /** Asserts that detect, status and check recognise the pair's databases of `release` and change nothing. */
    async function expectRecognised(target: DbTarget, release: string): Promise<void> {
      const before = await target.snapshot();
      const files = readdirSync(target.cwd).sort();
      // 0.1.1 has the schema of 0.1.2 and ops 0.1.2 that of 0.1.3: each is recognised as the newer one
      const named = (db: DatabaseName) => recognisedRelease(db, release, legacyDialect);
      const revision = (db: DatabaseName) => stampedRevision(db, release, legacyDialect);

      const text = await ok(target, ['detect']);
      expect(text.stdout).toBe(DATABASE_NAMES.map((db) => `${db} database: created by release ${named(db)}; its revision id is ${revision(db)}\n`).join(''));
      expect(jsonOf(await ok(target, ['detect', '--json']))).toEqual({
        databases: DATABASE_NAMES.map((name) => ({
          name,
          legacy: true,
          recognized: true,
          release: named(name),
          revision: revision(name),
          nearestRelease: named(name),
          missing: [],
          extraTables: [],
        })),
      });
      const legacy = (db: DatabaseName) => ({
        name: db,
        dialect,
        state: 'legacy',
        current: [],
        heads: [target.head(db)],
        pending: target.chain(db).slice(target.chain(db).indexOf(revision(db)) + 1),
        legacyRelease: named(db),
      });
      expect(statusDoc(await ok(target, ['status', '--json', '-n', 'agent'])).databases).toEqual([legacy('agent')]);
      const check = await target.cli(['check', '--json']);
      expect(check.exitCode, printed(check)).toBe(1);
      expect(statusDoc(check).databases).toEqual(DATABASE_NAMES.map(legacy));

      expect(await target.snapshot()).toEqual(before);
      expect(readdirSync(target.cwd).sort()).toEqual(files);
    }

    for (const release of legacyReleases(dialect).filter((r) => r !== '0.1.3')) {
      it(`detect, status and check recognise databases of release ${release} and write nothing`, async ({ onTestFinished }) => {
        const target = await fresh(make, onTestFinished);
        for (const db of DATABASE_NAMES) await loadLegacyDatabase(target, db, release, { seed: false });
        await expectRecognised(target, release);
      });
    }

    it('detect, status and check recognise databases of release 0.1.3; detect exits 1 once a table or a column is missing; nothing is written', async ({
      onTestFinished,
    }) => {
      const target = await fresh(make, onTestFinished);
      for (const db of DATABASE_NAMES) await loadLegacyDatabase(target, db, '0.1.3', { seed: false });
      await expectRecognised(target, '0.1.3');

      await target.exec('agent', 'drop table knowledge_base');
      await target.exec('agent', 'create table scratch (id integer)');
      const before = await target.snapshot();
      const text = await target.cli(['detect']);
      expect(text.exitCode, printed(text)).toBe(1);
      expect(text.stdout).toBe(
        [
          'agent database: unrecognised: no release schema is complete',
          '   Nearest release: 0.1.3; missing: table knowledge_base',
          '   Warning: tables of no release: scratch',
          `ops database: created by release 0.1.3; its revision id is ${releaseRevision('ops', '0.1.3', legacyDialect)}`,
          '',
        ].join('\n'),
      );
      const json = await target.cli(['detect', '--json', '--db', 'agent']);
      expect(json.exitCode).toBe(1);
      expect(jsonOf(json)).toEqual({
        databases: [
          {
            name: 'agent',
            legacy: true,
            recognized: false,
            release: null,
            revision: null,
            nearestRelease: '0.1.3',
            missing: ['table knowledge_base'],
            extraTables: ['scratch'],
          },
        ],
      });
      expect((await target.cli(['detect', '-n', 'ops'])).exitCode).toBe(0);
      expect(await target.snapshot()).toEqual(before);
      for (const db of DATABASE_NAMES) expect(await target.tables(db)).not.toContain('mikro_orm_migrations');

      // a missing column is named as table.column
      await target.exec('ops', 'alter table prompt_commit drop column tool_call_config');
      const withoutColumn = await target.snapshot();
      const column = await target.cli(['detect', '-n', 'ops']);
      expect(column.exitCode, printed(column)).toBe(1);
      expect(column.stdout).toBe('ops database: unrecognised: no release schema is complete\n   Nearest release: 0.1.3; missing: column prompt_commit.tool_call_config\n');
      expect(await target.snapshot()).toEqual(withoutColumn);
    });

    it('stamp v0.1.3 records the release id without running anything; upgrade, then downgrade base keeps user_message', async ({ onTestFinished }) => {
      const target = await fresh(make, onTestFinished);
      const agent = target.chain('agent');
      await loadLegacyDatabase(target, 'agent', '0.1.3');
      const schema = await userSchema(target, 'agent');
      const userMessage = async () => ({ ddl: (await userSchema(target, 'agent')).user_message, rows: await target.rows('agent', 'select * from user_message order by 1') });
      const kept = await userMessage();
      expect(kept.rows).toHaveLength(2);
      // SPEC §3: the agent revision of release 0.1.3
      const stamped = releaseRevision('agent', '0.1.3', legacyDialect);
      expect(stamped).toBe({ sqlite: '031b34b4dd30', mysql: '06a1f79bce8b' }[dialect as string]);

      const result = await ok(target, ['stamp', 'v0.1.3', '--db', 'agent']);
      expect(result.stdout).toBe(`agent database: stamped at ${stamped} (${agent.indexOf(stamped) + 1} recorded, 0 removed; no migration ran)\n`);
      expect(await userSchema(target, 'agent')).toEqual(schema);
      expect(await target.applied('agent')).toEqual(agent.slice(0, agent.indexOf(stamped) + 1));
      expect(statusDoc(await ok(target, ['status', '--json', '--db', 'agent'])).databases).toEqual([
        { ...statusAfter(target, 'agent', agent.indexOf(stamped) + 1), current: [stamped] },
      ]);
      expect((await ok(target, ['status', '--db', 'agent'])).stdout).toContain(`   Current version: ${stamped}\n`);

      await ok(target, ['upgrade', '-n', 'agent']);
      expect(await target.applied('agent')).toEqual(agent);
      await ok(target, ['downgrade', '-n', 'agent', 'base']);
      expect(await target.tables('agent')).toContain('mikro_orm_migrations');
      expect(await userTables(target, 'agent')).toEqual(['user_message']);
      expect(await userMessage()).toEqual(kept);
    });
  });

  // One pair per dialect walked from empty to head, down and up again, one step after the other:
  // each step below starts where the one before it left the pair. Upgrading a pair from empty is
  // the costly part of a scenario on a server, so the steps share it. Beside the other scenarios.
  describe('one pair from empty to head and back', () => {
    let target: DbTarget;
    const chain = (db: DatabaseName) => target.chain(db);
    const head = (db: DatabaseName) => target.head(db);
    const userMessage = async () => ({ ddl: (await userSchema(target, 'agent')).user_message, rows: await target.rows('agent', 'select * from user_message order by 1') });
    // what the steps hand on to each other
    let kept: Awaited<ReturnType<typeof userMessage>>;
    let atHead: Awaited<ReturnType<typeof bothSchemas>>;
    /** The ops schema after its first n revisions, as far as this walk saw them. */
    const opsAfter: Record<string, string>[] = [];
    let before: unknown;
    let files: string[];

    beforeAll(async () => {
      target = await make();
    });

    afterAll(async () => {
      await target?.cleanup();
      if (target) rmSync(target.cwd, { recursive: true, force: true });
    });

    it('stamp head records every revision and runs none; stamp base forgets them', IN_ORDER, async () => {
      const stampHead = await ok(target, ['stamp', 'head']);
      for (const db of DATABASE_NAMES) {
        expect(await target.tables(db)).toContain('mikro_orm_migrations');
        expect(await userTables(target, db)).toEqual([]);
        expect(await userSchema(target, db)).toEqual({});
        expect(await target.applied(db)).toEqual(chain(db));
        expect(stampHead.stdout).toContain(`${db} database: stamped at ${head(db)} (${chain(db).length} recorded, 0 removed; no migration ran)\n`);
      }
      expect(statusDoc(await ok(target, ['status', '--json'])).databases.map((d) => d.state)).toEqual(['up_to_date', 'up_to_date']);
      await ok(target, ['stamp', 'base']);
      for (const db of DATABASE_NAMES) {
        expect(await target.applied(db)).toEqual([]);
        expect(await userSchema(target, db)).toEqual({});
      }
    });

    it('upgrade +1 applies the first revision of each database, upgrade the rest', IN_ORDER, async () => {
      // the memory module's table, which no command may touch
      await createUserMessage(target);
      kept = await userMessage();
      opsAfter.push(await userSchema(target, 'ops'));

      const first = await ok(target, ['upgrade', '+1']);
      for (const db of DATABASE_NAMES) {
        expect(await target.applied(db)).toEqual([chain(db)[0]]);
        expect(first.stdout).toContain(`${db} database: upgrading from empty to ${chain(db)[0]} (1 revision)\n`);
        expect(first.stdout).toContain(`${db} database: applied ${chain(db)[0]} `);
      }
      const atRoot = await bothSchemas(target);
      opsAfter.push(atRoot.ops);
      expect(await target.columns('ops', 'prompt_basic')).toContain('prompt_key');

      await ok(target, ['upgrade']);
      for (const db of DATABASE_NAMES) expect(await target.applied(db)).toEqual(chain(db));
      atHead = await bothSchemas(target);
      // the agent schema changes after its root (a one-revision set has nothing after it)
      expect(JSON.stringify(atHead.agent) === JSON.stringify(atRoot.agent)).toBe(chain('agent').length === 1);
    });

    it('stamp base at head forgets every revision and leaves the tables; stamp head records them again', IN_ORDER, async () => {
      const forgot = await ok(target, ['stamp', 'base']);
      for (const db of DATABASE_NAMES) {
        expect(await target.applied(db)).toEqual([]);
        expect(forgot.stdout).toContain(`${db} database: stamped at base (0 recorded, ${chain(db).length} removed; no migration ran)\n`);
      }
      expect(await bothSchemas(target)).toEqual(atHead);
      await ok(target, ['stamp', 'head']);
      for (const db of DATABASE_NAMES) expect(await target.applied(db)).toEqual(chain(db));
      expect(await bothSchemas(target)).toEqual(atHead);
    });

    it('downgrade -1 reverts the newest revision of each database; upgrade applies it again', IN_ORDER, async () => {
      const down = await ok(target, ['downgrade', '-1']);
      for (const db of DATABASE_NAMES) {
        expect(await target.applied(db)).toEqual(chain(db).slice(0, -1));
        expect(down.stdout).toContain(`${db} database: reverted ${head(db)} ${messageOf(target, db, head(db))} (`);
      }
      expect(await userSchema(target, 'agent')).not.toEqual(atHead.agent);
      expect(await target.columns('agent', 'knowledge_base_document')).not.toContain('obs_name');
      // ops is back to its schema one revision before head (the root behind a release marker; nothing in a one-revision set)
      expect(await userSchema(target, 'ops')).toEqual(opsAfter[chain('ops').length - 1]);
      await ok(target, ['upgrade']);
      expect(await bothSchemas(target)).toEqual(atHead);
    });

    it('downgrade base leaves nothing but the bookkeeping table and the protected user_message, untouched', IN_ORDER, async () => {
      const base = await ok(target, ['downgrade', 'base']);
      for (const db of DATABASE_NAMES) {
        expect(base.stdout).toContain(`${db} database: now at base\n`);
        expect(await target.applied(db)).toEqual([]);
        expect(await target.tables(db)).toContain('mikro_orm_migrations');
        expect(await userTables(target, db)).toEqual(db === 'agent' ? ['user_message'] : []);
      }
      expect(await userMessage()).toEqual(kept);
      expect(statusDoc(await ok(target, ['status', '--json']))).toEqual(statusOf(target, 0, 0));
    });

    it('upgrade applies every revision in apply order, one line each, then has nothing to do', IN_ORDER, async () => {
      const upgraded = await ok(target, ['upgrade']);
      for (const db of DATABASE_NAMES) {
        expect(await target.applied(db)).toEqual(chain(db));
        const positions = chain(db).map((id) => upgraded.stdout.indexOf(`${db} database: applied ${id} ${messageOf(target, db, id)} (`));
        expect(positions.every((p) => p >= 0), upgraded.stdout).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        expect(upgraded.stdout).toContain(`${db} database: now at ${head(db)}\n`);
      }
      expect(await target.columns('agent', 'knowledge_base_document')).toContain('obs_name');
      expect(await target.tables('ops')).toEqual(expect.arrayContaining(['prompts', 'prompt_basic', 'job_user_info']));
      expect(await bothSchemas(target)).toEqual(atHead);
      // from here on only commands that change nothing, until the pair is compared again
      before = await target.snapshot();
      files = readdirSync(target.cwd).sort();
      const again = await ok(target, ['upgrade', 'head']);
      expect(again.stdout).toBe(DATABASE_NAMES.map((db) => `${db} database: nothing to apply, already at ${head(db)}\n`).join(''));
    });

    it('status, current and check report every database up to date and exit 0', IN_ORDER, async () => {
      const atHead = statusOf(target, chain('agent').length, chain('ops').length);
      const status = await ok(target, ['status']);
      expect(status.stdout).toBe(`${statusBlock(atHead.databases[0])}\n\n${statusBlock(atHead.databases[1])}\n`);
      expect(status.stderr).toBe('');
      expect(statusDoc(await ok(target, ['current', '--json']))).toEqual(atHead);
      const check = await ok(target, ['check']);
      expect(check.stdout).toContain(`agent database (${dialect}): up_to_date`);
      expect(check.stdout).toContain(`ops database (${dialect}): up_to_date`);
      expect(statusDoc(await ok(target, ['check', '--json']))).toEqual(atHead);
    });

    it('--db agent and -n ops limit the output to one database', IN_ORDER, async () => {
      const agent = statusDoc(await ok(target, ['status', '--json', '--db', 'agent']));
      expect(agent.databases.map((d) => d.name)).toEqual(['agent']);
      const ops = statusDoc(await ok(target, ['-n', 'ops', 'status', '--json']));
      expect(ops.databases.map((d) => d.name)).toEqual(['ops']);
      for (const args of [['current', '-n', 'ops'], ['status', '--db', 'ops']]) {
        const text = await ok(target, args);
        expect(text.stdout).toMatch(new RegExp(`^ops database \\(${dialect}\\): up_to_date\\n`));
        expect(text.stdout).not.toContain('agent');
      }
      expect(statusDoc(await ok(target, ['status', '--json', '--db', 'all'])).databases.map((d) => d.name)).toEqual(['agent', 'ops']);
    });

    it('detect reports databases with history as not legacy', IN_ORDER, async () => {
      const text = await ok(target, ['detect']);
      expect(text.stdout).toBe(DATABASE_NAMES.map((db) => `${db} database: not a legacy database (it is empty or has migration history)\n`).join(''));
      expect(jsonOf(await ok(target, ['detect', '--json', '-n', 'ops']))).toEqual({
        databases: [{ name: 'ops', legacy: false, recognized: null, release: null, revision: null, nearestRelease: null, missing: [], extraTables: [] }],
      });
    });

    it('check exits 2 for swapped databases (foreign), naming the set each belongs to', IN_ORDER, async () => {
      const swapped = swappedEnv(target);
      const json = await target.cli(['check', '--json'], swapped);
      expect(json.exitCode, printed(json)).toBe(2);
      expect(statusDoc(json).databases.map((d) => [d.name, d.state, d.current])).toEqual([
        ['agent', 'foreign', [head('ops')]],
        ['ops', 'foreign', [head('agent')]],
      ]);
      const text = await target.cli(['check'], swapped);
      expect(text.exitCode).toBe(2);
      expect(text.stdout).toContain(`   Belongs to migration set: ${dialect}_ops`);
      expect(text.stdout).toContain(`   Belongs to migration set: ${dialect}_agent`);
    });

    it('downgrade -N and upgrade +N asking for more than there is: exit 1', IN_ORDER, async () => {
      const down = await target.cli(['downgrade', '-9', '--db', 'ops']);
      expect(down.exitCode, printed(down)).toBe(1);
      expect(down.stderr).toContain(`downgrade -9: only ${chain('ops').length} revision(s) are applied to the ops database`);
      const up = await target.cli(['upgrade', '+2', '--db', 'ops']);
      expect(up.exitCode, printed(up)).toBe(1);
      expect(up.stderr).toContain(`upgrade +2: only 0 revision(s) are pending in ${dialect}_ops`);
    });

    it('none of the commands since the upgrade changed the pair or wrote a file', IN_ORDER, async () => {
      expect(await target.snapshot()).toEqual(before);
      expect(readdirSync(target.cwd).sort()).toEqual(files);
    });

    it('then check exits 2 while a database is ahead and 1 while one is behind; status still exits 0', IN_ORDER, async () => {
      const unknown = 'abcdefabcdef';
      await target.exec('agent', `insert into mikro_orm_migrations (name) values ('${unknown}')`);
      const ahead = { ...statusAfter(target, 'agent', target.chain('agent').length), state: 'ahead', current: [target.head('agent'), unknown] };

      const check = await target.cli(['check', '--json']);
      expect(check.exitCode, printed(check)).toBe(2);
      expect(statusDoc(check).databases).toEqual([ahead, statusAfter(target, 'ops', target.chain('ops').length)]);
      expect(statusDoc(await ok(target, ['status', '--json'])).databases[0]).toEqual(ahead);
      expect((await target.cli(['check'])).exitCode).toBe(2);
      expect((await target.cli(['check', '-n', 'ops'])).exitCode).toBe(0);

      await target.exec('agent', `delete from mikro_orm_migrations where name = '${unknown}'`);
      await ok(target, ['downgrade', '-1', '-n', 'ops']);
      const behind = await target.cli(['check', '--json']);
      expect(behind.exitCode, printed(behind)).toBe(1);
      // a one-revision set is empty again
      expect(statusDoc(behind)).toEqual(statusOf(target, target.chain('agent').length, target.chain('ops').length - 1));
      expect((await target.cli(['check', '-n', 'agent'])).exitCode).toBe(0);
    });
  });

  it('empty databases: status, current and check list every revision pending in apply order and create nothing; an unrelated table is legacy_unrecognized (check exits 2)', async ({
    onTestFinished,
  }) => {
    const target = await fresh(make, onTestFinished);
    const before = await target.snapshot();
    const empty = statusOf(target, 0, 0);

    const status = await ok(target, ['status']);
    expect(status.stdout).toBe(`${statusBlock(empty.databases[0])}\n\n${statusBlock(empty.databases[1])}\n`);
    expect((await ok(target, ['current'])).stdout).toBe(status.stdout);
    expect(statusDoc(await ok(target, ['status', '--json']))).toEqual(empty);
    const check = await target.cli(['check', '--json']);
    expect(check.exitCode, printed(check)).toBe(1);
    expect(statusDoc(check)).toEqual(empty);
    expect(await target.snapshot()).toEqual(before);
    expect(readdirSync(target.cwd)).toEqual([]);

    await ok(target, ['upgrade', '-n', 'ops']);
    await target.exec('agent', 'create table notes (id integer primary key, body text not null)');
    const json = await target.cli(['check', '--json']);
    expect(json.exitCode, printed(json)).toBe(2);
    expect(statusDoc(json).databases.map((d) => [d.name, d.state, d.pending])).toEqual([
      ['agent', 'legacy_unrecognized', []],
      ['ops', 'up_to_date', []],
    ]);
    const text = await target.cli(['check', '-n', 'agent']);
    expect(text.exitCode).toBe(2);
    expect(text.stdout).toContain(`agent database (${dialect}): legacy_unrecognized`);
    expect(text.stdout).not.toContain('null');
    const detect = await target.cli(['detect', '-n', 'agent']);
    expect(detect.exitCode, printed(detect)).toBe(1);
    expect(detect.stdout).not.toContain('null');
    // what is missing is measured against a release schema: only where releases ran; elsewhere
    // (PostgreSQL) the database is described by what it holds
    if (legacyReleases(dialect).length > 0) {
      expect(text.stdout).toContain('table agent');
      expect(detect.stdout).toMatch(/^agent database: unrecognised: no release schema is complete\n {3}Nearest release: 0\.1\.\d; missing: .*table agent/);
      expect(detect.stdout).toContain('   Warning: tables of no release: notes');
    } else {
      const holds = "   No release made this set's databases without history; it holds: notes";
      expect(text.stdout).toContain(`\n${holds}`);
      expect(detect.stdout).toBe(`agent database: unrecognised: no release schema is complete\n${holds}\n`);
    }
    expect(await target.tables('agent')).toEqual(['notes']);
  });
});

describe.concurrent('refused arguments (refused before any database is opened: the same for every dialect)', SLOW, () => {
  // one pair no command has touched and one at head, shared: no case may create or change anything
  let untouched: DbTarget;
  let atHead: DbTarget;
  let before: { untouched: unknown; atHead: unknown };

  beforeAll(async () => {
    [untouched, atHead] = await Promise.all([sqliteTarget(), sqliteTarget()]);
    await ok(atHead, ['upgrade']);
    before = { untouched: await untouched.snapshot(), atHead: await atHead.snapshot() };
  });

  afterAll(() => {
    for (const t of [untouched, atHead]) if (t) rmSync(t.cwd, { recursive: true, force: true });
  });

  for (const [args, line] of badInput('sqlite')) {
    it(`db ${args.join(' ')}: one line on stderr, exit 2, no database created or changed`, async () => {
      const onFresh = await untouched.cli(args);
      expect(onFresh.exitCode, printed(onFresh)).toBe(2);
      expect(onFresh.stderr).toBe(`${line}\n`);
      expect(onFresh.stdout).toBe('');
      expect(readdirSync(untouched.cwd)).toEqual([]);
      expect(await untouched.snapshot()).toEqual(before.untouched);

      const onExisting = await atHead.cli(args);
      expect(onExisting.exitCode, printed(onExisting)).toBe(2);
      expect(onExisting.stderr).toBe(`${line}\n`);
      expect(onExisting.stdout).toBe('');
      expect(await atHead.snapshot()).toEqual(before.atHead);
    });
  }
});

describe.concurrent('heads and history (the built migration graph: the same commands for every dialect)', SLOW, () => {
  const chain = (db: DatabaseName) => builtChain('sqlite', db);
  const head = (db: DatabaseName) => chain(db).at(-1)!;
  const entries = (db: DatabaseName) => builtManifest('sqlite', db);

  async function target(onTestFinished: TestContext['onTestFinished']): Promise<DbTarget> {
    return fresh(sqliteTarget, onTestFinished);
  }

  it('heads names the head of each set with its message', async ({ onTestFinished }) => {
    const t = await target(onTestFinished);
    const result = await ok(t, ['heads']);
    expect(result.stdout).toBe(DATABASE_NAMES.map((db) => `sqlite_${db}: 1 head\n   ${head(db)} ${messageOf(t, db, head(db))}\n`).join(''));
    expect(readdirSync(t.cwd)).toEqual([]);
  });

  it('heads --json, also limited with --db', async ({ onTestFinished }) => {
    const t = await target(onTestFinished);
    expect(jsonOf(await ok(t, ['heads', '--json']))).toEqual({ sets: DATABASE_NAMES.map((db) => ({ name: `sqlite_${db}`, heads: [head(db)] })) });
    expect(jsonOf(await ok(t, ['heads', '--json', '--db', 'ops']))).toEqual({ sets: [{ name: 'sqlite_ops', heads: [head('ops')] }] });
  });

  it('history lists every revision of the manifest, newest first, without files unless --verbose', async ({ onTestFinished }) => {
    const t = await target(onTestFinished);
    const result = await ok(t, ['history']);
    const expected = DATABASE_NAMES.flatMap((db) => [
      `sqlite_${db}:`,
      ...chain(db)
        .reverse()
        .map((id) => {
          const entry = entries(db).find((e) => e.id === id)!;
          const parents = entry.parents.length > 0 ? entry.parents.join(', ') : '<base>';
          return `   ${parents} -> ${id}${id === head(db) ? ' (head)' : ''}, ${entry.message}`;
        }),
    ]);
    expect(result.stdout.trimEnd().split('\n')).toEqual(expected);
    expect(result.stdout).not.toContain('checksum');
  });

  it('history --verbose adds whether each revision is breaking, its file and checksum', async ({ onTestFinished }) => {
    const t = await target(onTestFinished);
    const result = await ok(t, ['history', '--verbose', '-n', 'agent']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('sqlite_agent:');
    expect(lines).toHaveLength(1 + 4 * entries('agent').length);
    for (const entry of entries('agent')) {
      const at = lines.findIndex((line) => line.includes(`-> ${entry.id}`));
      expect(at, entry.id).toBeGreaterThan(0);
      expect(lines[at + 1]).toBe(`      breaking: ${entry.breaking ? 'yes' : 'no'}`);
      expect(lines[at + 2]).toBe(`      file: ${entry.file}`);
      expect(lines[at + 3]).toBe(`      checksum: ${entry.checksum}`);
    }
    expect(result.stdout).not.toContain('sqlite_ops');
  });

  for (const args of [['history', '--json'], ['history', '--verbose', '--json']]) {
    it(`${args.join(' ')} matches the manifests`, async ({ onTestFinished }) => {
      const t = await target(onTestFinished);
      const doc = jsonOf<{ sets: { name: string; revisions: (ManifestEntry & { head: boolean })[] }[] }>(await ok(t, args));
      expect(doc.sets.map((s) => s.name)).toEqual(['sqlite_agent', 'sqlite_ops']);
      for (const [i, db] of DATABASE_NAMES.entries()) {
        const revisions = doc.sets[i].revisions;
        expect(revisions.map((r) => r.id)).toEqual(chain(db).reverse());
        const byId = (list: readonly ManifestEntry[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
        expect(byId(revisions.map(({ head: _head, ...entry }) => entry))).toEqual(byId(entries(db)));
        expect(revisions.filter((r) => r.head).map((r) => r.id)).toEqual([head(db)]);
      }
      expect(readdirSync(t.cwd)).toEqual([]);
    });
  }
});

describe.concurrent('db CLI on SQLite files it cannot read', SLOW, () => {
  it('status exits 2 with one clear message when a database cannot be read (its directory is a file)', async ({ onTestFinished }) => {
    const target = await fresh(sqliteTarget, onTestFinished);
    writeFileSync(join(target.cwd, 'not-a-dir'), 'plain file\n');
    const result = await target.cli(['status'], { AGENT_DB_PATH: join(target.cwd, 'not-a-dir', 'agent.db') });
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain('agent database');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stdout).toBe('');
  });

  it('status exits 2 with one clear message when a database file is not SQLite', async ({ onTestFinished }) => {
    const target = await fresh(sqliteTarget, onTestFinished);
    const path = target.env.AGENT_DB_PATH;
    writeFileSync(path, 'this is not a SQLite database, only text that happens to be long enough\n'.repeat(10));
    const before = fileHash(path);
    const result = await target.cli(['status']);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain('agent database');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(fileHash(path)).toBe(before);
  });
});

describe.skipIf(!TARGETS.some((t) => t.name === 'mysql'))('db CLI on a MySQL server it cannot reach', () => {
  it('status and check exit 2 with a clear message when the server is unreachable', async () => {
    const port = await freePort();
    const env = {
      DB_TYPE: 'mysql',
      AGENT_DB_URL: `mysql://root@127.0.0.1:${port}/nowhere_agent`,
      OPS_DB_URL: `mysql://root@127.0.0.1:${port}/nowhere_ops`,
    };
    for (const command of ['status', 'check']) {
      const run = await runCli([command, '--json'], { cwd: tempDir('mysql-cli-'), env });
      expect(run.exitCode, printed(run)).toBe(2);
      expect(run.stdout).toBe('');
      // the app's own message for a database it cannot reach
      expect(run.stderr).toContain(`❌ agent database: cannot open mysql://root@127.0.0.1:${port}/nowhere_agent (`);
      expect(run.stderr).toContain('ECONNREFUSED');
      expect(run.stderr).toContain('AGENT_DB_URL');
      for (const pattern of RAW_MYSQL_ERROR) expect(run.stderr).not.toMatch(pattern);
    }
  });
});

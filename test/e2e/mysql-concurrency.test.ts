import { expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { DATABASE_NAMES } from '../../src/version-guard/core/revision.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { adminConnection, describeMysql } from '../support/mysql-databases.js';
import { loadLegacySchema, mysqlChain, mysqlHead, mysqlScenario, printed, RAW_MYSQL_ERROR, seedEveryTable, type MysqlScenario } from '../support/mysql-scenarios.js';
import { spawnApp, type AppHandle, type ProcessResult } from '../support/processes.js';

const PROCESSES = 16;

async function scalar(c: Connection, sql: string, params: unknown[] = []): Promise<unknown> {
  const [rows] = await c.query<RowDataPacket[]>(sql, params);
  return Object.values(rows[0])[0];
}

/** Waits until an app has started (then stops it) or ended by itself; its result either way. */
async function settle(handle: AppHandle): Promise<ProcessResult> {
  await handle.waitFor('listening on port', 90_000).catch(() => undefined);
  handle.kill('SIGTERM');
  return handle.ended;
}

/** A slow revision after the agent head, in a private copy of the built sets. */
function slowFixture(onTestFinished: (fn: () => void) => void, prelude: string): { dir: string; slow: string } {
  const dir = copyBuiltMigrations();
  onTestFinished(() => removeFixture(dir));
  const slow = newRevisionId();
  addRevision(dir, 'mysql/agent', {
    id: slow,
    parents: [mysqlHead('agent')],
    message: 'feat: slow fixture',
    upPrelude: `if (!(await this.tableExists('fx_slow'))) await this.execute('create table fx_slow (id int primary key)'); ${prelude}`,
    up: [],
    down: ['drop table fx_slow'],
  });
  return { dir, slow };
}

// an empty pair is one whose databases do not exist yet, as on a first deploy (existing but empty
// MariaDB databases are raced by 9 processes in the Galera suite)
const preparations: Record<string, (s: MysqlScenario) => Promise<void>> = {
  'an empty pair (its databases do not exist yet)': (s) => s.drop(),
  'a pair one revision behind': async (s) => {
    for (const db of DATABASE_NAMES) {
      const run = await s.cli(['upgrade', mysqlChain(db).at(-2)!, '--db', db]);
      expect(run.exitCode, printed(run)).toBe(0);
    }
  },
  'a 0.1.2 legacy pair': async (s) => {
    for (const db of DATABASE_NAMES) {
      await s.with(db, async (c) => {
        await loadLegacySchema(c, db, '0.1.2');
        await seedEveryTable(c);
      });
    }
  },
};
// one round of each in the suite; STRESS_ROUNDS=10 repeats them when hunting races
const ROUNDS = Array.from({ length: Number(process.env.STRESS_ROUNDS ?? 1) }, (_, i) => i + 1).flatMap((round) =>
  Object.keys(preparations).map((state) => ({ state, round })),
);

// alone: its processes would starve the timing of the tests below
describeMysql('concurrent starts on MySQL', { timeout: 180_000 }, () => {
  it.for(ROUNDS)(`${PROCESSES} processes starting at once on $state (round $round): all start, each revision applied exactly once`, async ({ state }, { onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished, { DB_UPGRADE_POLICY: 'auto' });
    await preparations[state](s);
    const reference = await mysqlScenario(onTestFinished);

    const [runs, referenceRun] = await Promise.all([
      Promise.all(Array.from({ length: PROCESSES }, () => s.appProcess({ timeoutMs: 150_000 }))),
      reference.cli(['upgrade']),
    ]);

    expect(referenceRun.exitCode, printed(referenceRun)).toBe(0);
    for (const [i, run] of runs.entries()) {
      expect(run.started, `process ${i}:\n${printed(run)}`).toBe(true);
      for (const pattern of RAW_MYSQL_ERROR) expect(printed(run), `process ${i}`).not.toMatch(pattern);
    }
    const everything = runs.map(printed).join('\n');
    expect(everything).toContain('upgrade lock: lease row in schema_upgrade_lock (single server');
    for (const db of DATABASE_NAMES) {
      expect(await s.applied(db)).toEqual(mysqlChain(db));
      const recorded = await s.with(db, async (c) => {
        const [rows] = await c.query<RowDataPacket[]>('select name, count(*) as n from mikro_orm_migrations group by name having count(*) > 1');
        return rows;
      });
      expect(recorded).toEqual([]);
      // across all processes, each revision was run by at most one of them
      for (const id of mysqlChain(db)) expect(everything.split(`${db} database: applied ${id} `).length).toBeLessThanOrEqual(2);
      // the same tables, columns and indexes as one sequential upgrade: nothing created or altered twice
      const schema = Object.fromEntries(Object.entries(await s.userSchema(db)).filter(([t]) => t !== 'user_message'));
      expect(schema).toEqual(await reference.userSchema(db));
    }
  });
});

describeMysql.concurrent('the upgrade lock on MySQL', { timeout: 180_000 }, () => {
  it('processes arriving while another one is still creating the schema wait for it and start at head', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished, { DB_LOCK_TIMEOUT_S: '60' });
    // an agent set whose root creates one table, then (with FIXTURE_GATE) waits for the test before the next
    const fixture = copyBuiltMigrations();
    onTestFinished(() => removeFixture(fixture));
    const agentSet = join(fixture, 'mysql', 'agent');
    for (const file of readdirSync(agentSet)) rmSync(join(agentSet, file));
    const root = newRevisionId();
    addRevision(fixture, 'mysql/agent', {
      id: root,
      parents: [],
      message: 'feat: schema created in two steps',
      upPrelude:
        "if (!(await this.tableExists('fx_first'))) await this.execute('create table fx_first (id int)'); " +
        "if (process.env.FIXTURE_GATE) { process.stdout.write('FIXTURE HALF DONE\\n'); const { existsSync } = await import('node:fs'); " +
        'for (let i = 0; i < 1200 && !existsSync(process.env.FIXTURE_GATE); i++) await new Promise((r) => setTimeout(r, 50)); }',
      up: ['create table if not exists fx_second (id int)'],
      down: ['drop table fx_second', 'drop table fx_first'],
    });
    const gate = join(s.cwd, 'gate');
    const env = { ...s.env, DB_MIGRATIONS_DIR: fixture };
    const spawn = (extra: Record<string, string>, args: string[] = []) => {
      const handle = spawnApp({ cwd: s.cwd, env: { ...env, ...extra }, args });
      onTestFinished(async () => (await handle).kill('SIGKILL'));
      return handle;
    };

    const first = await spawn({ FIXTURE_GATE: gate });
    await first.waitFor('FIXTURE HALF DONE', 60_000);
    const late = await Promise.all([spawn({}), spawn({}, ['--migrate'])]);
    // let the late processes look at the half-created schema: until they wait for the lock, or give up
    await Promise.all(late.map((handle) => handle.waitFor('another process is upgrading it', 60_000).catch(() => undefined)));
    writeFileSync(gate, '');
    const [firstRun, ...lateRuns] = await Promise.all([first, ...late].map(settle));

    expect(firstRun.started, printed(firstRun)).toBe(true);
    // SPEC §7: they start at head, or refuse only with a lock timeout; never with a transient state
    for (const run of lateRuns) {
      expect(run.started, printed(run)).toBe(true);
      expect(printed(run)).toContain('agent database: another process is upgrading it');
    }
    expect(await s.applied('agent')).toEqual([root]);
    expect(await s.applied('ops')).toEqual(mysqlChain('ops'));
  });

  it('lock timeout: a lease held by a live process makes the start fail with exit 1, naming the holder and what to do', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished, { DB_LOCK_TIMEOUT_S: '1' });
    // another process (on another host) holds the lease and keeps renewing it
    await s.with('agent', (c) =>
      c.query(`create table schema_upgrade_lock (name varchar(64) not null primary key, token varchar(64) null, holder varchar(255) null,
        connection_id bigint null, acquired_at datetime(6) null, heartbeat_at datetime(6) null) engine=InnoDB`),
    );
    await s.with('agent', (c) =>
      c.query(`insert into schema_upgrade_lock values ('upgrade', 'other', 'build-7 pid 4242', 99, '2026-11-28 10:00:00', now(6))`),
    );
    // a renewal still in flight when the test ends meets a dropped database: that is not the test's concern
    const renew = setInterval(() => void s.with('agent', (c) => c.query('update schema_upgrade_lock set heartbeat_at = now(6)')).catch(() => undefined), 300);
    onTestFinished(() => clearInterval(renew));

    const run = await s.app();

    expect(run.started).toBe(false);
    expect(run.exitCode, printed(run)).toBe(1);
    expect(run.stderr).toContain(
      "❌ agent database: gave up after 1 s waiting for another process's upgrade lock (held by build-7 pid 4242 over MySQL connection 99, since 2026-11-28T",
    );
    expect(run.stderr).toContain('   Fix: wait for the other process to finish and start again, or raise DB_LOCK_TIMEOUT_S');
    expect(run.stderr).toContain('taken over 30 s after its last renewal; to clear it at once run DELETE FROM schema_upgrade_lock');
    for (const pattern of RAW_MYSQL_ERROR) expect(printed(run)).not.toMatch(pattern);
    // a refusal writes nothing: agent keeps only the other holder's lease table, ops stays empty
    expect(await s.tables('agent')).toEqual(['schema_upgrade_lock']);
    expect(await s.tables('ops')).toEqual([]);
  });

  it('a lock holder killed mid-upgrade: its lease is taken over once it stops renewing, and the next start completes', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);
    const { dir, slow } = slowFixture(
      onTestFinished,
      "if (process.env.FIXTURE_SLOW) { process.stdout.write('FIXTURE SLOW RUNNING\\n'); await new Promise((r) => setTimeout(r, 60000)); }",
    );
    // a short lease, as an operator who prefers a quick takeover to tolerating server stalls sets it
    const env = { ...s.env, DB_MIGRATIONS_DIR: dir, DB_LOCK_TIMEOUT_S: '60', DB_LOCK_LEASE_S: '10' };

    const holder = await spawnApp({ cwd: s.cwd, env: { ...env, FIXTURE_SLOW: '1' }, args: ['--migrate'] });
    onTestFinished(() => void holder.kill('SIGKILL'));
    await holder.waitFor('FIXTURE SLOW RUNNING', 60_000);
    // the next start arrives while the holder works, and waits for its lock
    const waiting = await spawnApp({ cwd: s.cwd, env, args: ['--migrate'] });
    onTestFinished(() => void waiting.kill('SIGKILL'));
    await waiting.waitFor('agent database: another process is upgrading it (', 60_000);
    holder.kill('SIGKILL');
    await holder.ended;
    expect(await s.applied('agent')).toEqual(mysqlChain('agent'));
    const killed = Date.now();

    const again = await settle(waiting);

    expect(again.started, printed(again)).toBe(true);
    // taken over once the dead holder's lease ran out (10 s), not after DB_LOCK_TIMEOUT_S
    expect(Date.now() - killed).toBeLessThan(30_000);
    expect(again.stdout).toContain(`agent database: applied ${slow} feat: slow fixture`);
    expect(await s.applied('agent')).toEqual([...mysqlChain('agent'), slow]);
    expect(await s.applied('ops')).toEqual(mysqlChain('ops'));
  });

  it('the lock connection killed by the server during a slow revision: the holder keeps its lease, nobody runs revisions beside it', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);
    const marks = join(s.cwd, 'marks');
    const { dir, slow } = slowFixture(
      onTestFinished,
      "const { appendFileSync } = await import('node:fs'); appendFileSync(process.env.FIXTURE_MARKS, `start ${process.pid}\\n`); " +
        "process.stdout.write('FIXTURE SLOW RUNNING\\n'); await new Promise((r) => setTimeout(r, 6000)); " +
        "appendFileSync(process.env.FIXTURE_MARKS, `end ${process.pid}\\n`);",
    );
    const env = { ...s.env, DB_MIGRATIONS_DIR: dir, DB_LOCK_TIMEOUT_S: '60', FIXTURE_MARKS: marks };
    const admin = await adminConnection(s.names.agent);
    onTestFinished(() => admin.end());

    const first = await spawnApp({ cwd: s.cwd, env, args: ['--migrate'] });
    onTestFinished(() => void first.kill('SIGKILL'));
    await first.waitFor('FIXTURE SLOW RUNNING', 60_000);
    const lockConnection = await scalar(admin, 'select connection_id from schema_upgrade_lock');
    await admin.query(`kill ${Number(lockConnection)}`);
    const second = await spawnApp({ cwd: s.cwd, env, args: ['--migrate'] });
    onTestFinished(() => void second.kill('SIGKILL'));
    const [firstRun, secondRun] = await Promise.all([settle(first), settle(second)]);

    expect(firstRun.started, printed(firstRun)).toBe(true);
    expect(secondRun.started, printed(secondRun)).toBe(true);
    // the slow revision ran once, and never beside another run of it
    expect(readFileSync(marks, 'utf8').trim().split('\n')).toEqual([`start ${firstRun.stdout.match(/\[Nest\] (\d+)/)![1]}`, `end ${firstRun.stdout.match(/\[Nest\] (\d+)/)![1]}`]);
    expect(`${printed(firstRun)}${printed(secondRun)}`.split(`applied ${slow} `)).toHaveLength(2);
    expect(await s.applied('agent')).toEqual([...mysqlChain('agent'), slow]);
  });

  it('DB_DDL_LOCK_TIMEOUT_S: a table locked by another session fails the upgrade within the bound, naming that session; the retry succeeds', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);
    const upgraded = await s.cli(['upgrade']);
    expect(upgraded.exitCode, printed(upgraded)).toBe(0);
    const dir = copyBuiltMigrations();
    onTestFinished(() => removeFixture(dir));
    const alter = newRevisionId();
    addRevision(dir, 'mysql/agent', {
      id: alter,
      parents: [mysqlHead('agent')],
      message: 'feat: column on a busy table',
      up: ['alter table fx_busy add column note varchar(20) null'],
      down: ['alter table fx_busy drop column note'],
    });
    // a session of another database in an open transaction (as another application on the same
    // server would have): it holds nothing of ours, and must not be named before the real holder
    const bystander = await adminConnection(s.names.ops);
    onTestFinished(() => bystander.end().catch(() => undefined));
    await bystander.query('create table fx_other (id int primary key)');
    await bystander.query('begin');
    await bystander.query('insert into fx_other values (1)');
    const blocker = await adminConnection(s.names.agent);
    onTestFinished(() => blocker.end().catch(() => undefined));
    await blocker.query('create table fx_busy (id int primary key)');
    const blockerId = await scalar(blocker, 'select connection_id()');
    await blocker.query('lock tables fx_busy write');
    const env = { DB_MIGRATIONS_DIR: dir, DB_DDL_LOCK_TIMEOUT_S: '2' };

    const started = Date.now();
    const blocked = await s.app({ args: ['--migrate'], env });

    expect(blocked.exitCode, printed(blocked)).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(blocked.stderr, printed(blocked)).toContain(`agent database: upgrade failed at revision ${alter} of mysql_agent: a statement waited more than 2 s (DB_DDL_LOCK_TIMEOUT_S) for a table lock held by MySQL connection ${blockerId} (root@`);
    expect(printed(blocked)).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(await s.applied('agent')).toEqual(mysqlChain('agent'));

    await bystander.query('rollback');
    await blocker.query('unlock tables');
    const retry = await s.app({ args: ['--migrate'], env });
    expect(retry.started, printed(retry)).toBe(true);
    expect(await s.applied('agent')).toEqual([...mysqlChain('agent'), alter]);
  });
});

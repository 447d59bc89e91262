import { expect, it } from 'vitest';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { DATABASE_NAMES } from '../../src/version-guard/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/version.repository.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { adminConnection, describeMysql } from '../support/mysql-databases.js';
import { mysqlChain, mysqlHead, mysqlScenario, printed, RAW_MYSQL_ERROR, type MysqlScenario } from '../support/mysql-scenarios.js';
import { spawnApp, type AppHandle, type ProcessResult } from '../support/processes.js';

const PROCESSES = 8;

/** The upgrade lock's name for a database (see src/version-guard/mysql-upgrade-lock.ts). */
const lockName = (dbName: string) => `db_version_guard.${dbName}`.slice(0, 64);

async function scalar(c: Connection, sql: string, params: unknown[] = []): Promise<unknown> {
  const [rows] = await c.query<RowDataPacket[]>(sql, params);
  return Object.values(rows[0])[0];
}

/** Whether the named lock becomes free within `ms` (the server notices a dead client's connection closing). */
async function lockFreedWithin(c: Connection, name: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Number(await scalar(c, 'select is_free_lock(?)', [name])) !== 1) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Waits until an app has started (then stops it) or ended by itself; its result either way. */
async function settle(handle: AppHandle): Promise<ProcessResult> {
  await handle.waitFor('listening on port', 90_000).catch(() => undefined);
  handle.kill('SIGTERM');
  return handle.ended;
}

// alone: its eight processes would starve the timing of the tests below
describeMysql('concurrent starts on MySQL', { timeout: 180_000 }, () => {
  it(`${PROCESSES} processes starting at once on an empty pair: all start, each revision applied exactly once`, async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished, { DB_UPGRADE_POLICY: 'auto' });
    const reference = await mysqlScenario(onTestFinished);

    const [runs, referenceRun] = await Promise.all([
      Promise.all(Array.from({ length: PROCESSES }, () => s.app({ timeoutMs: 100_000 }))),
      reference.cli(['upgrade']),
    ]);

    expect(referenceRun.exitCode, printed(referenceRun)).toBe(0);
    for (const [i, run] of runs.entries()) {
      expect(run.started, `process ${i}:\n${printed(run)}`).toBe(true);
      for (const pattern of RAW_MYSQL_ERROR) expect(printed(run), `process ${i}`).not.toMatch(pattern);
    }
    const everything = runs.map(printed).join('\n');
    for (const db of DATABASE_NAMES) {
      expect(await s.applied(db)).toEqual(mysqlChain(db));
      const recorded = await s.with(db, async (c) => {
        const [rows] = await c.query<RowDataPacket[]>('select name, count(*) as n from mikro_orm_migrations group by name having count(*) > 1');
        return rows;
      });
      expect(recorded).toEqual([]);
      // across all processes, each revision was run by exactly one of them
      for (const id of mysqlChain(db)) expect(everything.split(`${db} database: applied ${id} `)).toHaveLength(2);
      // the same tables, columns and indexes as one sequential upgrade: nothing created or altered twice
      expect(await s.userSchema(db)).toEqual(await reference.userSchema(db));
    }
    const upToDate = runs.filter((run) => run.stdout.includes('✅ agent database: version is already up to date')).length;
    expect(upToDate).toBe(PROCESSES - 1);
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

  it('lock timeout: a held lock makes the start fail with exit 1, naming the holding connection and what to do', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished, { DB_LOCK_TIMEOUT_S: '1' });
    const name = lockName(s.names.agent);
    const holder = await adminConnection();
    try {
      const connectionId = await scalar(holder, 'select connection_id()');
      expect(await scalar(holder, 'select get_lock(?, 0)', [name])).toBe(1);

      const run = await s.app();

      expect(run.started).toBe(false);
      expect(run.exitCode, printed(run)).toBe(1);
      expect(run.stderr).toContain(
        `❌ agent database: gave up after 1 s waiting for another process's upgrade lock (held by MySQL connection ${connectionId} (`,
      );
      expect(run.stderr).toContain('   Fix: wait for the other process to finish and start again, or raise DB_LOCK_TIMEOUT_S');
      expect(run.stderr).toContain(`SELECT IS_USED_LOCK('${name}')`);
      expect(run.stderr).toContain('KILL <id>');
      for (const pattern of RAW_MYSQL_ERROR) expect(printed(run)).not.toMatch(pattern);
      for (const db of DATABASE_NAMES) expect(await s.tables(db)).toEqual([]);
    } finally {
      await holder.end();
    }
  });

  it('a lock holder killed mid-upgrade frees the lock; the next start upgrades without waiting', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);
    const fixture = copyBuiltMigrations();
    onTestFinished(() => removeFixture(fixture));
    const slow = newRevisionId();
    addRevision(fixture, 'mysql/agent', {
      id: slow,
      parents: [mysqlHead('agent')],
      message: 'feat: slow fixture',
      upPrelude:
        "if (!(await this.tableExists('fx_slow'))) await this.execute('create table fx_slow (id int)'); " +
        "if (process.env.FIXTURE_SLOW) { process.stdout.write('FIXTURE SLOW RUNNING\\n'); await new Promise((r) => setTimeout(r, 60000)); }",
      up: [],
      down: ['drop table fx_slow'],
    });
    // a long timeout: a lock that is not freed would make the second start wait, then fail
    const env = { ...s.env, DB_MIGRATIONS_DIR: fixture, DB_LOCK_TIMEOUT_S: '60' };
    const name = lockName(s.names.agent);
    const admin = await adminConnection();
    onTestFinished(() => admin.end());

    const holder = await spawnApp({ cwd: s.cwd, env: { ...env, FIXTURE_SLOW: '1' }, args: ['--migrate'] });
    onTestFinished(() => void holder.kill('SIGKILL'));
    await holder.waitFor('FIXTURE SLOW RUNNING', 60_000);
    expect(await scalar(admin, 'select is_used_lock(?)', [name])).not.toBeNull();
    holder.kill('SIGKILL');
    await holder.ended;
    expect(await lockFreedWithin(admin, name, 5_000)).toBe(true);
    expect(await s.applied('agent')).toEqual(mysqlChain('agent'));

    const again = await s.app({ args: ['--migrate'], env, timeoutMs: 45_000 });

    expect(again.started, printed(again)).toBe(true);
    expect(printed(again)).not.toContain('waiting for its lock');
    expect(again.stdout).toContain(`agent database: applied ${slow} feat: slow fixture`);
    expect(await s.applied('agent')).toEqual([...mysqlChain('agent'), slow]);
    expect(await s.applied('ops')).toEqual(mysqlChain('ops'));
  });
});

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi, type OnTestFinishedHandler } from 'vitest';
import { keepaliveSettings, optionalSessionSettings, settingsStatement } from '../../src/version-guard/dialects/postgresql/postgresql-sessions.js';
import { advisoryKey } from '../../src/version-guard/dialects/postgresql/postgresql-upgrade-lock.js';
import { builtIds, dbInProcess, rawErrorLines } from '../support/fault-harness.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { faultMessages } from '../../src/version-guard/core/messages/index.js';
import { postgresqlTarget } from '../support/db-targets.js';
import { databaseName } from '../support/guard-targets.js';
import { postgresApplied, postgresClient, postgresDatabaseExists, postgresPair, postgresRoleWith, postgresServerUrl, postgresTables } from '../support/postgres-databases.js';
import { tempDir } from '../support/sqlite-files.js';

/** A new pair upgraded to the built heads from a private copy of the sets, for the test to add revisions to. */
async function pairAtHeadWithFixture(onTestFinished: (fn: OnTestFinishedHandler) => void, extra: Record<string, string> = {}) {
  const pair = await postgresPair({}, false);
  const fixture = copyBuiltMigrations();
  onTestFinished(() => pair.drop());
  onTestFinished(() => removeFixture(fixture));
  const env = { ...pair.env, DB_MIGRATIONS_DIR: fixture, ...extra };
  expect((await dbInProcess(['upgrade'], env)).exitCode).toBe(0);
  return { pair, fixture, env };
}

// PostgreSQL behaviour the shared scenario suites cannot show: what read-only commands leave
// behind, what is refused, and who is named when a lock is in the way. In-process CLI, real server.
describe.skipIf(!postgresServerUrl).concurrent('postgresql', () => {
  it('read-only commands on databases that do not exist create nothing (not even the database) and report them empty', async () => {
    const pair = await postgresPair({}, false);
    const expected: Record<string, number> = { status: 0, 'status --json': 0, check: 1, 'check --drift': 1, detect: 0, 'upgrade --sql': 0 };
    for (const [command, exitCode] of Object.entries(expected)) {
      const run = await dbInProcess(command.split(' '), pair.env);
      expect(run.exitCode, `${command}: ${run.stderr}`).toBe(exitCode);
      expect(rawErrorLines(run.stderr + run.stdout)).toEqual([]);
      for (const name of Object.values(pair.names)) expect(await postgresDatabaseExists(name), `${command} created ${name}`).toBe(false);
    }
    const json = await dbInProcess(['status', '--json'], pair.env);
    expect(JSON.parse(json.stdout).databases.map((d: { dialect: string; state: string }) => [d.dialect, d.state])).toEqual([
      ['postgresql', 'empty'],
      ['postgresql', 'empty'],
    ]);
    // the SQL an upgrade would run, in PostgreSQL's own words
    const sql = await dbInProcess(['upgrade', '--sql', '--db', 'agent'], pair.env);
    const { ids, head } = builtIds('postgresql', 'agent');
    expect(sql.stdout.split('\n')[0]).toBe(`-- agent database (postgresql): ${ids.length} revision(s) from empty to ${head}`);
    expect(sql.stdout).toContain('create table "agent" ("id" bigserial primary key');
    expect(sql.stdout).not.toContain('`');
  });

  it('a user who owns its databases but may not connect to the maintenance database upgrades them', async ({ onTestFinished }) => {
    const pair = await postgresPair();
    const role = `guard_${pair.names.agent.slice(2, 14)}`;
    const admin = await postgresClient();
    onTestFinished(async () => {
      await pair.drop();
      await admin.query(`drop role if exists ${role}`);
      await admin.end();
    });
    await admin.query(`create role ${role} login`);
    for (const name of Object.values(pair.names)) await admin.query(`alter database "${name}" owner to ${role}`);
    await admin.query(`revoke connect on database postgres from ${role}`);
    await admin.query(`revoke connect on database postgres from public`);
    try {
      const server = new URL(postgresServerUrl!);
      const url = (name: string) => `postgresql://${role}@${server.host}/${name}`;
      const env = { ...pair.env, AGENT_DB_URL: url(pair.names.agent), OPS_DB_URL: url(pair.names.ops) };
      const run = await dbInProcess(['upgrade'], env);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(await pair.with('agent', postgresTables)).toContain('agent');
    } finally {
      await admin.query(`grant connect on database postgres to public`);
    }
  });

  it('a database that accepts no writes (a standby, default_transaction_read_only): the app starts at head with a warning; an upgrade is refused as such', async ({ onTestFinished }) => {
    const target = await postgresqlTarget();
    onTestFinished(() => target.cleanup());
    expect((await dbInProcess(['upgrade'], target.env)).exitCode).toBe(0);
    const agentDb = databaseName(target, 'agent');
    const admin = await postgresClient();
    await admin.query(`alter database "${agentDb}" set default_transaction_read_only = on`).finally(() => admin.end());
    const before = await target.snapshot();

    // a reader pointed at a replica: nothing to apply, only the vector store kind it cannot record
    const started = await target.app();
    expect(started.started, started.stderr).toBe(true);
    const warnings = started.stdout.split('\n').filter((line) => line.includes('⚠️'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`⚠️ agent database: the server of ${target.env.AGENT_DB_URL} accepts no writes (`);
    expect(warnings[0]).toContain('INDEX_MANAGER_TYPE=chroma is not recorded');

    const root = copyBuiltMigrations();
    onTestFinished(() => removeFixture(root));
    const id = newRevisionId();
    addRevision(root, 'postgresql/agent', { id, parents: [builtIds('postgresql', 'agent').head], message: 'feat: next', up: ['create table fx_next (id int primary key)'], down: ['drop table fx_next'] });
    const run = await dbInProcess(['upgrade', '--db', 'agent'], { ...target.env, DB_MIGRATIONS_DIR: root });
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).toContain(
      `upgrade failed at revision ${id} of postgresql_agent: the server of ${target.env.AGENT_DB_URL} accepts no writes (cannot execute CREATE TABLE in a read-only transaction): a replica, a reader endpoint, or a server in read-only mode`,
    );
    expect(run.stderr).toContain('Fix: point AGENT_DB_URL at the primary (writable) server, or end its read-only mode, then try again');
    expect(rawErrorLines(run.stderr)).toEqual([]);
    const status = await dbInProcess(['status', '--db', 'agent'], { ...target.env, DB_MIGRATIONS_DIR: root });
    expect(status.stdout).toContain('agent database (postgresql): behind');
    expect(await target.snapshot()).toEqual(before);
  });

  it('a role whose search_path names another schema: every command works in that schema, and public stays empty', async ({ onTestFinished }) => {
    const pair = await postgresPair();
    const role = `s_${newRevisionId()}`;
    const admin = await postgresClient();
    onTestFinished(async () => {
      await pair.drop();
      await admin.query(`drop role if exists "${role}"`);
      await admin.end();
    });
    await admin.query(`create role "${role}" login`);
    for (const name of Object.values(pair.names)) {
      await admin.query(`alter database "${name}" owner to "${role}"`);
      await pair.with(name === pair.names.agent ? 'agent' : 'ops', (c) => c.query(`create schema studio authorization "${role}"`));
    }
    await admin.query(`alter role "${role}" set search_path = studio`);
    const server = new URL(postgresServerUrl!);
    const url = (name: string) => `postgresql://${role}@${server.host}/${name}`;
    const env = { ...pair.env, AGENT_DB_URL: url(pair.names.agent), OPS_DB_URL: url(pair.names.ops) };
    const { head } = builtIds('postgresql', 'agent');
    const tablesIn = (db: 'agent' | 'ops', schema: string) =>
      pair.with(db, async (c) => (await c.query('select tablename from pg_tables where schemaname = $1 order by 1', [schema])).rows.map((r: { tablename: string }) => r.tablename));

    // MikroORM's own migrations table is looked for in public unless told: downgrade and stamp failed
    for (const command of ['upgrade', 'downgrade base --db agent', 'upgrade --db agent', 'stamp base --db ops', 'stamp head --db ops', 'repair']) {
      const run = await dbInProcess(command.split(' '), env);
      expect(run.exitCode, `${command}: ${run.stderr}`).toBe(0);
    }
    const check = await dbInProcess(['check', '--drift', '--db', 'agent'], env);
    expect(check.exitCode, check.stdout).toBe(0);
    expect(check.stdout).toContain('agent database: no schema drift');
    const status = JSON.parse((await dbInProcess(['status', '--json'], env)).stdout) as { databases: { state: string; current: string[] }[] };
    expect(status.databases.map((d) => d.state)).toEqual(['up_to_date', 'up_to_date']);
    expect(status.databases[0].current).toEqual([head]);
    for (const db of ['agent', 'ops'] as const) {
      expect(await tablesIn(db, 'public'), db).toEqual([]);
      expect(await tablesIn(db, 'studio'), db).toContain('mikro_orm_migrations');
    }
    expect(await tablesIn('agent', 'studio')).toContain('agent');
  });

  it('a role that may not read the guard\'s settings is refused at start with the privilege explained, never a raw error; granted, it starts', async ({ onTestFinished }) => {
    const target = await postgresqlTarget();
    onTestFinished(() => target.cleanup());
    // a start whose user may write records the vector store kind in the guard's settings table
    expect((await target.app({ args: ['--migrate-only'] })).exitCode).toBe(0);
    const dbName = (db: 'agent' | 'ops') => databaseName(target, db);
    const role = await postgresRoleWith('select', [dbName('agent'), dbName('ops')]);
    onTestFinished(async () => {
      await target.cleanup();
      await role.drop();
    });
    const env = { AGENT_DB_URL: role.url(dbName('agent')), OPS_DB_URL: role.url(dbName('ops')) };
    const roleName = new URL(env.AGENT_DB_URL).username;
    await target.exec('agent', `revoke select on schema_guard_setting from "${roleName}"`);

    const refused = await target.app({ env });

    expect(refused.started).toBe(false);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trimEnd().split('\n')).toEqual([
      '❌ agent database: the database user lacks a privilege this needs (permission denied for table schema_guard_setting)',
      `   Fix: ${faultMessages.privileges.postgresql(dbName('agent'))}, then try again (AGENT_DB_URL)`,
    ]);
    await target.exec('agent', `grant select on schema_guard_setting to "${roleName}"`);
    const started = await target.app({ env });
    expect(started.started, started.stderr).toBe(true);
    expect(`${started.stdout}${started.stderr}`).not.toContain('⚠️');
  });

  it('upgrade, status --json, downgrade and stamp work end to end, and the head schema has no drift', async ({ onTestFinished }) => {
    const pair = await postgresPair({}, false);
    onTestFinished(() => pair.drop());
    const up = await dbInProcess(['upgrade'], pair.env);
    expect(up.exitCode, up.stderr).toBe(0);
    for (const name of Object.values(pair.names)) expect(await postgresDatabaseExists(name)).toBe(true);
    expect((await dbInProcess(['check', '--drift'], pair.env)).exitCode).toBe(0);
    const opsHead = builtIds('postgresql', 'ops').head;
    expect((await dbInProcess(['downgrade', 'base', '--db', 'ops'], pair.env)).exitCode).toBe(0);
    expect(await pair.with('ops', postgresTables)).not.toContain('prompts');
    const stamped = await dbInProcess(['stamp', 'head', '--db', 'ops'], pair.env);
    expect(stamped.exitCode, stamped.stderr).toBe(0);
    const status = JSON.parse((await dbInProcess(['status', '--json', '--db', 'ops'], pair.env)).stdout).databases[0];
    expect(status).toMatchObject({ dialect: 'postgresql', state: 'up_to_date', current: [opsHead] });
  });

  it('check --drift compares the schema the app uses only: tables of another schema, even of the same name, are not drift', async ({ onTestFinished }) => {
    const pair = await postgresPair({}, false);
    onTestFinished(() => pair.drop());
    expect((await dbInProcess(['upgrade', '--db', 'agent'], pair.env)).exitCode).toBe(0);
    await pair.with('agent', (c) => c.query('create schema audit; create table audit.trail (id int); create table audit.agent (other int); create index idx_audit_other on audit.agent (other)'));

    const clean = await dbInProcess(['check', '--drift', '--db', 'agent'], pair.env);
    expect(clean.stdout).toContain('agent database: no schema drift');
    expect(clean.exitCode, clean.stdout).toBe(0);

    // a change to the app's own schema still is
    await pair.with('agent', (c) => c.query('alter table public.agent add column by_hand int'));
    const drifted = await dbInProcess(['check', '--drift', '--db', 'agent'], pair.env);
    expect(drifted.stdout).toContain('agent database: schema drift\n   column agent.by_hand: in the database, not in the entities');
    expect(drifted.stdout).not.toContain('trail');
    expect(drifted.exitCode).toBe(1);
  });

  it('a database that holds only tables an extension made (PostGIS before the first start) is empty and is created to head', async ({ onTestFinished }) => {
    const pair = await postgresPair();
    onTestFinished(() => pair.drop());
    // a table made a member of an extension, as PostGIS's spatial_ref_sys is
    await pair.with('agent', (c) => c.query('create table spatial_ref_sys (srid int primary key); alter extension plpgsql add table spatial_ref_sys'));

    const status = JSON.parse((await dbInProcess(['status', '--json', '--db', 'agent'], pair.env)).stdout).databases[0];
    expect(status).toMatchObject({ name: 'agent', state: 'empty' });
    const up = await dbInProcess(['upgrade', '--db', 'agent'], pair.env);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(await pair.with('agent', postgresTables)).toEqual(expect.arrayContaining(['agent', 'mikro_orm_migrations', 'spatial_ref_sys']));
    const drift = await dbInProcess(['check', '--drift', '--db', 'agent'], pair.env);
    expect(drift.exitCode, drift.stdout).toBe(0);
  });

  it('an untracked database with tables is refused as unrecognised, listing what it holds; nothing is written', async ({ onTestFinished }) => {
    const pair = await postgresPair();
    onTestFinished(() => pair.drop());
    await pair.with('agent', (c) => c.query('create table orders (id int primary key); create table customers (id int primary key)'));
    const upgrade = await dbInProcess(['upgrade', '--db', 'agent'], pair.env);
    expect(upgrade.exitCode).not.toBe(0);
    expect(upgrade.stderr).toContain('legacy_unrecognized');
    expect(upgrade.stderr).toContain('and it holds: customers, orders');
    expect(rawErrorLines(upgrade.stderr)).toEqual([]);
    expect(await pair.with('agent', postgresTables)).toEqual(['customers', 'orders']);
  });

  it('swapped URLs and a MySQL revision history are refused as foreign, naming the set', async ({ onTestFinished }) => {
    const pair = await postgresPair({}, false);
    onTestFinished(() => pair.drop());
    expect((await dbInProcess(['upgrade'], pair.env)).exitCode).toBe(0);
    const swapped = { ...pair.env, AGENT_DB_URL: pair.env.OPS_DB_URL, OPS_DB_URL: pair.env.AGENT_DB_URL };
    const check = await dbInProcess(['check'], swapped);
    // a refusing state
    expect(check.exitCode).toBe(2);
    expect(check.stdout).toMatch(/^agent database \(postgresql\): foreign\n(.*\n)*   Belongs to migration set: postgresql_ops$/m);
    expect(check.stdout).toMatch(/^ops database \(postgresql\): foreign\n(.*\n)*   Belongs to migration set: postgresql_agent$/m);

    const mysqlRoot = builtIds('mysql', 'ops').ids[0];
    await pair.with('ops', (c) => c.query(`delete from mikro_orm_migrations; insert into mikro_orm_migrations (name) values ('${mysqlRoot}')`));
    const foreign = JSON.parse((await dbInProcess(['status', '--json', '--db', 'ops'], pair.env)).stdout).databases[0];
    expect(foreign.state).toBe('foreign');
    const upgrade = await dbInProcess(['upgrade', '--db', 'ops'], pair.env);
    expect(upgrade.exitCode).not.toBe(0);
    expect(upgrade.stderr).toContain(`of the mysql_ops migration set, not postgresql_ops`);
  });

  it('a failing revision leaves nothing of itself (table, column, bookkeeping row) and is recorded as failed', async ({ onTestFinished }) => {
    const { pair, fixture, env } = await pairAtHeadWithFixture(onTestFinished);
    const id = newRevisionId();
    addRevision(fixture, 'postgresql/agent', {
      id,
      parents: [builtIds('postgresql', 'agent').head],
      message: 'feat: fixture that fails half-way',
      up: ['create table fx_half (id int)', 'alter table agent add column fx_col int', 'insert into no_such_table values (1)'],
      down: ['alter table agent drop column fx_col', 'drop table fx_half'],
    });
    const run = await dbInProcess(['upgrade', '--db', 'agent'], env);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`upgrade failed at revision ${id} of postgresql_agent: `);
    expect(await pair.with('agent', postgresTables)).not.toContain('fx_half');
    const columns = await pair.with('agent', (c) => c.query(`select 1 from information_schema.columns where table_name = 'agent' and column_name = 'fx_col'`));
    expect(columns.rows).toEqual([]);
    const status = JSON.parse((await dbInProcess(['status', '--json', '--db', 'agent'], env)).stdout).databases[0];
    expect(status).toMatchObject({ state: 'failed', pending: [id] });
  });

  it('a table locked longer than DB_DDL_LOCK_TIMEOUT_S fails the upgrade within the bound, naming the blocking backend; the retry succeeds', async ({ onTestFinished }) => {
    const { pair, fixture, env } = await pairAtHeadWithFixture(onTestFinished, { DB_DDL_LOCK_TIMEOUT_S: '1' });
    const id = newRevisionId();
    addRevision(fixture, 'postgresql/agent', {
      id,
      parents: [builtIds('postgresql', 'agent').head],
      message: 'feat: fixture that alters a busy table',
      up: ['alter table tag add column fx_col int'],
      down: ['alter table tag drop column fx_col'],
    });
    const blocker = await postgresClient(pair.names.agent);
    await blocker.query(`set application_name = 'nightly report'`);
    await blocker.query('begin');
    await blocker.query('lock table tag in access share mode');
    const pid = (await blocker.query('select pg_backend_pid() as pid')).rows[0].pid as number;
    const started = Date.now();
    const run = await dbInProcess(['upgrade', '--db', 'agent'], env);
    const took = Date.now() - started;
    await blocker.query('rollback');
    await blocker.end();
    expect(run.exitCode).toBe(1);
    expect(took).toBeLessThan(15_000);
    expect(run.stderr).toContain('(DB_DDL_LOCK_TIMEOUT_S)');
    expect(run.stderr).toContain(`PostgreSQL backend ${pid} (nightly report`);
    expect(rawErrorLines(run.stderr)).toEqual([]);
    const retried = await dbInProcess(['upgrade', '--db', 'agent'], env);
    expect(retried.exitCode, retried.stderr).toBe(0);
  });

  it("the guard's session settings take on this server; a setting it lacks (an older version's server) is left out, not an error", async () => {
    const client = await postgresClient();
    try {
      await client.query(settingsStatement(keepaliveSettings(30_000), { ...optionalSessionSettings(30_000), guard_test_no_such_setting: '1' }));
      const shown = async (name: string) => (await client.query(`select current_setting('${name}') as value`)).rows[0].value as string;
      expect([await shown('tcp_keepalives_idle'), await shown('tcp_keepalives_interval'), await shown('tcp_keepalives_count')]).toEqual(['12', '5', '4']);
      expect([await shown('tcp_user_timeout'), await shown('client_connection_check_interval')]).toEqual(['32000', '6s']);
    } finally {
      await client.end();
    }
  });

  it("the lock's session ended by the server during a slow revision: the holder stops before recording it and leaves nothing of it; the next upgrade applies it once", async ({ onTestFinished }) => {
    const { pair, fixture, env } = await pairAtHeadWithFixture(onTestFinished);
    const signals = tempDir('pg-lock-lost-');
    const [running, go] = [join(signals, 'running'), join(signals, 'go')];
    const id = newRevisionId();
    addRevision(fixture, 'postgresql/agent', {
      id,
      parents: [builtIds('postgresql', 'agent').head],
      message: 'feat: fixture that waits for the test',
      upPrelude:
        `const fs = await import('node:fs'); fs.writeFileSync(${JSON.stringify(running)}, ''); ` +
        `for (let i = 0; i < 1500 && !fs.existsSync(${JSON.stringify(go)}); i++) await new Promise((r) => setTimeout(r, 20));`,
      up: ['create table fx_slow (id int primary key)'],
      down: ['drop table fx_slow'],
    });
    const admin = await postgresClient(pair.names.agent);
    onTestFinished(() => admin.end());

    const upgrade = dbInProcess(['upgrade', '--db', 'agent'], env);
    await vi.waitFor(() => expect(existsSync(running)).toBe(true), { timeout: 30_000, interval: 20 });
    // a DBA, a proxy's idle timeout or a failover ends the lock's session while the revision runs
    const ended = await admin.query(`select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = current_database() and application_name = 'db-version-guard lock'`);
    expect(ended.rows).toEqual([{ ended: true }]);
    await vi.waitFor(async () => expect((await admin.query(`select 1 from pg_stat_activity where application_name = 'db-version-guard lock'`)).rows).toEqual([]), { timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    writeFileSync(go, '');
    const run = await upgrade;

    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toContain(`agent database: stopped before recording revision ${id}: the upgrade lock was lost (the lock's session on the server ended (terminating connection due to administrator command))`);
    expect(rawErrorLines(run.stderr)).toEqual([]);
    // nothing of the revision, and no failure recorded: the next upgrade simply applies it
    expect(await pair.with('agent', postgresTables)).not.toContain('fx_slow');
    const status = JSON.parse((await dbInProcess(['status', '--json', '--db', 'agent'], env)).stdout).databases[0];
    expect(status).toMatchObject({ state: 'behind', pending: [id] });
    const again = await dbInProcess(['upgrade', '--db', 'agent'], env);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(await pair.with('agent', postgresApplied)).toEqual([...builtIds('postgresql', 'agent').ids, id]);
  });

  it('the upgrade lock held by another backend: the wait ends at DB_LOCK_TIMEOUT_S naming it (pid, application, address)', async ({ onTestFinished }) => {
    const pair = await postgresPair();
    onTestFinished(() => pair.drop());
    const holder = await postgresClient(pair.names.agent);
    onTestFinished(() => holder.end());
    await holder.query(`set application_name = 'other deploy job'`);
    await holder.query('select pg_advisory_lock($1::bigint)', [advisoryKey(pair.names.agent)]);
    const pid = (await holder.query('select pg_backend_pid() as pid')).rows[0].pid as number;
    const run = await dbInProcess(['upgrade', '--db', 'agent'], { ...pair.env, DB_LOCK_TIMEOUT_S: '1' });
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toContain('gave up after 1 s waiting for another process\'s upgrade lock');
    expect(run.stderr).toContain(`PostgreSQL backend ${pid} (other deploy job, 127.0.0.1`);
    expect(await pair.with('agent', postgresTables)).toEqual([]);
  });
});

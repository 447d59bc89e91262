import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { getJson } from '../support/e2e-helpers.js';
import { builtIds } from '../support/fault-harness.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { otherHost, whyNoNetworkNamespaces } from '../support/network-namespace.js';
import { postgresApplied, postgresPair, postgresServerUrl, postgresTables } from '../support/postgres-databases.js';
import { runApp } from '../support/in-process.js';
import { findPostgresBin, startPostgres } from '../support/postgres-server.js';
import { runAppProcess, spawnApp } from '../support/processes.js';
import { tempDir } from '../support/sqlite-files.js';

const PROCESSES = 8;

// The app on PostgreSQL: racing processes as operators start them, a refusal in-process.
describe.skipIf(!postgresServerUrl)('the app on PostgreSQL', { timeout: 180_000 }, () => {
  it(`${PROCESSES} processes starting at once on a pair that does not exist yet: all start, each revision applied once, /health answers`, async ({ onTestFinished }) => {
    const pair = await postgresPair({ DB_UPGRADE_POLICY: 'auto' }, false);
    onTestFinished(() => pair.drop());
    const cwd = tempDir('pg-app-');
    const health: { status: number; body: unknown }[] = [];
    const runs = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) =>
        runAppProcess({
          cwd,
          env: pair.env,
          timeoutMs: 150_000,
          whileRunning: i === 0 ? async (port) => void health.push(await getJson(port, '/health')) : undefined,
        }),
      ),
    );
    for (const [i, run] of runs.entries()) expect(run.started, `process ${i}:\n${run.stdout}\n${run.stderr}`).toBe(true);
    for (const db of ['agent', 'ops'] as const) {
      expect(await pair.with(db, postgresApplied)).toEqual(builtIds('postgresql', db).ids);
    }
    expect(health[0]?.status).toBe(200);
    expect(JSON.stringify(health[0]?.body)).toContain('postgresql');
  });

  // in-process: that a refusal opens no port and exits 1 is a process test on SQLite (boot-guard)
  it('a refusal does not serve and exits 1; nothing is written to either database', async ({ onTestFinished }) => {
    const pair = await postgresPair();
    onTestFinished(() => pair.drop());
    await pair.with('ops', (c) => c.query('create table invoices (id int primary key)'));
    const run = await runApp({ cwd: tempDir('pg-app-'), env: { ...pair.env, DB_UPGRADE_POLICY: 'auto' } });
    expect(run.started).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('❌ ops database: refusing to start (state: legacy_unrecognized)');
    expect(run.stderr).toContain('it holds: invoices');
    // refusals are decided for both databases before either is written
    expect(await pair.with('agent', postgresTables)).toEqual([]);
    expect(await pair.with('ops', postgresTables)).toEqual(['invoices']);
  });
});

// A lock holder on another host that vanishes (a crashed machine, a broken link): its sessions
// cannot tell the server they ended. The host is a network namespace of this machine, the server
// a private one that also listens on the link to it.
const noSecondHost = await whyNoNetworkNamespaces();
const postgresBin = findPostgresBin();
if (noSecondHost || !postgresBin) {
  const why = noSecondHost ?? 'PostgreSQL is not installed';
  if (process.env.CI) throw new Error(`the vanished-host test cannot run in CI: ${why}`);
  console.warn(`\n⚠️  SKIPPED: the PostgreSQL vanished-host test (${why})\n`);
}

describe.runIf(!noSecondHost && postgresBin)('the app on PostgreSQL across a network', { timeout: 120_000 }, () => {
  it("the lock holder's host vanishes while a statement of its runs: the server ends its sessions and frees its lock within DB_LOCK_LEASE_S, and a waiting start completes the upgrade", async ({ onTestFinished }) => {
    const host = await otherHost();
    onTestFinished(() => host.remove());
    const server = await startPostgres(postgresBin!, { address: host.localAddress, trusted: host.address });
    onTestFinished(() => server.stop());
    const urls = (hostname: string) => ({
      AGENT_DB_URL: `${server.url.replace('127.0.0.1', hostname)}/agent`,
      OPS_DB_URL: `${server.url.replace('127.0.0.1', hostname)}/ops`,
    });
    const fixture = copyBuiltMigrations();
    onTestFinished(() => removeFixture(fixture));
    const cwd = tempDir('pg-vanished-');
    const slow = newRevisionId();
    // a long statement, on the vanished host only: its transaction holds the new table meanwhile
    addRevision(fixture, 'postgresql/agent', {
      id: slow,
      parents: [builtIds('postgresql', 'agent').head],
      message: 'feat: slow fixture',
      up: ['create table fx_slow (id int primary key)', `select pg_sleep(90) where inet_client_addr() = '${host.address}'`],
      down: ['drop table fx_slow'],
    });
    // the shortest lease: the server frees a vanished holder's sessions about 6 s after its last packet
    const env = { DB_TYPE: 'postgresql', DB_MIGRATIONS_DIR: fixture, DB_LOCK_LEASE_S: '5', DB_LOCK_TIMEOUT_S: '45' };

    const holder = await spawnApp({ cwd, env: { ...env, ...urls(host.localAddress) }, args: ['--migrate-only'], prefix: host.prefix });
    onTestFinished(() => holder.kill('SIGKILL'));
    const admin = new pg.Client({ connectionString: `${server.url}/postgres` });
    await admin.connect();
    onTestFinished(() => admin.end());
    const fromHolder = `select application_name, state, query from pg_stat_activity where client_addr = '${host.address}'`;
    await vi.waitFor(async () => expect((await admin.query(fromHolder)).rows).toContainEqual({ application_name: 'db-version-guard', state: 'active', query: expect.stringContaining('pg_sleep') }), {
      timeout: 60_000,
      interval: 100,
    });
    expect((await admin.query(fromHolder)).rows.map((row) => row.application_name)).toContain('db-version-guard lock');

    await host.cut();
    holder.kill('SIGKILL');
    await holder.ended;
    const cut = Date.now();
    const taker = await runApp({ cwd, env: { ...env, ...urls('127.0.0.1') }, args: ['--migrate-only'] });
    const took = Date.now() - cut;

    expect(taker.exitCode, taker.stdout + taker.stderr).toBe(0);
    expect(taker.stdout + taker.stderr).toContain('agent database: another process is upgrading it (');
    expect(taker.stdout).toContain(`agent database: applied ${slow} feat: slow fixture`);
    // freed about one lease after the host vanished, not after the hours of the system's keepalive
    expect(took).toBeLessThan(25_000);
    const agent = new pg.Client({ connectionString: `${server.url}/agent` });
    await agent.connect();
    expect(await postgresApplied(agent).finally(() => agent.end())).toEqual([...builtIds('postgresql', 'agent').ids, slow]);
    // the vanished host's other sessions (its running statement among them) are gone too
    await vi.waitFor(async () => expect((await admin.query(fromHolder)).rows).toEqual([]), { timeout: 15_000, interval: 250 });
  });
});

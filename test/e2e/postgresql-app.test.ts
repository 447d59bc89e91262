import { describe, expect, it } from 'vitest';
import { getJson } from '../support/e2e-helpers.js';
import { builtIds } from '../support/fault-harness.js';
import { postgresApplied, postgresPair, postgresServerUrl, postgresTables } from '../support/postgres-databases.js';
import { runApp } from '../support/in-process.js';
import { runAppProcess } from '../support/processes.js';
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

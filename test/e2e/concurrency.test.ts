import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { builtSet, dbPaths, DBS, output, RAW_ERROR_PATTERNS, runAppCommand, signal, upToDateLines } from '../support/e2e-helpers.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { runAppProcess } from '../support/processes.js';
import { runApp, runCli } from '../support/in-process.js';
import { appliedRevisions, sqliteEnv, tableNames, tempDir } from '../support/sqlite-files.js';

const SET = { agent: builtSet('agent'), ops: builtSet('ops') };
const PROCESSES = 8;

describe.concurrent('concurrent starts (built app, SQLite)', () => {
  it(`starts ${PROCESSES} processes at once on empty files: all start, every revision applied exactly once`, { timeout: 120_000 }, async () => {
    const dir = tempDir('guard-concurrent-');
    const env = sqliteEnv(dir, { DB_UPGRADE_POLICY: 'auto' });
    const runs = await Promise.all(Array.from({ length: PROCESSES }, () => runAppProcess({ cwd: dir, env, timeoutMs: 100_000 })));

    for (const [i, run] of runs.entries()) {
      expect(run.started, `process ${i}:\n${output(run)}`).toBe(true);
      expect(run.stderr, `process ${i}`).toBe('');
      for (const pattern of RAW_ERROR_PATTERNS) expect(output(run), `process ${i}`).not.toMatch(pattern);
    }
    for (const db of DBS) {
      const applied = appliedRevisions(dbPaths(dir)[db]);
      expect(applied).toHaveLength(SET[db].ids.length);
      expect([...applied].sort()).toEqual([...SET[db].ids].sort());
      expect(applied.at(-1)).toBe(SET[db].head);
      // exactly one process applied each revision; the others found it done
      const appliedLines = runs.flatMap((run) => run.stdout.split('\n').filter((line) => line.includes(`${db} database: applied `)));
      expect(appliedLines).toHaveLength(SET[db].ids.length);
    }
    const agentTables = tableNames(dbPaths(dir).agent);
    // no process recorded a failed upgrade
    const status = await runCli(['status', '--json'], { cwd: dir, env });
    expect(JSON.parse(status.stdout).databases.map((d: { state: string }) => d.state)).toEqual(['up_to_date', 'up_to_date']);
    expect(agentTables).toEqual(expect.arrayContaining(['agent', 'workflow', 'knowledge_base', 'agent_execution', 'plugin', 'memory_base']));
    expect(tableNames(dbPaths(dir).ops)).toEqual(expect.arrayContaining(['prompts', 'prompt_basic', 'job_user_info']));
  });

  it('gives up on a held upgrade lock after DB_LOCK_TIMEOUT_S with a message saying what to do', async () => {
    const dir = tempDir('guard-lock-');
    const agent = dbPaths(dir).agent;
    const holder = new Database(`${agent}.upgrade-lock`);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      const run = await runApp({ cwd: dir, env: sqliteEnv(dir, { DB_LOCK_TIMEOUT_S: '1' }) });
      const elapsed = Date.now() - started;

      expect(run.exitCode).toBe(1);
      expect(run.started).toBe(false);
      expect(run.stderr).toMatch(/agent database: gave up after 1 s waiting for another process's upgrade lock/);
      expect(run.stderr).toMatch(/Fix: .*DB_LOCK_TIMEOUT_S/);
      expect(run.stderr).toContain(`${agent}.upgrade-lock`);
      expect(run.stdout).toMatch(/agent database: another process is upgrading it/);
      for (const pattern of RAW_ERROR_PATTERNS) expect(run.stderr).not.toMatch(pattern);
      expect(elapsed).toBeGreaterThanOrEqual(1000);
      // nothing was applied while another process held the lock
      expect(appliedRevisions(agent)).toEqual([]);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('a process that waited for the lock reads the state again and applies nothing the holder already applied', async () => {
    const fixture = copyBuiltMigrations();
    const dir = tempDir('guard-lock-');
    // the first process stays inside its upgrade (holding the lock) until the test opens this gate
    const gate = join(dir, 'gate');
    const openGate = () => writeFileSync(gate, '');
    try {
      const slow = newRevisionId();
      addRevision(fixture, 'sqlite/agent', {
        id: slow,
        parents: [SET.agent.head],
        message: 'feat: slow fixture revision',
        upPrelude: `const { existsSync } = await import('node:fs'); for (let i = 0; i < 1200 && !existsSync(${JSON.stringify(gate)}); i++) await new Promise((resolve) => setTimeout(resolve, 50));`,
        up: ['create table fx_slow (id int)'],
        down: ['drop table fx_slow'],
      });
      // both databases at head of the built sets first, so only the slow revision is pending
      const prepared = await runApp({ cwd: dir, env: sqliteEnv(dir) });
      expect(prepared.started, output(prepared)).toBe(true);
      const env = sqliteEnv(dir, { DB_MIGRATIONS_DIR: fixture });

      const firstUpgrading = signal();
      const first = runAppCommand(['--migrate'], {
        cwd: dir,
        env,
        onOutput: (printed) => printed.includes('agent database: upgrading from') && firstUpgrading.fire(),
      });
      await Promise.race([firstUpgrading.promise, first]);
      const second = await runAppCommand(['--migrate'], {
        cwd: dir,
        env,
        onOutput: (printed) => printed.includes('agent database: another process is upgrading it') && openGate(),
      });
      openGate();
      const firstRun = await first;

      expect(firstRun.started, output(firstRun)).toBe(true);
      expect(firstRun.stdout).toContain(`agent database: applied ${slow} `);
      expect(second.started, output(second)).toBe(true);
      expect(second.stdout).toMatch(/agent database: another process is upgrading it \(pid \d+/);
      expect(second.stdout).not.toContain('agent database: applied');
      expect(upToDateLines(second.stdout, 'agent')).toEqual([
        '✅ agent database: version is already up to date',
        `   Current version: ${slow}`,
        `   Latest version: ${slow}`,
      ]);
      const applied = appliedRevisions(dbPaths(dir).agent);
      expect(applied.filter((id) => id === slow)).toHaveLength(1);
      expect(applied.at(-1)).toBe(slow);
    } finally {
      openGate();
      removeFixture(fixture);
    }
  });
});

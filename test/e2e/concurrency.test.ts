import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { builtSet, dbPaths, DBS, output, RAW_ERROR_PATTERNS } from '../support/e2e-helpers.js';
import { runApp } from '../support/processes.js';
import { appliedRevisions, sqliteEnv, tableNames, tempDir } from '../support/sqlite-files.js';

const SET = { agent: builtSet('agent'), ops: builtSet('ops') };
const PROCESSES = 8;

describe.concurrent('concurrent starts (built app, SQLite)', () => {
  it(`starts ${PROCESSES} processes at once on empty files: all start, every revision applied exactly once`, { timeout: 120_000 }, async () => {
    const dir = tempDir('guard-concurrent-');
    const env = sqliteEnv(dir, { DB_UPGRADE_POLICY: 'auto' });
    const runs = await Promise.all(Array.from({ length: PROCESSES }, () => runApp({ cwd: dir, env, timeoutMs: 100_000 })));

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
    expect(new Set(agentTables).size).toBe(agentTables.length);
    expect(agentTables).toEqual(expect.arrayContaining(['agent', 'workflow', 'knowledge_base', 'execution_record', 'plugin', 'user_profile']));
    expect(tableNames(dbPaths(dir).ops)).toEqual(expect.arrayContaining(['prompt_template', 'audit_log']));
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

  it('waits for a lock released in time, then reads the state again and upgrades', async () => {
    const dir = tempDir('guard-lock-');
    const agent = dbPaths(dir).agent;
    const holder = new Database(`${agent}.upgrade-lock`);
    try {
      holder.exec('BEGIN IMMEDIATE');
      const release = setTimeout(() => holder.exec('ROLLBACK'), 1500);
      const run = await runApp({ cwd: dir, env: sqliteEnv(dir, { DB_LOCK_TIMEOUT_S: '30' }) });
      clearTimeout(release);

      expect(run.started, output(run)).toBe(true);
      expect(run.stdout).toMatch(/agent database: another process is upgrading it/);
      for (const db of DBS) expect(appliedRevisions(dbPaths(dir)[db]).at(-1)).toBe(SET[db].head);
    } finally {
      if (holder.inTransaction) holder.exec('ROLLBACK');
      holder.close();
    }
  });
});

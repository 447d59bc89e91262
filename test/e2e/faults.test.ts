import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT } from '../support/paths.js';
import { cliCommand, configMessages, faultMessages } from '../../src/version-guard/core/messages/index.js';
import { builtIds, dbInProcess, directoryState, mysqlDatabasesLike, rawErrorLines } from '../support/fault-harness.js';
import { mysqlServerUrl } from '../support/mysql-databases.js';
import { newRevisionId } from '../support/migration-fixtures.js';
import { runApp } from '../support/in-process.js';
import { fileHash, tempDir } from '../support/sqlite-files.js';

const FAILED_TO_START = 'The application failed to start';

// These start the app as a process: the points are about what a start prints and its exit status.
describe.concurrent('faults at application start', () => {
  it('point 2: OPS_DB_PATH linked to AGENT_DB_PATH (a file not created yet, or a linked directory) is refused before anything is written', async () => {
    const dir = tempDir('linked-');
    mkdirSync(join(dir, 'data'));
    symlinkSync(join(dir, 'data'), join(dir, 'data-link'));
    symlinkSync(join(dir, 'data', 'agent.db'), join(dir, 'ops-link.db'));
    for (const ops of [join(dir, 'ops-link.db'), join(dir, 'data-link', 'agent.db')]) {
      const before = directoryState(dir);
      const run = await runApp({ cwd: dir, env: { DB_TYPE: 'sqlite', AGENT_DB_PATH: join(dir, 'data', 'agent.db'), OPS_DB_PATH: ops }, args: ['--migrate'] });
      expect(run.started).toBe(false);
      expect(run.exitCode, run.stderr).toBe(1);
      expect(run.stderr).toContain(`  - ${configMessages.sameLocation('AGENT_DB_PATH', 'OPS_DB_PATH')}`);
      expect(run.stderr).not.toContain(FAILED_TO_START);
      expect(rawErrorLines(run.stderr)).toEqual([]);
      expect(directoryState(dir)).toEqual(before);
    }
  });

  it('point 7: a database held by another program (BEGIN EXCLUSIVE) is reported as locked within DB_LOCK_TIMEOUT_S', async ({ onTestFinished }) => {
    const dir = tempDir('locked-');
    const env = { DB_TYPE: 'sqlite', AGENT_DB_PATH: join(dir, 'agent.db'), OPS_DB_PATH: join(dir, 'ops.db'), DB_LOCK_TIMEOUT_S: '1' };
    expect((await dbInProcess(['upgrade'], env)).exitCode).toBe(0);
    // another program: a process of its own holding the transaction until it is killed
    const holder = spawn(process.execPath, ['-e', `const d = new (require('better-sqlite3'))(${JSON.stringify(env.AGENT_DB_PATH)}); d.exec('BEGIN EXCLUSIVE'); console.log('held'); setInterval(() => {}, 1000);`], { cwd: ROOT });
    onTestFinished(() => void holder.kill('SIGKILL'));
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const before = fileHash(env.AGENT_DB_PATH);
    const started = Date.now();
    const run = await runApp({ cwd: dir, env });
    expect(run.started, run.stdout + run.stderr).toBe(false);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).toBe([`❌ ${faultMessages.locked('agent', env.AGENT_DB_PATH, 1)}`, `   Fix: ${faultMessages.lockedHelp()}`, ''].join('\n'));
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(fileHash(env.AGENT_DB_PATH)).toBe(before);
  });

  it.skipIf(process.getuid?.() !== 0)('point 6: --migrate on a read-only (immutable) file prints one block, never "failed to start" with a stack', async ({ onTestFinished }) => {
    const dir = tempDir('immutable-');
    const env = { DB_TYPE: 'sqlite', AGENT_DB_PATH: join(dir, 'agent.db'), OPS_DB_PATH: join(dir, 'ops.db'), DB_BACKUP_BEFORE_UPGRADE: 'false' };
    const { head, parentOfHead } = builtIds('sqlite', 'agent');
    expect((await dbInProcess(['upgrade', parentOfHead, '--db', 'agent'], env)).exitCode).toBe(0);
    expect((await dbInProcess(['upgrade', '--db', 'ops'], env)).exitCode).toBe(0);
    execFileSync('chattr', ['+i', env.AGENT_DB_PATH]);
    onTestFinished(() => void execFileSync('chattr', ['-i', env.AGENT_DB_PATH]));
    const before = fileHash(env.AGENT_DB_PATH);
    const run = await runApp({ cwd: dir, env, args: ['--migrate'] });
    const cause = faultMessages.readOnly('agent', env.AGENT_DB_PATH).replace('agent database: ', '');
    expect(run.started).toBe(false);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).not.toContain(FAILED_TO_START);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      '❌ agent database: upgrade failed (state: failed)',
      `   Current version: ${parentOfHead}`,
      `   Latest version: ${head}`,
      `   Problem: agent database: upgrade failed at revision ${head} of sqlite_agent: ${cause}; ${faultMessages.recordingFailedSame()}`,
      `   Fix: ${faultMessages.readOnlyHelp(env.AGENT_DB_PATH)}; then ${cliCommand('upgrade', 'agent')} or start again with --migrate`,
    ]);
    expect(rawErrorLines(run.stderr)).toEqual([]);
    expect(fileHash(env.AGENT_DB_PATH)).toBe(before);
  });

  it('point 3: under DB_UPGRADE_POLICY=off, missing SQLite files stay missing', async () => {
    const dir = tempDir('off-');
    const data = join(dir, 'data');
    const run = await runApp({ cwd: dir, env: { DB_TYPE: 'sqlite', AGENT_DB_PATH: join(data, 'agent.db'), OPS_DB_PATH: join(data, 'ops.db'), DB_UPGRADE_POLICY: 'off' } });
    expect(run.started, run.stderr).toBe(true);
    expect(run.stdout).toContain('⚠️ agent database: version check skipped (DB_UPGRADE_POLICY=off); state empty');
    expect(rawErrorLines(run.stderr + run.stdout)).toEqual([]);
    expect(directoryState(data)).toBeNull();
  });

  it.skipIf(mysqlServerUrl === null)('point 3: under DB_UPGRADE_POLICY=off, missing MySQL databases are not created', async () => {
    const prefix = `t_${newRevisionId()}`;
    const env = { DB_TYPE: 'mysql', AGENT_DB_URL: `${mysqlServerUrl}/${prefix}_agent`, OPS_DB_URL: `${mysqlServerUrl}/${prefix}_ops`, DB_UPGRADE_POLICY: 'off' };
    const run = await runApp({ cwd: tempDir('off-'), env });
    expect(run.started, run.stderr).toBe(true);
    expect(run.stdout).toContain('⚠️ agent database: version check skipped (DB_UPGRADE_POLICY=off); state empty');
    expect(run.stdout).toContain('⚠️ ops database: version check skipped (DB_UPGRADE_POLICY=off); state empty');
    expect(rawErrorLines(run.stderr + run.stdout)).toEqual([]);
    expect(await mysqlDatabasesLike(prefix)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliCommand, faultMessages } from '../../src/version-guard/core/messages/index.js';
import { sqliteTarget } from '../support/db-targets.js';
import { mysqlServerUrl } from '../support/mysql-databases.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { fileHash, tempDir } from '../support/sqlite-files.js';
import { builtIds, dbInProcess, directoryState, rawErrorLines } from '../support/fault-harness.js';

// Faults of the storage underneath: files that cannot be written, a full disk, a server that stops.

/** A tiny tmpfs at a fresh directory (root only); null when mounting is impossible here. */
function tinyMount(size: string): { dir: string; readOnly: () => void; remove: () => void } | null {
  if (process.getuid?.() !== 0) return null;
  const dir = tempDir('tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  return {
    dir,
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'ignore' }),
    remove: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// root ignores file modes: only mounts and immutable files make a file really unwritable
const isRoot = process.getuid?.() === 0;

describe.concurrent('SQLite files that cannot be written (points 6 and 7)', () => {
  it.skipIf(!isRoot)('point 6: a read-only (immutable) file fails the upgrade with one block, recording failing too, nothing changed', async ({ onTestFinished }) => {
    const target = await sqliteTarget();
    const { head, parentOfHead } = builtIds('sqlite', 'agent');
    expect((await dbInProcess(['upgrade', parentOfHead, '--db', 'agent'], target.env)).exitCode).toBe(0);
    const file = target.env.AGENT_DB_PATH;
    execFileSync('chattr', ['+i', file]);
    onTestFinished(() => void execFileSync('chattr', ['-i', file]));
    const before = fileHash(file);
    const run = await dbInProcess(['upgrade', '--db', 'agent'], target.env);
    const cause = faultMessages.readOnly('agent', file).replace('agent database: ', '');
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      '❌ agent database: upgrade failed (state: failed)',
      `   Current version: ${parentOfHead}`,
      `   Latest version: ${head}`,
      `   Problem: agent database: upgrade failed at revision ${head} of sqlite_agent: ${cause}; ${faultMessages.recordingFailedSame()}`,
      `   Fix: ${faultMessages.readOnlyHelp(file)}; then ${cliCommand('upgrade', 'agent')} or start again with --migrate`,
    ]);
    expect(rawErrorLines(run.stderr)).toEqual([]);
    expect(fileHash(file)).toBe(before);
  });

  it('point 6: a full disk rolls the revision back and says the disk is full', async ({ onTestFinished, skip }) => {
    const mount = tinyMount('640k');
    if (!mount) return skip('needs root and tmpfs mounts to simulate a full disk');
    onTestFinished(() => mount.remove());
    const root = copyBuiltMigrations();
    onTestFinished(() => removeFixture(root));
    const { head } = builtIds('sqlite', 'agent');
    const id = newRevisionId();
    addRevision(root, 'sqlite/agent', {
      id,
      parents: [head],
      message: 'feat: fills the disk',
      up: ['create table fx_big (x blob)', 'insert into fx_big with recursive n(i) as (select 1 union all select i + 1 from n where i < 4000) select randomblob(1000) from n'],
      down: ['drop table fx_big'],
    });
    const env = { DB_TYPE: 'sqlite', AGENT_DB_PATH: join(mount.dir, 'agent.db'), OPS_DB_PATH: join(mount.dir, 'ops.db'), DB_MIGRATIONS_DIR: root };
    expect((await dbInProcess(['upgrade', head, '--db', 'agent'], env)).exitCode).toBe(0);
    const applied = () => new Database(env.AGENT_DB_PATH, { readonly: true }).prepare('select name from mikro_orm_migrations order by id').pluck().all();
    const before = applied();
    const run = await dbInProcess(['upgrade', '--db', 'agent'], env);
    const lines = run.stderr.split('\n');
    expect(run.exitCode, run.stderr).toBe(1);
    expect(lines[0]).toBe('❌ agent database: upgrade failed (state: failed)');
    expect(lines[3]).toMatch(new RegExp(`^   Problem: agent database: upgrade failed at revision ${id} of sqlite_agent: the disk holding ${env.AGENT_DB_PATH.replace(/[./]/g, '\\$&')} is full`));
    expect(lines[4]).toBe(`   Fix: ${faultMessages.diskFullHelp()}; then ${cliCommand('upgrade', 'agent')} or start again with --migrate`);
    expect(rawErrorLines(run.stderr)).toEqual([]);
    expect(applied()).toEqual(before);
  });

  it('point 7: a read-only directory names the lock file that cannot be created', async ({ onTestFinished, skip }) => {
    const mount = tinyMount('4m');
    if (!mount) return skip('needs root and tmpfs mounts to make a directory read-only for root');
    onTestFinished(() => mount.remove());
    const env = { DB_TYPE: 'sqlite', AGENT_DB_PATH: join(mount.dir, 'agent.db'), OPS_DB_PATH: join(mount.dir, 'ops.db') };
    const { parentOfHead } = builtIds('sqlite', 'agent');
    expect((await dbInProcess(['upgrade', parentOfHead, '--db', 'agent'], env)).exitCode).toBe(0);
    mount.readOnly();
    const before = directoryState(mount.dir);
    const lockFile = `${env.AGENT_DB_PATH}.upgrade-lock`;
    const run = await dbInProcess(['upgrade', '--db', 'agent'], env);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).toBe([`❌ ${faultMessages.readOnly('agent', lockFile)}`, `   Fix: ${faultMessages.readOnlyHelp(lockFile)}`].join('\n'));
    expect(rawErrorLines(run.stderr)).toEqual([]);
    expect(directoryState(mount.dir)).toEqual(before);
  });
});

describe.skipIf(mysqlServerUrl === null)('a MariaDB server that stops mid-upgrade (point 6)', () => {
  it('is reported in one block as a lost connection, with the failure not recordable either', async ({ onTestFinished }) => {
    const { findMariadbd, startMariaDb } = await import('../support/mariadb-server.js');
    const { createConnection } = await import('mysql2/promise');
    const server = await startMariaDb(findMariadbd()!);
    onTestFinished(() => server.stop());
    const root = copyBuiltMigrations();
    onTestFinished(() => removeFixture(root));
    const env = { DB_TYPE: 'mysql', AGENT_DB_URL: `${server.url}/lost_agent`, OPS_DB_URL: `${server.url}/lost_ops`, DB_MIGRATIONS_DIR: root };
    const setup = await createConnection({ uri: server.url });
    await setup.query('create database lost_agent; ').catch(() => undefined);
    await setup.query('create database lost_ops');
    await setup.end();
    const first = await dbInProcess(['upgrade'], env);
    expect(first.exitCode, first.stderr).toBe(0);
    const { head } = builtIds('mysql', 'agent');
    const id = newRevisionId();
    const marker = join(tempDir('running-'), 'started');
    addRevision(root, 'mysql/agent', {
      id,
      parents: [head],
      message: 'feat: slow',
      // tells the test it is running, then gives it time to stop the server
      upPrelude: `(await import('node:fs')).writeFileSync(${JSON.stringify(marker)}, ''); await new Promise((resolve) => setTimeout(resolve, 1500));`,
      up: ['create table fx_slow (id int)'],
      down: ['drop table fx_slow'],
    });
    const running = dbInProcess(['upgrade', '--db', 'agent'], env);
    for (let waited = 0; !existsSync(marker) && waited < 30_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const admin = await createConnection({ uri: server.url });
    await admin.query('shutdown').catch(() => undefined);
    await admin.end().catch(() => undefined);
    const run = await running;
    const lines = run.stderr.split('\n');
    expect(run.exitCode, run.stderr).toBe(1);
    expect(lines[0]).toBe('❌ agent database: upgrade failed (state: failed)');
    expect(lines[3]).toMatch(
      new RegExp(`^   Problem: agent database: upgrade failed at revision ${id} of mysql_agent: lost the connection to ${server.url.replace(/[./]/g, '\\$&')}/lost_agent mid-way \\(.+\\); the failure could not be recorded either`),
    );
    expect(lines[4]).toBe(`   Fix: ${faultMessages.connectionLostHelp('agent')}; then ${cliCommand('upgrade', 'agent')} or start again with --migrate`);
    expect(rawErrorLines(run.stderr)).toEqual([]);
  });
});

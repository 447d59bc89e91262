import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killServer, runToEnd } from './commands.js';
import { freePort } from './processes.js';

/** A private MariaDB server for the test run: own data dir, loopback port. */
export interface MariaDbServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Path of `mariadbd`, or null when MariaDB is not installed. */
export function findMariadbd(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v mariadbd'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  return existsSync('/usr/sbin/mariadbd') ? '/usr/sbin/mariadbd' : null;
}

async function ping(socket: string): Promise<boolean> {
  return (await runToEnd('mariadb-admin', ['--no-defaults', `--socket=${socket}`, '--user=root', 'ping'])).exitCode === 0;
}

/** Starts MariaDB from `mariadbd` (as STACK.md describes) and waits until it answers. */
export async function startMariaDb(mariadbd: string): Promise<MariaDbServer> {
  const dir = mkdtempSync(join(tmpdir(), 'guard-mariadb-'));
  const data = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const pidFile = join(dir, 'mysqld.pid');
  // its own temporary directory: the suite's TMPDIR is shared with every other process of the run
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  const install = await runToEnd('mariadb-install-db', [
    '--no-defaults', '--user=root', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db',
  ]);
  if (install.exitCode !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
  const port = await freePort();
  const server = spawn(
    mariadbd,
    [
      '--no-defaults', '--user=root', `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`,
      '--bind-address=127.0.0.1', `--pid-file=${pidFile}`, `--log-error=${join(dir, 'error.log')}`, '--skip-name-resolve',
      '--max-connections=500', '--innodb-buffer-pool-size=64M', '--skip-log-bin', `--tmpdir=${tmp}`,
      // a throwaway server on the RAM disk: no flush per commit, no doublewrite buffer, no persistent
      // statistics to rewrite after each DDL (about 9 % less server CPU over the MySQL suites)
      '--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0', '--innodb-stats-persistent=0', '--skip-innodb-adaptive-hash-index',
    ],
    { stdio: 'ignore', detached: true },
  );
  server.unref();
  const stop = async () => {
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : server.pid;
    if (pid) await killServer(pid);
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 200; i++) {
    if (await ping(socket)) return { url: `mysql://root@127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
  await stop();
  throw new Error(`MariaDB did not start within 10 s:\n${log}`);
}

import { spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { runToEnd } from './commands.js';
import { freePort } from './processes.js';

/** A private PostgreSQL server for the test run: own data directory, loopback port. */
export interface PostgresServer {
  /** `postgresql://postgres@127.0.0.1:<port>` (no database). */
  readonly url: string;
  stop(): Promise<void>;
}

/** The directory of PostgreSQL's server binaries (`initdb`, `pg_ctl`), or null when not installed. */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : null;
}

// initdb refuses to run as root: as root, run the server as the `postgres` user on a directory it owns
function asServerUser(command: string, args: string[]) {
  if (userInfo().uid !== 0) return runToEnd(command, args);
  return runToEnd('runuser', ['-u', 'postgres', '--', command, ...args]);
}

/** Where a server listens besides loopback: an address of this machine, and the client address it trusts there. */
export interface ExtraListener {
  readonly address: string;
  readonly trusted: string;
}

/**
 * Starts PostgreSQL as STACK.md describes (trust auth on loopback, fsync off) and waits until it
 * accepts connections; also on `extra`'s address, for its client only, when given.
 */
export async function startPostgres(bin: string, extra?: ExtraListener): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'guard-postgres-'));
  if (userInfo().uid === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout);
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout);
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const init = await asServerUser(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  if (init.exitCode !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  if (extra) appendFileSync(join(data, 'pg_hba.conf'), `host all all ${extra.trusted}/32 trust\n`);
  const port = await freePort();
  const log = join(dir, 'server.log');
  const listen = ['127.0.0.1', ...(extra ? [extra.address] : [])].join(',');
  const options = `-p ${port} -k ${dir} -c listen_addresses=${listen} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  const started = await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', log, '-w', '-t', '30', 'start']);
  const stop = async () => {
    await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  if (started.exitCode !== 0) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : started.stderr;
    await stop();
    throw new Error(`PostgreSQL did not start:\n${text}`);
  }
  return { url: `postgresql://postgres@127.0.0.1:${port}`, stop };
}

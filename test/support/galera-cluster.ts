import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes.js';

const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';

/** One node of the test cluster. */
export interface GaleraNode {
  readonly url: string;
  readonly pidFile: string;
}

/** A private 3-node MariaDB Galera cluster on loopback (STACK.md), for the `cluster` test project. */
export interface GaleraCluster {
  readonly nodes: readonly GaleraNode[];
  stop(): Promise<void>;
}

/** Why a cluster cannot be started here, or null when it can. */
export function galeraUnavailable(): string | null {
  if (!existsSync(GALERA_PROVIDER)) return `${GALERA_PROVIDER} is missing (apt-get install -y mariadb-server)`;
  if (spawnSync('sh', ['-c', 'command -v rsync'], { encoding: 'utf8' }).stdout.trim() === '') return 'rsync is missing (apt-get install -y rsync)';
  if (userInfo().uid !== 0) return 'starting the nodes as the mysql user needs root';
  if (spawnSync('id', ['mysql']).status !== 0) return 'the mysql user does not exist (apt-get install -y mariadb-server creates it)';
  return null;
}

interface NodePorts {
  readonly sql: number;
  readonly gmcast: number;
  readonly ist: number;
  readonly sst: number;
}

function sql(socket: string, query: string): string {
  const run = spawnSync('mariadb', ['--no-defaults', `--socket=${socket}`, '--user=root', '-N', '-e', query], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : '';
}

async function waitSynced(socket: string, log: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (sql(socket, "show status like 'wsrep_local_state_comment'").endsWith('Synced')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Galera node did not reach Synced within 60 s:\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-4000) : ''}`);
}

function stopPid(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return Promise.resolve();
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return Promise.resolve();
  }
  return (async () => {
    for (let i = 0; i < 200; i++) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    process.kill(pid, 'SIGKILL');
  })();
}

/**
 * Starts three nodes: data directories owned by `mysql` (rsync state transfer writes there), the
 * first bootstrapping the cluster, each next one only once the previous one is Synced.
 */
export async function startGaleraCluster(): Promise<GaleraCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'guard-galera-'));
  const uid = Number(spawnSync('id', ['-u', 'mysql'], { encoding: 'utf8' }).stdout);
  const gid = Number(spawnSync('id', ['-g', 'mysql'], { encoding: 'utf8' }).stdout);
  chownSync(dir, uid, gid);
  const ports: NodePorts[] = [];
  for (let i = 0; i < 3; i++) ports.push({ sql: await freePort(), gmcast: await freePort(), ist: await freePort(), sst: await freePort() });
  const addresses = ports.map((p) => `127.0.0.1:${p.gmcast}`).join(',');
  const nodes: GaleraNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => stopPid(n.pidFile)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all(
      [0, 1, 2].map(async (i) => {
        const home = join(dir, `n${i}`);
        mkdirSync(home);
        chownSync(home, uid, gid);
        const install = spawnSync(
          'mariadb-install-db',
          ['--no-defaults', '--user=mysql', `--datadir=${join(home, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
          { encoding: 'utf8' },
        );
        if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
      }),
    );
    for (let i = 0; i < 3; i++) {
      const home = join(dir, `n${i}`);
      const p = ports[i];
      const socket = join(home, 's.sock');
      const log = join(home, 'error.log');
      const pidFile = join(home, 'mysqld.pid');
      const args = [
        '--no-defaults', '--user=mysql', `--datadir=${join(home, 'data')}`, `--socket=${socket}`, `--port=${p.sql}`,
        '--bind-address=127.0.0.1', `--pid-file=${pidFile}`, `--log-error=${log}`, '--skip-name-resolve',
        '--max-connections=300', '--innodb-buffer-pool-size=32M', '--skip-log-bin',
        '--wsrep-on=ON', `--wsrep-provider=${GALERA_PROVIDER}`, `--wsrep-cluster-address=gcomm://${addresses}`,
        `--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${p.gmcast};ist.recv_addr=127.0.0.1:${p.ist}`,
        `--wsrep-sst-receive-address=127.0.0.1:${p.sst}`, '--wsrep-node-address=127.0.0.1', '--wsrep-sst-method=rsync',
        '--binlog-format=ROW', '--innodb-autoinc-lock-mode=2',
        ...(i === 0 ? ['--wsrep-new-cluster'] : []),
      ];
      spawn('mariadbd', args, { stdio: 'ignore', detached: true }).unref();
      nodes.push({ url: `mysql://root@127.0.0.1:${p.sql}`, pidFile });
      await waitSynced(socket, log);
    }
    return { nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Kills one node at once (SIGKILL), as a crashed server. */
export function killNode(node: GaleraNode): void {
  process.kill(Number(readFileSync(node.pidFile, 'utf8')), 'SIGKILL');
}

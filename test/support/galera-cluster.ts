import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { killServer, runToEnd } from './commands.js';
import { CLUSTER_PORT_BLOCK, freePort } from './processes.js';

const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';

/** One node of the test cluster. */
export interface GaleraNode {
  readonly url: string;
  readonly pidFile: string;
}

/** A private 3-node MariaDB Galera cluster on loopback (STACK.md), for the `cluster` test project. */
export interface GaleraCluster {
  readonly nodes: readonly GaleraNode[];
  /**
   * A file that says `ready` once every node is Synced, or `failed` and why: the cluster starts
   * while the other test files already run (about 15 s), and its tests wait for it (`waitForGalera`).
   */
  readonly statusFile: string;
  stop(): Promise<void>;
}

const READY = 'ready';

/** Waits until the cluster launched by `launchGaleraCluster` is ready; throws why it failed. */
export async function waitForGalera(statusFile: string, timeoutMs = 120_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const status = existsSync(statusFile) ? readFileSync(statusFile, 'utf8') : '';
    if (status === READY) return;
    if (status) throw new Error(`the Galera cluster did not start: ${status}`);
  }
  throw new Error(`the Galera cluster was not ready within ${timeoutMs / 1000} s`);
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

async function sql(socket: string, query: string): Promise<string> {
  const run = await runToEnd('mariadb', ['--no-defaults', `--socket=${socket}`, '--user=root', '-N', '-e', query]);
  return run.exitCode === 0 ? run.stdout.trim() : '';
}

async function waitSynced(socket: string, log: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if ((await sql(socket, "show status like 'wsrep_local_state_comment'")).endsWith('Synced')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Galera node did not reach Synced within 60 s:\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-4000) : ''}`);
}

function stopNode(node: GaleraNode): Promise<void> {
  return existsSync(node.pidFile) ? killServer(Number(readFileSync(node.pidFile, 'utf8'))) : Promise.resolve();
}

/**
 * Launches three nodes and returns at once: their addresses are fixed first, then in the
 * background the data directories are made (owned by `mysql`: rsync state transfer writes there),
 * the first node bootstraps the cluster, and each next one starts once the previous one is Synced.
 */
export async function launchGaleraCluster(): Promise<GaleraCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'guard-galera-'));
  const uid = Number(spawnSync('id', ['-u', 'mysql'], { encoding: 'utf8' }).stdout);
  const gid = Number(spawnSync('id', ['-g', 'mysql'], { encoding: 'utf8' }).stdout);
  chownSync(dir, uid, gid);
  const ports: NodePorts[] = [];
  const port = () => freePort(CLUSTER_PORT_BLOCK);
  for (let i = 0; i < 3; i++) ports.push({ sql: await port(), gmcast: await port(), ist: await port(), sst: await port() });
  const addresses = ports.map((p) => `127.0.0.1:${p.gmcast}`).join(',');
  const homes = ports.map((_, i) => join(dir, `n${i}`));
  const nodes: GaleraNode[] = ports.map((p, i) => ({ url: `mysql://root@127.0.0.1:${p.sql}`, pidFile: join(homes[i], 'mysqld.pid') }));
  const statusFile = join(dir, 'status');

  const start = async () => {
    await Promise.all(
      homes.map(async (home) => {
        mkdirSync(home);
        chownSync(home, uid, gid);
        // its own temporary directory: the suite's TMPDIR is shared with every other process of the run
        mkdirSync(join(home, 'tmp'));
        chownSync(join(home, 'tmp'), uid, gid);
        const install = await runToEnd(
          'mariadb-install-db',
          ['--no-defaults', '--user=mysql', `--datadir=${join(home, 'data')}`, '--auth-root-authentication-method=normal', '--skip-test-db'],
          { env: { ...process.env, TMPDIR: join(home, 'tmp') } },
        );
        if (install.exitCode !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}`);
      }),
    );
    for (const [i, home] of homes.entries()) {
      const p = ports[i];
      const socket = join(home, 's.sock');
      const log = join(home, 'error.log');
      const args = [
        '--no-defaults', '--user=mysql', `--datadir=${join(home, 'data')}`, `--socket=${socket}`, `--port=${p.sql}`,
        '--bind-address=127.0.0.1', `--pid-file=${nodes[i].pidFile}`, `--log-error=${log}`, '--skip-name-resolve',
        '--max-connections=300', '--innodb-buffer-pool-size=32M', '--skip-log-bin', `--tmpdir=${join(home, 'tmp')}`,
        '--wsrep-on=ON', `--wsrep-provider=${GALERA_PROVIDER}`, `--wsrep-cluster-address=gcomm://${addresses}`,
        `--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${p.gmcast};ist.recv_addr=127.0.0.1:${p.ist};gcache.size=16M`,
        `--wsrep-sst-receive-address=127.0.0.1:${p.sst}`, '--wsrep-node-address=127.0.0.1', '--wsrep-sst-method=rsync',
        '--binlog-format=ROW', '--innodb-autoinc-lock-mode=2',
        // as production clusters run: Galera replicates the rows of a table without a primary key
        // unreliably, and MySQL Group Replication refuses them; every table the guard or a revision
        // creates must have one
        '--innodb-force-primary-key=ON',
        // throwaway nodes on the RAM disk, as the single server (mariadb-server.ts): no flush per
        // commit, no doublewrite buffer, no persistent statistics (a killed node is not restarted)
        '--innodb-flush-log-at-trx-commit=0', '--innodb-doublewrite=0', '--innodb-stats-persistent=0', '--skip-innodb-adaptive-hash-index',
        // a small redo log and write-set cache: less to create at start and to copy to a joining node
        '--innodb-log-file-size=16M',
        ...(i === 0 ? ['--wsrep-new-cluster'] : []),
      ];
      // the state transfer scripts the node runs write their temporary files there too
      spawn('mariadbd', args, { stdio: 'ignore', detached: true, env: { ...process.env, TMPDIR: join(home, 'tmp') } }).unref();
      await waitSynced(socket, log);
    }
  };
  const started = start().then(
    () => writeFileSync(statusFile, READY),
    (error: unknown) => writeFileSync(statusFile, error instanceof Error ? error.message : String(error)),
  );
  return {
    nodes,
    statusFile,
    stop: async () => {
      await started;
      await Promise.all(nodes.map(stopNode));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Kills one node at once (SIGKILL), as a crashed server. */
export function killNode(node: GaleraNode): void {
  process.kill(Number(readFileSync(node.pidFile, 'utf8')), 'SIGKILL');
}

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { findMariadbd, startMariaDb } from '../test/support/mariadb-server.js';
import { CLI_MAIN, COLD_START } from './jobs.js';
import type { Row } from './report.js';
import { measureProcesses } from './stats.js';
import { syntheticSets } from './synthetic-sets.js';

/** `db upgrade` from empty on MySQL (a private MariaDB), N revisions per database; null without `mariadbd`. */
export async function mysqlUpgrade(n: number, runs: number, log: (text: string) => void): Promise<Row | null> {
  const mariadbd = findMariadbd();
  if (!mariadbd) return null;
  log(`MySQL (private MariaDB): db upgrade from empty, N = ${n}, ${runs} run(s)`);
  const server = await startMariaDb(mariadbd);
  const sets = await syntheticSets(n);
  try {
    const project = await measureProcesses(runs, () => {
      const suffix = randomBytes(3).toString('hex');
      createDatabases(server.url, [`bench_agent_${suffix}`, `bench_ops_${suffix}`]);
      return {
        file: process.execPath,
        args: [CLI_MAIN, 'upgrade'],
        cwd: tmpdir(),
        env: {
          ...COLD_START,
          DB_TYPE: 'mysql',
          AGENT_DB_URL: `${server.url}/bench_agent_${suffix}`,
          OPS_DB_URL: `${server.url}/bench_ops_${suffix}`,
          DB_MIGRATIONS_DIR: sets.root,
          NO_COLOR: '1',
        },
      };
    });
    return { job: '`db upgrade` from empty on MySQL (private MariaDB), both databases, whole process', n, project, peers: {}, target: 'reported, no target yet', met: null };
  } finally {
    sets.remove();
    await server.stop();
  }
}

// Empty databases, as a DBA hands them over (the upgrade lock needs the database to exist).
function createDatabases(url: string, names: readonly string[]): void {
  const { hostname, port } = new URL(url);
  const sql = names.map((name) => `create database ${name};`).join(' ');
  const result = spawnSync('mariadb', ['--no-defaults', `--host=${hostname}`, `--port=${port}`, '--user=root', '-e', sql], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not create the benchmark databases: ${result.stderr}`);
}

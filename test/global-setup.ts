import type { TestProject } from 'vitest/node';
import { findMariadbd, startMariaDb } from './support/mariadb-server.js';
import { findPostgresBin, startPostgres } from './support/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL without a database (`mysql://user:pass@host:port`), or null when MySQL suites cannot run. */
    mysqlServerUrl: string | null;
    /** Server URL without a database (`postgresql://user:pass@host:port`), or null when PostgreSQL suites cannot run. */
    postgresServerUrl: string | null;
  }
}

const LOUD = (text: string) => `\n${'!'.repeat(78)}\n${text}\n${'!'.repeat(78)}\n`;

/** A database server for the suites: the external URL, a private server started here, or null (loudly; never in CI). */
async function serverFor(
  what: string,
  externalKey: string,
  installHint: string,
  find: () => string | null,
  start: (binary: string) => Promise<{ url: string; stop(): Promise<void> }>,
): Promise<{ url: string | null; stop: () => Promise<void> }> {
  const external = process.env[externalKey];
  if (external) return { url: external.replace(/\/+$/, ''), stop: async () => undefined };
  const binary = find();
  if (!binary) {
    const message = `${what} is not installed (${installHint}) and ${externalKey} is not set`;
    if (process.env.CI) throw new Error(`${message}: the ${what} suites cannot run in CI`);
    process.stderr.write(LOUD(`SKIPPING ALL ${what.toUpperCase()} SUITES: ${message}.`));
    return { url: null, stop: async () => undefined };
  }
  const server = await start(binary);
  return { url: server.url, stop: () => server.stop() };
}

interface SharedServers {
  readonly mysql: string | null;
  readonly postgres: string | null;
  stop(): Promise<void>;
}

// Every project that lists this setup gets the same servers: vitest runs the setups of all
// projects in this one process, and their teardowns only once every test has run.
const shared = globalThis as { testServers?: { servers: Promise<SharedServers>; users: number } };

async function startServers(): Promise<SharedServers> {
  const started = await Promise.allSettled([
    serverFor('MariaDB', 'TEST_MYSQL_URL', 'apt-get install -y mariadb-server', findMariadbd, startMariaDb),
    serverFor('PostgreSQL', 'TEST_POSTGRES_URL', 'apt-get install -y postgresql', findPostgresBin, startPostgres),
  ]);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    // vitest runs no teardown for a setup that threw: the server that did start is stopped here,
    // or it would run on, holding its port and memory, after the run ended
    await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)));
    throw failed.reason;
  }
  const [mysql, postgres] = started.map((result) => (result as PromiseFulfilledResult<{ url: string | null; stop(): Promise<void> }>).value);
  const stopAll = () => Promise.all([mysql.stop(), postgres.stop()]).then(() => undefined);
  const stopOnExit = () => void stopAll();
  process.once('SIGINT', stopOnExit);
  process.once('SIGTERM', stopOnExit);
  return {
    mysql: mysql.url,
    postgres: postgres.url,
    stop: async () => {
      process.off('SIGINT', stopOnExit);
      process.off('SIGTERM', stopOnExit);
      await stopAll();
    },
  };
}

/**
 * Provides the MySQL and PostgreSQL servers to their suites: `TEST_MYSQL_URL` / `TEST_POSTGRES_URL`
 * when set, else private servers started here (and stopped at the end, on failure too), once for
 * all the projects that need them. In CI a missing server fails the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.testServers ??= { servers: startServers(), users: 0 };
  const use = shared.testServers;
  use.users += 1;
  const servers = await use.servers;
  project.provide('mysqlServerUrl', servers.mysql);
  project.provide('postgresServerUrl', servers.postgres);
  return async () => {
    use.users -= 1;
    if (use.users > 0) return;
    shared.testServers = undefined;
    await servers.stop();
  };
}

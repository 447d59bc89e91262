import type { TestProject } from 'vitest/node';
import { findMariadbd, startMariaDb } from './support/mariadb-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server URL without a database (`mysql://user:pass@host:port`), or null when MySQL suites cannot run. */
    mysqlServerUrl: string | null;
  }
}

const LOUD = (text: string) => `\n${'!'.repeat(78)}\n${text}\n${'!'.repeat(78)}\n`;

/**
 * Provides a MySQL server to the MySQL suites: `TEST_MYSQL_URL` when set, else a private MariaDB
 * started here (and stopped at the end, on failure too). In CI a missing server fails the run.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.TEST_MYSQL_URL;
  if (external) {
    project.provide('mysqlServerUrl', external.replace(/\/+$/, ''));
    return undefined;
  }
  const mariadbd = findMariadbd();
  if (!mariadbd) {
    const message = 'MariaDB is not installed (apt-get install -y mariadb-server) and TEST_MYSQL_URL is not set';
    if (process.env.CI) throw new Error(`${message}: the MySQL suites cannot run in CI`);
    process.stderr.write(LOUD(`SKIPPING ALL MYSQL SUITES: ${message}.`));
    project.provide('mysqlServerUrl', null);
    return undefined;
  }
  const server = await startMariaDb(mariadbd);
  const stopOnExit = () => void server.stop();
  process.once('SIGINT', stopOnExit);
  process.once('SIGTERM', stopOnExit);
  project.provide('mysqlServerUrl', server.url);
  return async () => {
    process.off('SIGINT', stopOnExit);
    process.off('SIGTERM', stopOnExit);
    await server.stop();
  };
}

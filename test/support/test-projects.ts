import { globSync, readFileSync } from 'node:fs';

// The support modules that reach the MariaDB or PostgreSQL server of the test run.
const SERVER_SUPPORT = /from '\.\.\/support\/(db-targets|fault-harness|mysql-[a-z-]+|postgres-[a-z-]+)\.js'/;

/**
 * The database test files (integration and end-to-end), split by whether they need the test
 * run's MariaDB and PostgreSQL servers: only the `servers` project starts them. A file that uses a
 * server without importing one of these modules fails loudly (see `serverUrlFor`).
 */
export function databaseTestFiles(): { sqlite: string[]; servers: string[] } {
  const files = globSync('test/{integration,e2e}/**/*.test.ts').sort();
  const needsServers = (file: string) => SERVER_SUPPORT.test(readFileSync(file, 'utf8'));
  return { sqlite: files.filter((file) => !needsServers(file)), servers: files.filter(needsServers) };
}

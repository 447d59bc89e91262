import { globSync, readFileSync } from 'node:fs';

// The support modules that reach the MariaDB or PostgreSQL server of the test run.
const SERVER_SUPPORT = /from '\.\.\/support\/(db-targets|fault-harness|legacy-targets|mysql-[a-z-]+|postgres-[a-z-]+)\.js'/;

/**
 * The integration test files, split by whether they need the test run's MariaDB and PostgreSQL
 * servers: only the `servers` project (and `e2e`) starts them. A file that reaches a server from a
 * project without one fails loudly (see `serverUrl` in mysql-databases.ts).
 */
export function integrationTestFiles(): { sqlite: string[]; servers: string[] } {
  const files = globSync('test/integration/**/*.test.ts').sort();
  const split = { sqlite: [] as string[], servers: [] as string[] };
  for (const file of files) (SERVER_SUPPORT.test(readFileSync(file, 'utf8')) ? split.servers : split.sqlite).push(file);
  return split;
}

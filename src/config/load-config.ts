import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AppConfig } from './app-config.js';
import { parseConfig, type ConfigIssue } from './config.schema.js';
import { configMessages } from '../version-guard/core/messages/index.js';
import { GuardError } from '../version-guard/core/errors.js';

/** Every invalid configuration key, reported together. */
export class InvalidConfigError extends GuardError {
  readonly code = 'invalid_config';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      [configMessages.header(issues.length), ...issues.map((i) => configMessages.issue(i.message))].join('\n'),
      configMessages.help,
    );
  }
}

/**
 * Migration sets shipped with the code: the nearest `migrations/` above this module, so
 * `<root>/migrations` (sources) from `src/`, `dist/migrations` (built) from `dist/src/` and from
 * the bundled `dist/main.js`.
 */
export const DEFAULT_MIGRATIONS_DIR = nearestMigrationsDir(import.meta.dirname);

function nearestMigrationsDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'migrations'))) return join(dir, 'migrations');
    if (dirname(dir) === dir) return resolve(from, '..', '..', 'migrations');
  }
}

/**
 * Reads `.env` from the working directory (the environment wins over it), validates, and returns
 * the typed configuration; the only function that reads `process.env`.
 */
export function loadConfig(envFile = resolve('.env')): AppConfig {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const result = parseConfig(process.env, DEFAULT_MIGRATIONS_DIR);
  if (!result.ok) throw new InvalidConfigError(result.issues);
  return result.config;
}

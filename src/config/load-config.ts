import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from './app-config.js';
import { parseConfig, type ConfigIssue } from './config.schema.js';
import { configMessages } from './config.messages.js';
import { GuardError } from '../version-guard/errors.js';

/** Every invalid configuration key, reported together. */
export class InvalidConfigError extends GuardError {
  readonly code = 'invalid_config';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      [configMessages.header(issues.length), ...issues.map((i) => `  - ${i.message}`)].join('\n'),
      configMessages.help,
    );
  }
}

/** Migration sets shipped with the code: `<root>/migrations` (sources) or `dist/migrations` (built). */
export const DEFAULT_MIGRATIONS_DIR = resolve(import.meta.dirname, '..', '..', 'migrations');

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

import { plural } from './words.js';

/** Texts of configuration errors; they never echo a URL, which may hold a password. */
export const configMessages = {
  notOneOf: (key: string, value: unknown, allowed: readonly string[]) =>
    `${key}=${JSON.stringify(String(value))} is not allowed; use one of: ${allowed.join(', ')}`,
  notIntegerIn: (key: string, value: unknown, min: number, max: number) =>
    `${key}=${JSON.stringify(String(value))} is not allowed; use a whole number from ${min} to ${max}`,
  empty: (key: string) => `${key} is empty; set a file path`,
  requiredFor: (key: string, dbType: string, example: string) => `${key} is required when DB_TYPE=${dbType}; use ${example}`,
  badUrl: (key: string, label: string, example: string) => `${key} is not a valid ${label} URL; use ${example}`,
  sameLocation: (first: string, second: string) =>
    `${first} and ${second} name the same database; the agent and ops databases must be separate`,
  header: (count: number) =>
    `Invalid configuration (${plural(count, 'problem')}); no database was touched:`,
  /** One problem in the list under the header. */
  issue: (message: string) => `  - ${message}`,
  help: 'Fix the keys above in .env or the environment (see .env.example), then start again.',
};

import pg from 'pg';
import { CONNECT_TIMEOUT_MS } from './postgresql-sessions.js';

/**
 * Another process created it first: duplicate_database, or, when both creations ran at the same
 * moment, the unique index of pg_database (unique_violation).
 */
const CREATED_BY_ANOTHER = new Set(['42P04', '23505']);

/** invalid_catalog_name: the database does not exist. */
const MISSING_DATABASE = '3D000';

/**
 * Creates the database `name` of the server at `url` unless it exists. Only a missing database
 * sends it to the server's maintenance database (a user with no access there can still use an
 * existing one). Processes starting at once all succeed: losing the race means it exists.
 */
export async function createDatabaseIfMissing(url: string, name: string): Promise<void> {
  if (await exists(url)) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), application_name: 'db-version-guard', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`create database ${client.escapeIdentifier(name)}`).catch((error: { code?: string }) => {
      if (!CREATED_BY_ANOTHER.has(error.code ?? '')) throw error;
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

// Connecting is the check: any other failure (a wrong password, no server) is the caller's to report.
async function exists(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, application_name: 'db-version-guard', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === MISSING_DATABASE) return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

import pg from 'pg';

/**
 * Another process created it first: duplicate_database, or, when both creations ran at the same
 * moment, the unique index of pg_database (unique_violation).
 */
const CREATED_BY_ANOTHER = new Set(['42P04', '23505']);

/**
 * Creates the database `name` of the server at `url` unless it exists, connecting to the server's
 * maintenance database. Processes starting at once all succeed: losing the race means it exists.
 */
export async function createDatabaseIfMissing(url: string, name: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), application_name: 'db-version-guard' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query('select 1 from pg_database where datname = $1', [name]);
    // an existing database needs no privilege to create it
    if (rows.length > 0) return;
    await client.query(`create database ${client.escapeIdentifier(name)}`).catch((error: { code?: string }) => {
      if (!CREATED_BY_ANOTHER.has(error.code ?? '')) throw error;
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}

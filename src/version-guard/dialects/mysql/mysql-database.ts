import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { retryLostRace } from './mysql-conflicts.js';

/**
 * Creates the database of `url` unless it exists. `if not exists` makes concurrent first starts
 * (on one server or on several cluster nodes) all succeed instead of racing on the name.
 */
export async function createDatabaseIfMissing(url: string): Promise<void> {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  parsed.pathname = '/';
  const admin = await createConnection({ uri: parsed.toString() });
  try {
    const [found] = await admin.query<RowDataPacket[]>('select 1 from information_schema.schemata where schema_name = ?', [database]);
    // an existing database needs no privilege to create it
    if (found.length > 0) return;
    await retryLostRace(() => admin.query(`create database if not exists ${admin.escapeId(database)}`));
  } finally {
    await admin.end();
  }
}

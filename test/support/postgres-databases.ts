import { inject } from 'vitest';
import pg from 'pg';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { newRevisionId } from './migration-fixtures.js';
import { CURRENT_SCHEMA_TABLES } from './postgres-catalog.js';

/** The test run's PostgreSQL server URL without a database (see test/global-setup.ts), or null. */
export const postgresServerUrl = serverUrl(inject('postgresServerUrl'));

// undefined (not null) means the file runs in a project that starts no server: a misplaced file
// must fail, not skip its PostgreSQL cases
function serverUrl(url: string | null | undefined): string | null {
  if (url === undefined) throw new Error('this test file uses the PostgreSQL server but runs in a vitest project without it: import it through test/support/db-targets.ts (see test/support/test-projects.ts)');
  return url;
}

/** A client of the test server, on `database` (default: the maintenance database). */
export async function postgresClient(database = 'postgres'): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: `${postgresServerUrl}/${database}`, application_name: 'test admin' });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** A fresh pair of database names for one test (created on demand, or now with `create`), and the app environment. */
export async function postgresPair(extra: Record<string, string> = {}, create = true) {
  const prefix = `t_${newRevisionId()}`;
  const names = { agent: `${prefix}_agent`, ops: `${prefix}_ops` };
  if (create) {
    const admin = await postgresClient();
    try {
      for (const name of Object.values(names)) await admin.query(`create database "${name}"`);
    } finally {
      await admin.end();
    }
  }
  return {
    names,
    env: {
      DB_TYPE: 'postgresql',
      AGENT_DB_URL: `${postgresServerUrl}/${names.agent}`,
      OPS_DB_URL: `${postgresServerUrl}/${names.ops}`,
      ...extra,
    } as Record<string, string>,
    /** Runs `fn` with a client on one of the pair's databases. */
    async with<T>(database: 'agent' | 'ops', fn: (c: pg.Client) => Promise<T>): Promise<T> {
      const client = await postgresClient(names[database]);
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    },
    async drop(): Promise<void> {
      const admin = await postgresClient();
      try {
        for (const name of Object.values(names)) await admin.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/**
 * A login role of the test server holding only `privileges` on the tables of `databases` (an app's
 * user beside the deploy job's), and its removal. Roles belong to the whole server: `drop` revokes
 * what it was granted in each database still there, then drops it.
 */
export async function postgresRoleWith(privileges: string, databases: readonly string[]): Promise<{ url(database: string): string; drop(): Promise<void> }> {
  const role = `u_${newRevisionId()}`;
  const admin = await postgresClient();
  try {
    await admin.query(`create role "${role}" login password 'pw-s3cret'`);
    for (const database of databases) await admin.query(`grant connect on database "${database}" to "${role}"`);
  } finally {
    await admin.end();
  }
  for (const database of databases) {
    const c = await postgresClient(database);
    try {
      await c.query(`grant usage on schema public to "${role}"`);
      await c.query(`grant ${privileges} on all tables in schema public to "${role}"`);
      // and on the tables created later (by the test server's user), as operators set it up
      await c.query(`alter default privileges in schema public grant ${privileges} on tables to "${role}"`);
    } finally {
      await c.end();
    }
  }
  const server = new URL(postgresServerUrl!);
  return {
    url: (database) => `postgresql://${role}:pw-s3cret@${server.host}/${database}`,
    async drop() {
      for (const database of databases) {
        if (!(await postgresDatabaseExists(database))) continue;
        const c = await postgresClient(database);
        await c.query(`drop owned by "${role}"`).finally(() => c.end());
      }
      const c = await postgresClient();
      await c.query(`drop role if exists "${role}"`).finally(() => c.end());
    },
  };
}

/** Whether a database of that name exists on the test server. */
export async function postgresDatabaseExists(name: string): Promise<boolean> {
  const admin = await postgresClient();
  try {
    return (await admin.query('select 1 from pg_database where datname = $1', [name])).rows.length > 0;
  } finally {
    await admin.end();
  }
}

/** Recorded revision ids, in order ([] without a bookkeeping table). */
export async function postgresApplied(c: pg.Client): Promise<string[]> {
  const found = await c.query(`select 1 ${CURRENT_SCHEMA_TABLES} and c.relname = 'mikro_orm_migrations'`);
  if (found.rows.length === 0) return [];
  return (await c.query('select name from mikro_orm_migrations order by id')).rows.map((r: { name: string }) => r.name);
}

/** Base tables of the current schema, sorted. */
export async function postgresTables(c: pg.Client): Promise<string[]> {
  const { rows } = await c.query(`select c.relname as name ${CURRENT_SCHEMA_TABLES} order by c.relname`);
  return rows.map((r: { name: string }) => r.name);
}

/** Every row of every table other than the guard's bookkeeping, by table, each ordered by its first column: on one connection. */
export async function postgresDumpRows(c: pg.Client): Promise<Record<string, Record<string, unknown>[]>> {
  const tables = (await postgresTables(c)).filter((table) => !GUARD_TABLES.includes(table));
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const table of tables) rows[table] = (await c.query(`select * from "${table}" order by 1`)).rows as Record<string, unknown>[];
  return rows;
}

import { inject, describe } from 'vitest';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { newRevisionId } from './migration-fixtures.js';

/** The test run's MySQL server URL (see test/global-setup.ts), or null. */
export const mysqlServerUrl = serverUrl(inject('mysqlServerUrl'));

// undefined (not null) means the file runs in a project that starts no server: a misplaced file
// must fail, not skip its MariaDB cases
function serverUrl(url: string | null | undefined): string | null {
  if (url === undefined) throw new Error('this test file uses the MariaDB server but runs in a vitest project without it: import it through test/support/db-targets.ts (see test/support/test-projects.ts)');
  return url;
}

/** `describe` for MySQL suites: they run whenever the global setup provided a server. */
export const describeMysql = mysqlServerUrl ? describe : describe.skip;

/** An admin connection to the test server. */
export function adminConnection(database?: string): Promise<Connection> {
  return createConnection({ uri: `${mysqlServerUrl}${database ? `/${database}` : ''}`, multipleStatements: true });
}

/** A login on the test server holding only `privileges` on `databases` (an app's user beside the deploy job's), and its removal. */
export async function mysqlUserWith(privileges: string, databases: readonly string[]): Promise<{ url(database: string): string; drop(): Promise<void> }> {
  const user = `u_${newRevisionId()}`;
  const admin = await adminConnection();
  try {
    await admin.query(`create user '${user}'@'%' identified by 'pw-s3cret'`);
    for (const database of databases) await admin.query(`grant ${privileges} on \`${database}\`.* to '${user}'@'%'`);
  } finally {
    await admin.end();
  }
  const server = new URL(mysqlServerUrl!);
  return {
    url: (database) => `mysql://${user}:pw-s3cret@${server.host}/${database}`,
    async drop() {
      const c = await adminConnection();
      await c.query(`drop user if exists '${user}'@'%'`).finally(() => c.end());
    },
  };
}

/** Results of `statements` sent as one multi-statement query, one row list per statement. */
export async function queryEach(c: Connection, statements: readonly string[]): Promise<Record<string, unknown>[][]> {
  if (statements.length === 0) return [];
  const [results] = await c.query(statements.join(';\n'));
  return (statements.length === 1 ? [results] : results) as Record<string, unknown>[][];
}

/** A fresh, empty pair of databases for one test, and the app environment that points at them. */
export async function mysqlPair(extra: Record<string, string> = {}) {
  const prefix = `t_${newRevisionId()}`;
  const names = { agent: `${prefix}_agent`, ops: `${prefix}_ops` };
  const admin = await adminConnection();
  try {
    for (const name of Object.values(names)) await admin.query(`create database \`${name}\``);
  } finally {
    await admin.end();
  }
  return {
    names,
    env: {
      DB_TYPE: 'mysql',
      AGENT_DB_URL: `${mysqlServerUrl}/${names.agent}`,
      OPS_DB_URL: `${mysqlServerUrl}/${names.ops}`,
      ...extra,
    } as Record<string, string>,
    /**
     * Runs `fn` with a connection of its own to one of the pair's databases. A connection kept
     * between calls would be one more idle session on the database, which the lock diagnostics
     * the tests check may name, and would carry session settings from one call to the next.
     */
    async with<T>(database: 'agent' | 'ops', fn: (c: Connection) => Promise<T>): Promise<T> {
      const connection = await adminConnection(names[database]);
      try {
        return await fn(connection);
      } finally {
        await connection.end();
      }
    },
    async drop(): Promise<void> {
      const c = await adminConnection();
      try {
        for (const name of Object.values(names)) await c.query(`drop database if exists \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}

/** Recorded revision ids of a MySQL database, in order ([] without a bookkeeping table). */
export async function mysqlApplied(c: Connection): Promise<string[]> {
  const [tables] = await c.query(`select 1 from information_schema.tables where table_schema = database() and table_name = 'mikro_orm_migrations'`);
  if ((tables as unknown[]).length === 0) return [];
  const [rows] = await c.query('select name from mikro_orm_migrations order by id');
  return (rows as { name: string }[]).map((r) => r.name);
}

/** Base tables of a MySQL database, sorted. */
export async function mysqlTables(c: Connection): Promise<string[]> {
  const [rows] = await c.query(
    `select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE' order by table_name`,
  );
  return (rows as { name: string }[]).map((r) => r.name);
}

/** `show create table` of every base table (including bookkeeping), by name; AUTO_INCREMENT counters dropped. */
export async function schemaSnapshot(c: Connection): Promise<Record<string, string>> {
  const tables = await mysqlTables(c);
  const results = await queryEach(c, tables.map((table) => `show create table \`${table}\``));
  return Object.fromEntries(tables.map((table, i) => [table, withoutCounter(String(results[i][0]['Create Table']))]));
}

const withoutCounter = (ddl: string) => ddl.replace(/ AUTO_INCREMENT=\d+/, '');

/** `show create table` of one table, without its AUTO_INCREMENT counter. */
export async function createTable(c: Connection, table: string): Promise<string> {
  const [rows] = await c.query<RowDataPacket[]>(`show create table \`${table}\``);
  return withoutCounter(String(rows[0]['Create Table']));
}

/** Base tables other than the guard's own bookkeeping. */
export async function userTables(c: Connection): Promise<string[]> {
  return (await mysqlTables(c)).filter((table) => !GUARD_TABLES.includes(table));
}

/** Every row of every non-bookkeeping table, by table. */
export async function dumpRows(c: Connection): Promise<Record<string, Record<string, unknown>[]>> {
  const tables = await userTables(c);
  const results = await queryEach(c, tables.map((table) => `select * from \`${table}\` order by 1`));
  return Object.fromEntries(tables.map((table, i) => [table, results[i].map((row) => ({ ...row }))]));
}

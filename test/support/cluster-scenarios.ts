import { rmSync } from 'node:fs';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { inject, type TestContext } from 'vitest';
import type { DatabaseName } from '../../src/version-guard/core/revision.js';
import { newRevisionId } from './migration-fixtures.js';
import { mysqlApplied, schemaSnapshot } from './mysql-databases.js';
import { spawnApp, type AppHandle, type ProcessResult } from './processes.js';
import { tempDir } from './sqlite-files.js';

/** The Galera nodes of the test run (see test/cluster-setup.ts), or null. */
export const galeraNodes = inject('galeraNodes');
/** Says when the nodes are ready (see `waitForGalera`). */
export const galeraStatusFile = inject('galeraStatusFile');

/** A connection to one node, optionally to one database. */
export function nodeConnection(node: number, database?: string): Promise<Connection> {
  return createConnection({ uri: `${galeraNodes![node].url}${database ? `/${database}` : ''}`, multipleStatements: true });
}

/**
 * A fresh pair of databases on the cluster (created through node 0, replicated to all), and app
 * processes each pointed at one node: process i talks to node i % 3.
 */
export async function clusterPair(onTestFinished: TestContext['onTestFinished'], create = true) {
  const prefix = `c_${newRevisionId()}`;
  const names = { agent: `${prefix}_agent`, ops: `${prefix}_ops` };
  const admin = await nodeConnection(0);
  onTestFinished(async () => {
    for (const name of Object.values(names)) await admin.query(`drop database if exists \`${name}\``).catch(() => undefined);
    await admin.end();
  });
  if (create) for (const name of Object.values(names)) await admin.query(`create database \`${name}\``);
  const cwd = tempDir('galera-e2e-');
  onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
  const envFor = (node: number): Record<string, string> => ({
    DB_TYPE: 'mysql',
    AGENT_DB_URL: `${galeraNodes![node].url}/${names.agent}`,
    OPS_DB_URL: `${galeraNodes![node].url}/${names.ops}`,
  });
  const handles: AppHandle[] = [];
  onTestFinished(() => handles.forEach((h) => h.kill('SIGKILL')));
  return {
    names,
    cwd,
    envFor,
    /** Starts an app process against node `node`; the test settles it. */
    async spawn(node: number, env: Record<string, string> = {}, args: string[] = []): Promise<AppHandle> {
      const handle = await spawnApp({ cwd, env: { ...envFor(node), ...env }, args });
      handles.push(handle);
      return handle;
    },
    /** Runs `fn` on a connection to one database of the pair through `node`. */
    async with<T>(database: DatabaseName, fn: (c: Connection) => Promise<T>, node = 0): Promise<T> {
      const c = await nodeConnection(node, names[database]);
      try {
        return await fn(c);
      } finally {
        await c.end();
      }
    },
    applied: (db: DatabaseName, node = 0) => nodeWith(node, names[db], mysqlApplied),
    duplicates: (db: DatabaseName, node = 0) =>
      nodeWith(node, names[db], async (c) => {
        const [rows] = await c.query<RowDataPacket[]>('select name, count(*) as n from mikro_orm_migrations group by name having count(*) > 1');
        return rows.map((r) => `${r.name} ×${r.n}`);
      }),
    schema: (db: DatabaseName, node = 0) => nodeWith(node, names[db], schemaSnapshot),
  };
}

async function nodeWith<T>(node: number, database: string, fn: (c: Connection) => Promise<T>): Promise<T> {
  const c = await nodeConnection(node, database);
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Waits until an app has started (then stops it) or ended by itself; its result either way. */
export async function settle(handle: AppHandle, ms = 120_000): Promise<ProcessResult> {
  await handle.waitFor('listening on port', ms).catch(() => undefined);
  handle.kill('SIGTERM');
  return handle.ended;
}

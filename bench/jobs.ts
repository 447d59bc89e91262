import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { AppConfig } from '../src/config/app-config.js';
import { parseConfig } from '../src/config/config.schema.js';
import { createVersionEngine, openManagedDatabases } from '../src/version-guard/engine/engine-factory.js';
import { DATABASES } from './synthetic-sets.js';

/** The built tree (`dist/`). */
export const DIST = resolve(import.meta.dirname, '..');
/** The CLI and app entry points, as operators run them. */
export const CLI_MAIN = join(DIST, 'src', 'cli', 'main.js');
export const APP_MAIN = join(DIST, 'main.js');

let scratch: string | undefined;

/**
 * This run's scratch directory in the system's temporary directory, removed when the run ends
 * (also on Ctrl-C): its SQLite files of a thousand tables each add up to about 1.3 GB per run.
 */
export function scratchDir(): string {
  if (scratch) return scratch;
  const dir = mkdtempSync(join(tmpdir(), 'bench-run-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      remove();
      process.exit(128 + osConstants.signals[signal]);
    });
  }
  return (scratch = dir);
}

/** Two fresh SQLite paths (nothing created yet) in a new directory. */
export function freshFiles(): { dir: string; agent: string; ops: string } {
  const dir = mkdtempSync(join(scratchDir(), 'files-'));
  return { dir, agent: join(dir, 'agent.db'), ops: join(dir, 'ops.db') };
}

/**
 * Every process of this project starts with its code compiled afresh, as a deploy, an init
 * container or a new machine starts it: the compile cache the app and the CLI keep would otherwise
 * be warm from the untimed first run (it saves about 0.1 s per later start; README, "Start time").
 */
export const COLD_START: Record<string, string> = { NODE_DISABLE_COMPILE_CACHE: '1' };

/** Environment of this project's processes on two SQLite files and a migrations root (the built sets when omitted). */
export function projectEnv(files: { agent: string; ops: string }, root?: string): Record<string, string> {
  return {
    ...COLD_START,
    AGENT_DB_PATH: files.agent,
    OPS_DB_PATH: files.ops,
    NO_COLOR: '1',
    ...(root ? { DB_MIGRATIONS_DIR: root } : {}),
  };
}

/** A config for this process (in-process rows) over the given files and migrations root. */
export function benchConfig(files: { agent: string; ops: string }, root?: string): AppConfig {
  const result = parseConfig({ ...projectEnv(files, root), DB_BACKUP_BEFORE_UPGRADE: 'false' }, join(DIST, 'migrations'));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/** The guard's engine over both databases, connected (a first query has run). */
export async function openGuard(config: AppConfig) {
  const engine = await createVersionEngine(config);
  const dbs = await openManagedDatabases(config, DATABASES);
  for (const db of dbs) await db.orm.em.getConnection().execute('select 1');
  return { engine, dbs, close: () => Promise.all(dbs.map((db) => db.orm.close(true))) };
}

/** Creates a SQLite database with `tables` tables of 6 columns and no history. */
export function legacyDatabase(path: string, tables: number): void {
  const db = new Database(path);
  db.exec('begin');
  for (let i = 0; i < tables; i++) {
    db.exec(`create table legacy_${i} (id integer primary key, name text, value text, created_at datetime, flag integer, note text)`);
  }
  db.exec('commit');
  db.close();
}

/** Milliseconds from spawning the built app until it logs that it is listening; resolves once the stopped app has exited. */
export function timeAppStart(env: Record<string, string>, cwd: string, args: readonly string[] = []): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [APP_MAIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    });
    let out = '';
    let listeningAfter: number | null = null;
    const onData = (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-8000);
      if (listeningAfter === null && out.includes('listening on port')) {
        listeningAfter = performance.now() - started;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      if (listeningAfter === null) reject(new Error(`app exited ${code} before listening:\n${out}`));
      else resolvePromise(listeningAfter);
    });
  });
}

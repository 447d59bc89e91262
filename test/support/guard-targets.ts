import { copyFileSync, rmSync } from 'node:fs';
import { DATABASE_NAMES, type DatabaseName, type Dialect } from '../../src/version-guard/core/revision.js';
import { builtChain, DB_TARGETS, type DbTarget } from './db-targets.js';
import { addRevision, copyBuiltMigrations, newRevisionId } from './migration-fixtures.js';
import { adminConnection } from './mysql-databases.js';
import { postgresClient } from './postgres-databases.js';
import { runAppProcess, type AppRun } from './processes.js';

/** One entry of `DB_TARGETS`. */
export type TargetSpec = (typeof DB_TARGETS)[number];

type StartOptions = Parameters<DbTarget['app']>[0];

/** The setting that points the app at `db` on this target (`AGENT_DB_PATH` on SQLite, `AGENT_DB_URL` on servers). */
export function settingOf(target: DbTarget, db: DatabaseName): string {
  const key = [`${db.toUpperCase()}_DB_PATH`, `${db.toUpperCase()}_DB_URL`].find((k) => k in target.env);
  if (!key) throw new Error(`no setting for the ${db} database in the ${target.dialect} target`);
  return key;
}

/** Environment that points the agent setting at the ops database and the ops setting at the agent database. */
export function swappedEnv(target: DbTarget): Record<string, string> {
  const [agent, ops] = [settingOf(target, 'agent'), settingOf(target, 'ops')];
  return { [agent]: target.env[ops], [ops]: target.env[agent] };
}

/**
 * Starts the app on `target` where its exit status and port matter: as the built process
 * (`node dist/main.js`) on SQLite, in-process on the server dialects. What a process adds (an exit
 * status, a port never opened on refusal) does not depend on the dialect, and each process costs a
 * Node start, so it is proven on one.
 */
export function startAsProcessOnSqlite(target: DbTarget, options: StartOptions = {}): Promise<AppRun> {
  if (target.dialect !== 'sqlite') return target.app(options);
  return runAppProcess({ cwd: target.cwd, env: { ...target.env, ...options.env }, args: options.args, whileRunning: options.whileRunning });
}

/** The head of a built migration set (no pair needed). */
const builtHead = (dialect: Dialect, db: DatabaseName) => builtChain(dialect, db).at(-1)!;

/**
 * A private copy of the built migration sets with one more revision on top of the head of every set
 * (it creates table `fx_next`): a database at the built head is one revision behind this code.
 * Returns the fixture's directory (for `DB_MIGRATIONS_DIR`) and the new revision's id.
 */
export function oneRevisionPastHead(): { dir: string; id: string } {
  const dir = copyBuiltMigrations();
  const id = newRevisionId();
  for (const { name: dialect } of DB_TARGETS) {
    for (const db of DATABASE_NAMES) {
      addRevision(dir, `${dialect}/${db}`, {
        id,
        parents: [builtHead(dialect, db)],
        message: 'feat: next release table',
        up: ['create table fx_next (id int)'],
        down: ['drop table fx_next'],
      });
    }
  }
  return { dir, id };
}

/**
 * A private copy of the built migration sets in which every agent set has two heads: two revisions
 * on top of the built head, each creating a table `fx_parallel_<i>`. Returns the fixture's
 * directory and the two ids.
 */
export function twoHeadsInAgent(): { dir: string; heads: string[] } {
  const dir = copyBuiltMigrations();
  const heads = [newRevisionId(), newRevisionId()];
  for (const { name: dialect } of DB_TARGETS) {
    for (const [i, id] of heads.entries()) {
      addRevision(dir, `${dialect}/agent`, {
        id,
        parents: [builtHead(dialect, 'agent')],
        message: `feat: parallel work ${i}`,
        up: [`create table fx_parallel_${i} (id int)`],
        down: [`drop table fx_parallel_${i}`],
      });
    }
  }
  return { dir, heads };
}

/** A pair brought to head once, copied into a test's fresh pair instead of upgrading that pair from empty. */
export interface HeadTemplate {
  /** A fresh pair of the template's dialect holding what the template holds; the caller cleans it up. */
  copy(): Promise<DbTarget>;
  cleanup(): Promise<void>;
}

/** The name of `db`'s database on a server target (the end of its URL setting). */
export function databaseName(target: DbTarget, db: DatabaseName): string {
  return decodeURIComponent(new URL(target.env[settingOf(target, db)]).pathname.slice(1));
}

/**
 * How each dialect copies a pair into another (same tables, definitions, rows and history): file
 * copies on SQLite; PostgreSQL's `create database … template`; on MySQL, which has no database
 * copy, each table's `show create table` replayed and its rows copied.
 */
const COPY_PAIR: Record<Dialect, (from: DbTarget, to: DbTarget) => Promise<void>> = {
  sqlite: async (from, to) => {
    for (const db of DATABASE_NAMES) copyFileSync(from.env[settingOf(from, db)], to.env[settingOf(to, db)]);
  },
  postgresql: (from, to) =>
    // a database being copied must have no other session: copies run one at a time
    (postgresCopies = postgresCopies.then(async () => {
      const admin = await postgresClient();
      try {
        for (const db of DATABASE_NAMES) {
          const [source, copy] = [databaseName(from, db), databaseName(to, db)];
          await admin.query(`drop database if exists "${copy}"`);
          await admin.query(`create database "${copy}" template "${source}"`);
        }
      } finally {
        await admin.end();
      }
    })),
  mysql: async (from, to) => {
    for (const db of DATABASE_NAMES) {
      const [source, copy] = [databaseName(from, db), databaseName(to, db)];
      const c = await adminConnection(copy);
      try {
        const [tables] = await c.query(`select table_name as name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE'`, [source]);
        const statements = ['set foreign_key_checks = 0'];
        for (const { name } of tables as { name: string }[]) {
          const [created] = await c.query(`show create table \`${source}\`.\`${name}\``);
          statements.push(String((created as Record<string, unknown>[])[0]['Create Table']));
          statements.push(`insert into \`${name}\` select * from \`${source}\`.\`${name}\``);
        }
        await c.query(`${statements.join(';\n')};\nset foreign_key_checks = 1`);
      } finally {
        await c.end();
      }
    }
  },
};
let postgresCopies: Promise<void> = Promise.resolve();

/** A pair of `spec`'s dialect created to head by the app, to copy from. */
export async function headTemplate(spec: TargetSpec): Promise<HeadTemplate> {
  const template = await spec.make();
  const run = await template.app();
  if (!run.started) throw new Error(`could not bring the ${spec.name} template to head:\n${run.stdout}\n${run.stderr}`);
  return {
    copy: async () => {
      const target = await spec.make();
      try {
        await COPY_PAIR[target.dialect](template, target);
      } catch (error) {
        await target.cleanup();
        throw error;
      }
      return target;
    },
    cleanup: async () => {
      await template.cleanup();
      rmSync(template.cwd, { recursive: true, force: true });
    },
  };
}

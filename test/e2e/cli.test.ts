import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_NAMES, type DatabaseName } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { createLegacySqliteDatabase, LEGACY_SQL_RELEASES } from '../helpers/legacy-sqlite.js';
import {
  createSeededLegacyDatabase, recognisedRelease, releaseRevision, stampedRevision, tableSnapshot,
} from '../support/legacy-data.js';
import { BUILT_MIGRATIONS } from '../support/paths.js';
import { type ProcessResult } from '../support/processes.js';
import { runCli } from '../support/in-process.js';
import { appliedRevisions, columnNames, fileHash, readDb, sqliteEnv, tableNames, tempDir, writeDb } from '../support/sqlite-files.js';

interface ManifestEntry {
  readonly id: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly breaking: boolean;
  readonly file: string;
  readonly checksum: string;
}

/** The built manifest of a SQLite migration set. */
function manifest(database: DatabaseName): ManifestEntry[] {
  const path = join(BUILT_MIGRATIONS, 'sqlite', database, 'manifest.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { revisions: ManifestEntry[] }).revisions;
}

/** The manifest's revisions in apply order; the shipped histories are linear. */
function chain(database: DatabaseName): string[] {
  const entries = manifest(database);
  const order: string[] = [];
  let next = entries.filter((e) => e.parents.length === 0);
  while (next.length > 0) {
    expect(next, `${database} history is linear`).toHaveLength(1);
    order.push(next[0].id);
    next = entries.filter((e) => e.parents.includes(order[order.length - 1]));
  }
  expect(order).toHaveLength(entries.length);
  return order;
}

const headOf = (database: DatabaseName) => chain(database).at(-1)!;
const messageOf = (database: DatabaseName, id: string) => manifest(database).find((e) => e.id === id)!.message;

/** A private directory with the two SQLite paths, and the CLI run in it. */
function sandbox(prefix = 'cli-') {
  const dir = tempDir(prefix);
  const env = sqliteEnv(dir);
  const path = (database: DatabaseName) => env[`${database.toUpperCase()}_DB_PATH`];
  const run = (args: string[], extraEnv: Record<string, string> = {}) => runCli(args, { cwd: dir, env: { ...env, ...extraEnv } });
  return { dir, env, path, run };
}

type Sandbox = ReturnType<typeof sandbox>;

/** Runs a command that must succeed. */
async function ok(box: Sandbox, args: string[]): Promise<ProcessResult> {
  const result = await box.run(args);
  expect(result.exitCode, `db ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result;
}

/** Both databases created at head. */
async function atHead(prefix?: string): Promise<Sandbox> {
  const box = sandbox(prefix);
  await ok(box, ['upgrade']);
  return box;
}

interface StatusDoc {
  databases: { name: string; dialect: string; state: string; current: string[]; heads: string[]; pending: string[]; legacyRelease: string | null }[];
}

const STATUS_KEYS = ['name', 'dialect', 'state', 'current', 'heads', 'pending', 'legacyRelease'];

/** The one JSON object a `--json` command printed. */
function jsonOf<T>(result: ProcessResult): T {
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines, result.stdout).toHaveLength(1);
  return JSON.parse(lines[0]) as T;
}

/** Parses `status --json`, checking the SPEC §6 shape and key order. */
function statusDoc(result: ProcessResult): StatusDoc {
  const doc = jsonOf<StatusDoc>(result);
  expect(Object.keys(doc)).toEqual(['databases']);
  for (const db of doc.databases) expect(Object.keys(db)).toEqual(STATUS_KEYS);
  return doc;
}

/** Tables other than the guard's own bookkeeping (`mikro_orm_migrations`, failure and checksum records). */
function userTables(path: string): string[] {
  return tableNames(path).filter((table) => !GUARD_TABLES.includes(table));
}

/** Every table with its DDL and indexes, without the guard's bookkeeping: what migrations change. */
function schemaOf(path: string): string {
  return readDb(path, (db) => {
    const rows = db
      .prepare(`select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by type, name`)
      .all() as { tbl_name: string }[];
    return JSON.stringify(rows.filter((row) => !GUARD_TABLES.includes(row.tbl_name)));
  });
}

/** CLI runs take about a second, far more on a loaded machine; a test runs several. */
const SLOW = { timeout: 240_000 };

const STACK_FRAME = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

describe.concurrent('status and current', SLOW, () => {
  it('status prints every database and exits 0', async () => {
    const box = await atHead();
    const result = await ok(box, ['status']);
    const block = (database: DatabaseName) =>
      [
        `${database} database (sqlite): up_to_date`,
        `   Current version: ${headOf(database)}`,
        `   Latest version: ${headOf(database)}`,
        `   Pending: (none)`,
      ].join('\n');
    expect(result.stdout).toBe(`${block('agent')}\n\n${block('ops')}\n`);
    expect(result.stderr).toBe('');
  });

  it('current is an alias of status', async () => {
    const box = sandbox();
    await ok(box, ['upgrade', '+1']);
    const status = await ok(box, ['status']);
    const current = await ok(box, ['current']);
    expect(current.stdout).toBe(status.stdout);
    expect(current.stdout).toContain(`agent database (sqlite): behind\n   Current version: ${chain('agent')[0]}`);
  });

  it('status of empty databases lists every pending revision in apply order', async () => {
    const box = sandbox();
    const result = await ok(box, ['status']);
    for (const database of DATABASE_NAMES) {
      expect(result.stdout).toContain(
        [
          `${database} database (sqlite): empty`,
          `   Current version: (none)`,
          `   Latest version: ${headOf(database)}`,
          `   Pending: ${chain(database).join(', ')}`,
        ].join('\n'),
      );
    }
  });

  it('status --json prints exactly one object of SPEC §6, keys in order', async () => {
    const box = sandbox();
    await ok(box, ['upgrade', '+1']);
    const result = await ok(box, ['status', '--json']);
    expect(result.stdout.endsWith('}\n')).toBe(true);
    expect(statusDoc(result)).toEqual({
      databases: DATABASE_NAMES.map((name) => ({
        name,
        dialect: 'sqlite',
        state: 'behind',
        current: [chain(name)[0]],
        heads: [headOf(name)],
        pending: chain(name).slice(1),
        legacyRelease: null,
      })),
    });
  });

  it('current --json at head', async () => {
    const box = await atHead();
    expect(statusDoc(await ok(box, ['current', '--json']))).toEqual({
      databases: DATABASE_NAMES.map((name) => ({
        name,
        dialect: 'sqlite',
        state: 'up_to_date',
        current: [headOf(name)],
        heads: [headOf(name)],
        pending: [],
        legacyRelease: null,
      })),
    });
  });

  it('--db agent and -n ops limit the output to one database', async () => {
    const box = await atHead();
    const agent = statusDoc(await ok(box, ['status', '--json', '--db', 'agent']));
    expect(agent.databases.map((d) => d.name)).toEqual(['agent']);
    const ops = statusDoc(await ok(box, ['-n', 'ops', 'status', '--json']));
    expect(ops.databases.map((d) => d.name)).toEqual(['ops']);
    const text = await ok(box, ['current', '-n', 'ops']);
    expect(text.stdout).toMatch(/^ops database \(sqlite\): up_to_date\n/);
    expect(text.stdout).not.toContain('agent');
    expect(statusDoc(await ok(box, ['status', '--json', '--db', 'all'])).databases.map((d) => d.name)).toEqual(['agent', 'ops']);
  });

  it('status --json reports a recognised legacy database with its release and the revisions after it', async () => {
    const box = sandbox();
    createLegacySqliteDatabase(box.path('agent'), 'agent', '0.1.3');
    const doc = statusDoc(await ok(box, ['status', '--json', '-n', 'agent']));
    const stamped = releaseRevision('agent', '0.1.3');
    expect(doc.databases).toEqual([
      {
        name: 'agent',
        dialect: 'sqlite',
        state: 'legacy',
        current: [],
        heads: [headOf('agent')],
        pending: chain('agent').slice(chain('agent').indexOf(stamped) + 1),
        legacyRelease: '0.1.3',
      },
    ]);
  });

  it('status exits 2 with one clear message when a database cannot be read (its directory is a file)', async () => {
    const box = sandbox();
    writeFileSync(join(box.dir, 'not-a-dir'), 'plain file\n');
    const result = await box.run(['status'], { AGENT_DB_PATH: join(box.dir, 'not-a-dir', 'agent.db') });
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain('agent database');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.stdout).toBe('');
  });

  it('status exits 2 with one clear message when a database file is not SQLite', async () => {
    const box = sandbox();
    writeFileSync(box.path('agent'), 'this is not a SQLite database, only text that happens to be long enough\n'.repeat(10));
    const before = fileHash(box.path('agent'));
    const result = await box.run(['status']);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain('agent database');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(fileHash(box.path('agent'))).toBe(before);
  });
});

describe.concurrent('check', SLOW, () => {
  it('exits 0 when both databases are at head', async () => {
    const box = await atHead();
    const result = await box.run(['check']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('agent database (sqlite): up_to_date');
    expect(result.stdout).toContain('ops database (sqlite): up_to_date');
  });

  it('exits 1 for empty databases, everything pending in apply order', async () => {
    const box = sandbox();
    const result = await box.run(['check', '--json']);
    expect(result.exitCode).toBe(1);
    const doc = statusDoc(result);
    expect(doc.databases.map((d) => [d.name, d.state, d.pending])).toEqual(DATABASE_NAMES.map((name) => [name, 'empty', chain(name)]));
  });

  it('exits 1 for databases behind, pending in apply order', async () => {
    const box = sandbox();
    await ok(box, ['upgrade', '+1']);
    const text = await box.run(['check']);
    expect(text.exitCode).toBe(1);
    for (const database of DATABASE_NAMES) {
      expect(text.stdout).toContain(`${database} database (sqlite): behind`);
      expect(text.stdout).toContain(`   Pending: ${chain(database).slice(1).join(', ')}\n`);
    }
    const json = await box.run(['check', '--json']);
    expect(json.exitCode).toBe(1);
    expect(statusDoc(json).databases.map((d) => d.pending)).toEqual(DATABASE_NAMES.map((name) => chain(name).slice(1)));
  });

  it('exits 1 when only one database is behind', async () => {
    const box = await atHead();
    await ok(box, ['downgrade', '-1', '-n', 'ops']);
    const result = await box.run(['check', '--json']);
    expect(result.exitCode).toBe(1);
    expect(statusDoc(result).databases.map((d) => d.state)).toEqual(['up_to_date', 'behind']);
    expect((await box.run(['check', '-n', 'agent'])).exitCode).toBe(0);
  });

  it('exits 1 for recognised legacy databases', async () => {
    const box = sandbox();
    for (const database of DATABASE_NAMES) createLegacySqliteDatabase(box.path(database), database, '0.1.2');
    const result = await box.run(['check', '--json']);
    expect(result.exitCode).toBe(1);
    // the ops schema did not change in 0.1.3: an ops database of 0.1.2 is recognised as 0.1.3
    expect(statusDoc(result).databases.map((d) => [d.state, d.legacyRelease])).toEqual([
      ['legacy', '0.1.2'],
      ['legacy', '0.1.3'],
    ]);
  });

  it('exits 2 when a database is ahead (a revision unknown to the code)', async () => {
    const box = await atHead();
    const unknown = 'abcdefabcdef';
    writeDb(box.path('agent'), (db) => db.prepare('insert into mikro_orm_migrations (name) values (?)').run(unknown));
    const result = await box.run(['check', '--json']);
    expect(result.exitCode).toBe(2);
    const [agent, ops] = statusDoc(result).databases;
    expect(agent).toEqual({
      name: 'agent',
      dialect: 'sqlite',
      state: 'ahead',
      current: [headOf('agent'), unknown],
      heads: [headOf('agent')],
      pending: [],
      legacyRelease: null,
    });
    expect(ops.state).toBe('up_to_date');
    expect((await box.run(['check'])).exitCode).toBe(2);
    expect((await box.run(['check', '-n', 'ops'])).exitCode).toBe(0);
  });

  it('exits 2 for a file with an unrelated table (legacy_unrecognized)', async () => {
    const box = await atHead();
    const other = sandbox();
    writeDb(other.path('agent'), (db) => db.exec('create table notes (id integer primary key, body text not null)'));
    const result = await box.run(['check', '--json'], { AGENT_DB_PATH: other.path('agent') });
    expect(result.exitCode).toBe(2);
    expect(statusDoc(result).databases.map((d) => [d.name, d.state, d.pending])).toEqual([
      ['agent', 'legacy_unrecognized', []],
      ['ops', 'up_to_date', []],
    ]);
    const text = await box.run(['check', '-n', 'agent'], { AGENT_DB_PATH: other.path('agent') });
    expect(text.exitCode).toBe(2);
    expect(text.stdout).toContain('agent database (sqlite): legacy_unrecognized');
    expect(text.stdout).toContain('table agent');
  });

  it('exits 2 for swapped database paths (foreign), naming the set', async () => {
    const box = await atHead();
    const swapped = { AGENT_DB_PATH: box.path('ops'), OPS_DB_PATH: box.path('agent') };
    const result = await box.run(['check', '--json'], swapped);
    expect(result.exitCode).toBe(2);
    expect(statusDoc(result).databases.map((d) => [d.name, d.state, d.current])).toEqual([
      ['agent', 'foreign', [headOf('ops')]],
      ['ops', 'foreign', [headOf('agent')]],
    ]);
    const text = await box.run(['check'], swapped);
    expect(text.stdout).toContain('   Belongs to migration set: sqlite_ops');
    expect(text.stdout).toContain('   Belongs to migration set: sqlite_agent');
  });
});

describe.concurrent('heads and history', SLOW, () => {
  it('heads names the head of each set with its message', async () => {
    const box = sandbox();
    const result = await ok(box, ['heads']);
    expect(result.stdout).toBe(
      DATABASE_NAMES.map((db) => `sqlite_${db}: 1 head\n   ${headOf(db)} ${messageOf(db, headOf(db))}\n`).join(''),
    );
    expect(readdirSync(box.dir)).toEqual([]);
  });

  it('heads --json, also limited with --db', async () => {
    const box = sandbox();
    expect(jsonOf(await ok(box, ['heads', '--json']))).toEqual({
      sets: DATABASE_NAMES.map((db) => ({ name: `sqlite_${db}`, heads: [headOf(db)] })),
    });
    expect(jsonOf(await ok(box, ['heads', '--json', '--db', 'ops']))).toEqual({ sets: [{ name: 'sqlite_ops', heads: [headOf('ops')] }] });
  });

  it('history lists every revision of the manifest, newest first, without files unless --verbose', async () => {
    const box = sandbox();
    const result = await ok(box, ['history']);
    const lines = result.stdout.trimEnd().split('\n');
    const expected = DATABASE_NAMES.flatMap((db) => [
      `sqlite_${db}:`,
      ...chain(db)
        .reverse()
        .map((id) => {
          const entry = manifest(db).find((e) => e.id === id)!;
          const parents = entry.parents.length > 0 ? entry.parents.join(', ') : '<base>';
          return `   ${parents} -> ${id}${id === headOf(db) ? ' (head)' : ''}, ${entry.message}`;
        }),
    ]);
    expect(lines).toEqual(expected);
    expect(result.stdout).not.toContain('checksum');
  });

  it('history --verbose adds whether each revision is breaking, its file and checksum', async () => {
    const box = sandbox();
    const result = await ok(box, ['history', '--verbose', '-n', 'agent']);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('sqlite_agent:');
    expect(lines).toHaveLength(1 + 4 * manifest('agent').length);
    for (const entry of manifest('agent')) {
      const at = lines.findIndex((line) => line.includes(`-> ${entry.id}`));
      expect(at, entry.id).toBeGreaterThan(0);
      expect(lines[at + 1]).toBe(`      breaking: ${entry.breaking ? 'yes' : 'no'}`);
      expect(lines[at + 2]).toBe(`      file: ${entry.file}`);
      expect(lines[at + 3]).toBe(`      checksum: ${entry.checksum}`);
    }
    expect(result.stdout).not.toContain('sqlite_ops');
  });

  for (const args of [['history', '--json'], ['history', '--verbose', '--json']]) {
    it(`${args.join(' ')} matches the manifests`, async () => {
      const box = sandbox();
      const doc = jsonOf<{ sets: { name: string; revisions: (ManifestEntry & { head: boolean })[] }[] }>(await ok(box, args));
      expect(doc.sets.map((s) => s.name)).toEqual(['sqlite_agent', 'sqlite_ops']);
      for (const [i, db] of DATABASE_NAMES.entries()) {
        const revisions = doc.sets[i].revisions;
        expect(revisions.map((r) => r.id)).toEqual(chain(db).reverse());
        const byId = (list: readonly ManifestEntry[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
        expect(byId(revisions.map(({ head: _head, ...entry }) => entry))).toEqual(byId(manifest(db)));
        expect(revisions.filter((r) => r.head).map((r) => r.id)).toEqual([headOf(db)]);
      }
      expect(readdirSync(box.dir)).toEqual([]);
    });
  }
});

describe.concurrent('upgrade', SLOW, () => {
  it('upgrade applies every revision in apply order, one line each, then has nothing to do', async () => {
    const box = sandbox();
    const result = await ok(box, ['upgrade']);
    for (const database of DATABASE_NAMES) {
      expect(appliedRevisions(box.path(database))).toEqual(chain(database));
      const positions = chain(database).map((id) =>
        result.stdout.indexOf(`${database} database: applied ${id} ${messageOf(database, id)} (`),
      );
      expect(positions.every((p) => p >= 0), result.stdout).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(result.stdout).toContain(`${database} database: now at ${headOf(database)}\n`);
    }
    expect(columnNames(box.path('agent'), 'knowledge_base_document')).toContain('obs_name');
    expect(tableNames(box.path('ops'))).toEqual(expect.arrayContaining(['prompts', 'prompt_basic', 'job_user_info']));
    const again = await ok(box, ['upgrade', 'head']);
    expect(again.stdout).toBe(DATABASE_NAMES.map((db) => `${db} database: nothing to apply, already at ${headOf(db)}\n`).join(''));
  });

  it('upgrade +1 applies one revision at a time', async () => {
    const box = sandbox();
    const first = await ok(box, ['upgrade', '+1']);
    for (const database of DATABASE_NAMES) {
      expect(appliedRevisions(box.path(database))).toEqual(chain(database).slice(0, 1));
      expect(first.stdout).toContain(`${database} database: upgrading from empty to ${chain(database)[0]} (1 revision)\n`);
    }
    await ok(box, ['upgrade', '+1']);
    for (const database of DATABASE_NAMES) expect(appliedRevisions(box.path(database))).toEqual(chain(database).slice(0, 2));
    await ok(box, ['upgrade', '+2', '-n', 'agent']);
    expect(appliedRevisions(box.path('agent'))).toEqual(chain('agent').slice(0, 4));
    expect(appliedRevisions(box.path('ops'))).toEqual(chain('ops').slice(0, 2));
  });

  it('upgrade <rev> stops at that revision, given in full or by a unique prefix', async () => {
    const box = sandbox();
    const agent = chain('agent');
    await ok(box, ['upgrade', '--db', 'agent', agent[1]]);
    expect(appliedRevisions(box.path('agent'))).toEqual(agent.slice(0, 2));
    const prefix = agent[2].slice(0, 4);
    expect(manifest('agent').filter((e) => e.id.startsWith(prefix))).toHaveLength(1);
    const byPrefix = await ok(box, ['upgrade', prefix, '-n', 'agent']);
    expect(byPrefix.stdout).toContain(`agent database: upgrading from ${agent[1]} to ${agent[2]} (1 revision)`);
    expect(appliedRevisions(box.path('agent'))).toEqual(agent.slice(0, 3));
    const ops = chain('ops');
    await ok(box, ['upgrade', '-n', 'ops', ops[1].slice(0, 6)]);
    expect(appliedRevisions(box.path('ops'))).toEqual(ops.slice(0, 2));
    expect(appliedRevisions(box.path('agent'))).toEqual(agent.slice(0, 3));
  });
});

describe.concurrent('downgrade', SLOW, () => {
  it('downgrade -1 reverts the newest revision of each database', async () => {
    const box = await atHead();
    const result = await ok(box, ['downgrade', '-1']);
    for (const database of DATABASE_NAMES) {
      const head = headOf(database);
      expect(appliedRevisions(box.path(database))).toEqual(chain(database).slice(0, -1));
      expect(result.stdout).toContain(`${database} database: reverted ${head} ${messageOf(database, head)} (`);
    }
    expect(columnNames(box.path('agent'), 'knowledge_base_document')).not.toContain('obs_name');
    expect(columnNames(box.path('agent'), 'knowledge_base_document')).toContain('index_name');
    // the ops head is a release marker: reverting it leaves the schema as it was
    expect(columnNames(box.path('ops'), 'prompt_basic')).toContain('prompt_key');
  });

  it('downgrade <rev> reverts down to that revision, children first', async () => {
    const box = await atHead();
    const agent = chain('agent');
    const result = await ok(box, ['downgrade', '--db', 'agent', agent[1]]);
    expect(appliedRevisions(box.path('agent'))).toEqual(agent.slice(0, 2));
    const reverted = agent.slice(2).reverse();
    const positions = reverted.map((id) => result.stdout.indexOf(`agent database: reverted ${id} `));
    expect(positions.every((p) => p >= 0), result.stdout).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(result.stdout).toContain(`agent database: now at ${agent[1]}\n`);
    expect(columnNames(box.path('agent'), 'agent')).not.toContain('status');
    expect(tableNames(box.path('agent'))).toContain('plugin');
    expect(appliedRevisions(box.path('ops'))).toEqual(chain('ops'));
    // a prefix works too
    await ok(box, ['downgrade', '-n', 'agent', agent[0].slice(0, 5)]);
    expect(appliedRevisions(box.path('agent'))).toEqual(agent.slice(0, 1));
  });

  it('downgrade base leaves nothing but the bookkeeping table', async () => {
    const box = await atHead();
    const result = await ok(box, ['downgrade', 'base']);
    for (const database of DATABASE_NAMES) {
      expect(tableNames(box.path(database))).toContain('mikro_orm_migrations');
      expect(userTables(box.path(database))).toEqual([]);
      expect(appliedRevisions(box.path(database))).toEqual([]);
      expect(result.stdout).toContain(`${database} database: now at base\n`);
    }
    const status = statusDoc(await ok(box, ['status', '--json']));
    expect(status.databases.map((d) => d.state)).toEqual(['empty', 'empty']);
  });

  it('downgrade base keeps user_message, untouched, when it existed', async () => {
    const box = sandbox();
    createSeededLegacyDatabase(box.path('agent'), 'agent', '0.1.3');
    const userMessage = tableSnapshot(box.path('agent'), 'user_message');
    await ok(box, ['stamp', '-n', 'agent', 'v0.1.3']);
    await ok(box, ['upgrade', '-n', 'agent']);
    expect(appliedRevisions(box.path('agent'))).toEqual(chain('agent'));
    await ok(box, ['downgrade', '-n', 'agent', 'base']);
    expect(tableNames(box.path('agent'))).toContain('mikro_orm_migrations');
    expect(userTables(box.path('agent'))).toEqual(['user_message']);
    expect(tableSnapshot(box.path('agent'), 'user_message')).toBe(userMessage);
  });
});

describe.concurrent('stamp', SLOW, () => {
  it('stamp head records every revision and runs none', async () => {
    const box = sandbox();
    const result = await ok(box, ['stamp', 'head']);
    for (const database of DATABASE_NAMES) {
      expect(tableNames(box.path(database))).toContain('mikro_orm_migrations');
      expect(userTables(box.path(database))).toEqual([]);
      expect(appliedRevisions(box.path(database))).toEqual(chain(database));
      expect(result.stdout).toContain(
        `${database} database: stamped at ${headOf(database)} (${chain(database).length} recorded, 0 removed; no migration ran)\n`,
      );
    }
    expect(statusDoc(await ok(box, ['status', '--json'])).databases.map((d) => d.state)).toEqual(['up_to_date', 'up_to_date']);
  });

  it('stamp base forgets every revision and leaves the tables', async () => {
    const box = await atHead();
    const schemas = DATABASE_NAMES.map((db) => schemaOf(box.path(db)));
    const result = await ok(box, ['stamp', 'base']);
    for (const [i, database] of DATABASE_NAMES.entries()) {
      expect(appliedRevisions(box.path(database))).toEqual([]);
      expect(schemaOf(box.path(database))).toBe(schemas[i]);
      expect(result.stdout).toContain(
        `${database} database: stamped at base (0 recorded, ${chain(database).length} removed; no migration ran)\n`,
      );
    }
  });

  it('stamp <rev> only rewrites the bookkeeping; status then shows the database behind', async () => {
    const box = await atHead();
    const agent = chain('agent');
    const schema = schemaOf(box.path('agent'));
    const result = await ok(box, ['stamp', '--db', 'agent', agent[1]]);
    expect(result.stdout).toBe(`agent database: stamped at ${agent[1]} (0 recorded, ${agent.length - 2} removed; no migration ran)\n`);
    expect(schemaOf(box.path('agent'))).toBe(schema);
    expect(appliedRevisions(box.path('agent'))).toEqual(agent.slice(0, 2));
    expect(appliedRevisions(box.path('ops'))).toEqual(chain('ops'));
    const status = statusDoc(await ok(box, ['status', '--json', '-n', 'agent']));
    expect(status.databases[0]).toMatchObject({ state: 'behind', current: [agent[1]], pending: agent.slice(2) });
    // and forward again by prefix, still without running anything
    await ok(box, ['stamp', '-n', 'agent', agent.at(-1)!.slice(0, 4)]);
    expect(appliedRevisions(box.path('agent'))).toEqual(chain('agent'));
    expect(schemaOf(box.path('agent'))).toBe(schema);
  });

  it('stamp v0.1.3 on a database of release 0.1.3 records its id; status shows it behind from there', async () => {
    const box = sandbox();
    createLegacySqliteDatabase(box.path('agent'), 'agent', '0.1.3');
    const schema = schemaOf(box.path('agent'));
    const stamped = '031b34b4dd30';
    expect(releaseRevision('agent', '0.1.3')).toBe(stamped);
    const agent = chain('agent');
    const result = await ok(box, ['stamp', 'v0.1.3', '--db', 'agent']);
    expect(result.stdout).toBe(`agent database: stamped at ${stamped} (${agent.indexOf(stamped) + 1} recorded, 0 removed; no migration ran)\n`);
    expect(schemaOf(box.path('agent'))).toBe(schema);
    expect(appliedRevisions(box.path('agent'))).toEqual(agent.slice(0, agent.indexOf(stamped) + 1));
    const status = statusDoc(await ok(box, ['status', '--json', '--db', 'agent']));
    expect(status.databases).toEqual([
      {
        name: 'agent',
        dialect: 'sqlite',
        state: 'behind',
        current: [stamped],
        heads: [headOf('agent')],
        pending: agent.slice(agent.indexOf(stamped) + 1),
        legacyRelease: null,
      },
    ]);
    const text = await ok(box, ['status', '--db', 'agent']);
    expect(text.stdout).toContain(`   Current version: ${stamped}\n`);
  });
});

describe.concurrent('detect', SLOW, () => {
  for (const release of LEGACY_SQL_RELEASES) {
    it(`recognises databases of release ${release} and writes nothing`, async () => {
      const box = sandbox(`detect-${release}-`);
      for (const database of DATABASE_NAMES) createLegacySqliteDatabase(box.path(database), database, release);
      const hashes = DATABASE_NAMES.map((db) => fileHash(box.path(db)));
      const files = readdirSync(box.dir).sort();
      // 0.1.1 has the schema of 0.1.2 and ops 0.1.2 that of 0.1.3: each is recognised as the newer one
      const named = (db: DatabaseName) => recognisedRelease(db, release);

      const text = await box.run(['detect']);
      expect(text.exitCode, text.stderr).toBe(0);
      expect(text.stdout).toBe(
        DATABASE_NAMES.map((db) => `${db} database: created by release ${named(db)}; its revision id is ${stampedRevision(db, release)}\n`).join(''),
      );
      const json = await box.run(['detect', '--json']);
      expect(json.exitCode).toBe(0);
      expect(jsonOf(json)).toEqual({
        databases: DATABASE_NAMES.map((name) => ({
          name,
          legacy: true,
          recognized: true,
          release: named(name),
          revision: stampedRevision(name, release),
          nearestRelease: named(name),
          missing: [],
          extraTables: [],
        })),
      });
      expect(DATABASE_NAMES.map((db) => fileHash(box.path(db)))).toEqual(hashes);
      expect(readdirSync(box.dir).sort()).toEqual(files);
    });
  }

  it('reports databases with history as not legacy', async () => {
    const box = await atHead();
    const hashes = DATABASE_NAMES.map((db) => fileHash(box.path(db)));
    const result = await box.run(['detect']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      DATABASE_NAMES.map((db) => `${db} database: not a legacy database (it is empty or has migration history)\n`).join(''),
    );
    const json = await box.run(['detect', '--json', '-n', 'ops']);
    expect(json.exitCode).toBe(0);
    expect(jsonOf(json)).toEqual({
      databases: [
        { name: 'ops', legacy: false, recognized: null, release: null, revision: null, nearestRelease: null, missing: [], extraTables: [] },
      ],
    });
    expect(DATABASE_NAMES.map((db) => fileHash(box.path(db)))).toEqual(hashes);
  });

  it('exits 1 for an unrecognised database, naming the missing table, and writes nothing', async () => {
    const box = sandbox();
    for (const database of DATABASE_NAMES) createLegacySqliteDatabase(box.path(database), database, '0.1.3');
    writeDb(box.path('agent'), (db) => db.exec('drop table knowledge_base; create table scratch (id integer)'));
    const hashes = DATABASE_NAMES.map((db) => fileHash(box.path(db)));

    const text = await box.run(['detect']);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toBe(
      [
        'agent database: unrecognised: no release schema is complete',
        '   Nearest release: 0.1.3; missing: table knowledge_base',
        '   Warning: tables of no release: scratch',
        `ops database: created by release 0.1.3; its revision id is ${releaseRevision('ops', '0.1.3')}`,
        '',
      ].join('\n'),
    );
    const json = await box.run(['detect', '--json', '--db', 'agent']);
    expect(json.exitCode).toBe(1);
    expect(jsonOf(json)).toEqual({
      databases: [
        {
          name: 'agent',
          legacy: true,
          recognized: false,
          release: null,
          revision: null,
          nearestRelease: '0.1.3',
          missing: ['table knowledge_base'],
          extraTables: ['scratch'],
        },
      ],
    });
    expect((await box.run(['detect', '-n', 'ops'])).exitCode).toBe(0);
    expect(DATABASE_NAMES.map((db) => fileHash(box.path(db)))).toEqual(hashes);
    expect(tableNames(box.path('agent'))).not.toContain('mikro_orm_migrations');
  });

  it('names a missing column as table.column', async () => {
    const box = sandbox();
    createLegacySqliteDatabase(box.path('ops'), 'ops', '0.1.3');
    writeDb(box.path('ops'), (db) => db.exec('alter table prompt_commit drop column tool_call_config'));
    const before = fileHash(box.path('ops'));
    const result = await box.run(['detect', '-n', 'ops']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      'ops database: unrecognised: no release schema is complete\n   Nearest release: 0.1.3; missing: column prompt_commit.tool_call_config\n',
    );
    expect(fileHash(box.path('ops'))).toBe(before);
  });
});

describe.concurrent('bad input', SLOW, () => {
  const UNKNOWN_HELP = 'run `npm run db -- history` to list the known revisions';
  const CASES: [string[], string][] = [
    [['frobnicate'], "db: unknown command 'frobnicate'"],
    [['upgrade', 'abcdef123456'], `db: unknown revision "abcdef123456" in sqlite_agent; ${UNKNOWN_HELP}`],
    [['stamp', '--db', 'agent', 'abcdef123456'], `db: unknown revision "abcdef123456" in sqlite_agent; ${UNKNOWN_HELP}`],
    [['downgrade', '-n', 'ops', 'ffff'], `db: unknown revision "ffff" in sqlite_ops; ${UNKNOWN_HELP}`],
    // valid in the other set: the line says which set has it and how to select it
    [['upgrade', headOf('ops')], `db: unknown revision "${headOf('ops')}" in sqlite_agent; it is a revision of sqlite_ops: use --db ops`],
    [['downgrade', '--db', 'ops', headOf('agent').slice(0, 6)], `db: unknown revision "${headOf('agent').slice(0, 6)}" in sqlite_ops; it is a revision of sqlite_agent: use --db agent`],
    [['stamp', '-n', 'agent', headOf('ops')], `db: unknown revision "${headOf('ops')}" in sqlite_agent; it is a revision of sqlite_ops: use --db ops`],
    [['downgrade'], 'db: downgrade: a target is required: -N, a revision id, or base'],
    [['--db', 'foo', 'status'], 'db: --db "foo" is not a database; use agent, ops or all'],
    [['upgrade', '--db', 'foo'], 'db: --db "foo" is not a database; use agent, ops or all'],
    [['upgrade', 'zzz'], 'db: upgrade: "zzz" is not a revision; use head, +N or a revision id'],
    [['upgrade', '+0'], 'db: upgrade: "+0" is not a step count; use +1, +2, ...'],
    [['stamp'], 'db: stamp: a target is required: a revision id, head, base, or a release such as v0.1.2'],
  ];

  for (const [args, line] of CASES) {
    it(`db ${args.join(' ')}: one line on stderr, exit 2, no database created or changed`, async () => {
      const fresh = sandbox();
      const onFresh = await fresh.run(args);
      expect(onFresh.exitCode, onFresh.stderr).toBe(2);
      expect(onFresh.stderr).toBe(`${line}\n`);
      expect(onFresh.stdout).toBe('');
      expect(readdirSync(fresh.dir)).toEqual([]);

      const box = await atHead();
      const hashes = DATABASE_NAMES.map((db) => fileHash(box.path(db)));
      const onExisting = await box.run(args);
      expect(onExisting.exitCode).toBe(2);
      expect(onExisting.stderr).toBe(`${line}\n`);
      expect(DATABASE_NAMES.map((db) => fileHash(box.path(db)))).toEqual(hashes);
    });
  }
});

describe('relative targets beyond the history', () => {
  it('downgrade -N and upgrade +N asking for more than there is: exit 1, nothing changed', async () => {
    const dir = tempDir('steps-');
    const env = sqliteEnv(dir);
    expect((await runCli(['upgrade'], { cwd: dir, env })).exitCode).toBe(0);
    const before = fileHash(env.OPS_DB_PATH);
    const down = await runCli(['downgrade', '-9', '--db', 'ops'], { cwd: dir, env });
    expect(down.exitCode).toBe(1);
    expect(down.stderr).toContain(`downgrade -9: only ${chain('ops').length} revision(s) are applied to the ops database`);
    const up = await runCli(['upgrade', '+2', '--db', 'ops'], { cwd: dir, env });
    expect(up.exitCode).toBe(1);
    expect(up.stderr).toContain('upgrade +2: only 0 revision(s) are pending in sqlite_ops');
    expect(fileHash(env.OPS_DB_PATH)).toBe(before);
  });
});

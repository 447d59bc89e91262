import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  builtSet,
  copyDatabases,
  dbPaths,
  DBS,
  getJson,
  lines,
  output,
  projectCopy,
  RAW_ERROR_PATTERNS,
  refusalBlock,
  runCommand,
  upToDateLines,
  type Db,
} from '../support/e2e-helpers.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { ROOT } from '../support/paths.js';
import { runAppProcess } from '../support/processes.js';
import { runApp, runCli } from '../support/in-process.js';
import { appliedRevisions, columnNames, fileHash, readDb, sqliteEnv, tableNames, tempDir, writeDb } from '../support/sqlite-files.js';

const SET = { agent: builtSet('agent'), ops: builtSet('ops') };

/** Tables of the domain history (SPEC §1, §3) that a database at head has. */
const DOMAIN_TABLES: Record<Db, string[]> = {
  agent: ['agent', 'workflow', 'plugin', 'tool', 'knowledge_base', 'model_configs', 'agent_execution', 'trace_detail', 'memory_base', 'system_llm_model'],
  ops: ['prompts', 'prompt_versions', 'prompt_basic', 'prompt_user_draft', 'job_user_info'],
};

const hashes = (dir: string) => Object.fromEntries(DBS.map((db) => [db, fileHash(dbPaths(dir)[db])]));

/** The recorded revisions are every revision of the built set, once each, the head last. */
function expectAtHead(dir: string, db: Db): void {
  const applied = appliedRevisions(dbPaths(dir)[db]);
  expect(applied.at(-1)).toBe(SET[db].head);
  expect([...applied].sort()).toEqual([...SET[db].ids].sort());
}

function expectRefused(run: { exitCode: number | null; started: boolean; stderr: string }): void {
  expect(run.exitCode).toBe(1);
  expect(run.started).toBe(false);
  for (const pattern of RAW_ERROR_PATTERNS) expect(run.stderr).not.toMatch(pattern);
}

// Prepared once, copied into each test's own directory: both databases at head, and both one
// revision behind head (made with the CLI's downgrade).
let headTemplate: string;
let behindTemplate: string;

beforeAll(async () => {
  headTemplate = tempDir('guard-head-');
  const fresh = await runApp({ cwd: headTemplate, env: sqliteEnv(headTemplate) });
  if (!fresh.started) throw new Error(`could not prepare databases at head:\n${fresh.stdout}\n${fresh.stderr}`);
  behindTemplate = tempDir('guard-behind-');
  copyDatabases(headTemplate, behindTemplate);
  const down = await runCli(['downgrade', '-1', '--db', 'all'], { cwd: behindTemplate, env: sqliteEnv(behindTemplate) });
  if (down.exitCode !== 0) throw new Error(`could not prepare databases behind head:\n${down.stdout}\n${down.stderr}`);
  for (const db of DBS) {
    if (appliedRevisions(dbPaths(behindTemplate)[db]).at(-1) !== SET[db].parentOfHead) throw new Error(`${db} template is not one behind`);
  }
});

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The recorded revisions of a file, or null when it is not a SQLite database. */
function recordedRevisionsOrNull(file: string): string[] | null {
  try {
    return appliedRevisions(file);
  } catch {
    return null;
  }
}

/** One way of starting the app in a parameterised test. */
interface Variant {
  readonly label: string;
  readonly args: string[];
  readonly env: Record<string, string>;
}

/** A new test directory holding a copy of a template's databases. */
function dirWith(template: string): string {
  const dir = tempDir('guard-e2e-');
  copyDatabases(template, dir);
  return dir;
}

describe.concurrent('boot guard (built app, SQLite)', () => {
  it('creates empty databases to head, then reports them up to date on the next start', async () => {
    const dir = tempDir('guard-e2e-');
    // the built app as a process, as operators run it: its exit status and what it printed
    const first = await runAppProcess({ cwd: dir, env: sqliteEnv(dir) });

    expect(first.started).toBe(true);
    expect(first.exitCode).toBeNull(); // stopped by our SIGTERM, not exited by itself
    expect(first.stderr).toBe('');
    for (const db of DBS) {
      expectAtHead(dir, db);
      const tables = tableNames(dbPaths(dir)[db]);
      expect(tables).toEqual(expect.arrayContaining([...DOMAIN_TABLES[db], 'mikro_orm_migrations']));
      expect(tables).not.toContain('user_message'); // owned by the memory module
      expect(first.stdout).toContain(`${db} database: applied ${SET[db].head} `);
    }

    const second = await runApp({ cwd: dir, env: sqliteEnv(dir) });
    expect(second.started).toBe(true);
    for (const db of DBS) {
      expect(upToDateLines(second.stdout, db)).toEqual([
        `✅ ${db} database: version is already up to date`,
        `   Current version: ${SET[db].head}`,
        `   Latest version: ${SET[db].head}`,
      ]);
      expect(second.stdout).not.toContain(`${db} database: applied`);
      expectAtHead(dir, db);
    }
  });

  it('refuses a database behind head under the default policy (check), naming the pending revisions and the fix, writing nothing', async () => {
    const dir = dirWith(behindTemplate);
    const before = hashes(dir);
    // a process: a refusal exits 1 without opening the port
    const run = await runAppProcess({ cwd: dir, env: sqliteEnv(dir) });

    expectRefused(run);
    for (const db of DBS) {
      const block = refusalBlock(run.stderr, db);
      expect(block).toContain(`❌ ${db} database: refusing to start (state: behind)`);
      expect(block).toContain(`Current version: ${SET[db].parentOfHead}`);
      expect(block).toContain(`Latest version: ${SET[db].head}`);
      expect(block).toMatch(new RegExp(`pending revision.*${SET[db].head}`));
      expect(block).toContain(`npm run db -- upgrade --db ${db}`);
      expect(block).toContain('--migrate');
    }
    expect(hashes(dir)).toEqual(before);
  });

  it.for<Variant>([
    { label: '`node dist/main.js --migrate`', args: ['--migrate'], env: {} },
    { label: 'DB_UPGRADE_POLICY=auto', args: [], env: { DB_UPGRADE_POLICY: 'auto' } },
  ])('applies pending revisions with $label and starts at head', async ({ args, env }) => {
    const dir = dirWith(behindTemplate);
    // the built app as operators run it
    const run = await runAppProcess({ cwd: dir, env: sqliteEnv(dir, env), args });

    expect(run.started).toBe(true);
    expect(run.stderr).toBe('');
    for (const db of DBS) {
      expectAtHead(dir, db);
      // one progress line per applied revision, and only the pending one ran
      expect(lines(run.stdout).filter((line) => line.includes(`${db} database: applied `))).toHaveLength(1);
      expect(run.stdout).toContain(`${db} database: applied ${SET[db].head} `);
    }
    // the newest real revision adds knowledge_base_document.obs_name
    expect(columnNames(dbPaths(dir).agent, 'knowledge_base_document')).toContain('obs_name');
  });

  it.for<Variant>([
    { label: 'true', args: ['--migrate'], env: {} },
    { label: 'false', args: ['--migrate'], env: { DB_BACKUP_BEFORE_UPGRADE: 'false' } },
  ])('with DB_BACKUP_BEFORE_UPGRADE=$label, a copy of each file as it was before the upgrade is kept or not', async ({ label: backup, args, env }) => {
    const dir = dirWith(behindTemplate);
    const paths = dbPaths(dir);
    const recordedBefore = Object.fromEntries(DBS.map((db) => [db, appliedRevisions(paths[db])]));
    const run = await runApp({ cwd: dir, env: sqliteEnv(dir, env), args });

    expect(run.started, output(run)).toBe(true);
    const others = filesUnder(dir).filter((file) => file !== paths.agent && file !== paths.ops);
    for (const db of DBS) {
      expectAtHead(dir, db);
      // a backup is a SQLite file (not necessarily byte-identical) holding the history as it was before
      const copies = others.filter((file) => {
        const applied = recordedRevisionsOrNull(file);
        return applied !== null && applied.length > 0 && applied.join() === recordedBefore[db].join();
      });
      if (backup === 'true') expect(copies, `no backup of ${db}.db among ${others.join(', ')}`).toHaveLength(1);
      else expect(copies, others.join(', ')).toEqual([]);
    }
  });

  it.for<Variant>([
    { label: 'check', args: [], env: {} },
    { label: 'auto', args: [], env: { DB_UPGRADE_POLICY: 'auto' } },
    { label: '--migrate', args: ['--migrate'], env: {} },
  ])('refuses a database that has a revision unknown to the code (ahead) under $label', async ({ args, env }) => {
    const dir = dirWith(headTemplate);
    const unknown = newRevisionId();
    writeDb(dbPaths(dir).agent, (db) => db.prepare('insert into mikro_orm_migrations (name, executed_at) values (?, ?)').run(unknown, Date.now()));
    const before = hashes(dir);
    const run = await runApp({ cwd: dir, env: sqliteEnv(dir, env), args });

    expectRefused(run);
    const block = refusalBlock(run.stderr, 'agent');
    expect(block).toContain('❌ agent database: refusing to start (state: ahead)');
    expect(block).toContain(unknown);
    expect(refusalBlock(run.stderr, 'ops')).toBe(''); // ops is fine
    expect(hashes(dir)).toEqual(before);
  });

  it.for([
    { policy: 'check', args: [] },
    { policy: '--migrate', args: ['--migrate'] },
  ])('refuses swapped agent and ops files as foreign, naming the set they belong to ($policy)', async ({ args }) => {
    const dir = dirWith(headTemplate);
    const before = hashes(dir);
    const paths = dbPaths(dir);
    const run = await runApp({ cwd: dir, env: { DB_TYPE: 'sqlite', AGENT_DB_PATH: paths.ops, OPS_DB_PATH: paths.agent }, args });

    expectRefused(run);
    const agent = refusalBlock(run.stderr, 'agent');
    expect(agent).toContain('❌ agent database: refusing to start (state: foreign)');
    expect(agent).toContain('sqlite_ops');
    expect(agent).toContain('AGENT_DB_PATH');
    const ops = refusalBlock(run.stderr, 'ops');
    expect(ops).toContain('❌ ops database: refusing to start (state: foreign)');
    expect(ops).toContain('sqlite_agent');
    expect(hashes(dir)).toEqual(before);
  });

  it.for([
    { policy: 'check', args: [] },
    { policy: '--migrate', args: ['--migrate'] },
  ])('refuses code with two heads, naming both and `db -- merge`, writing nothing ($policy)', async ({ args }) => {
    const fixture = copyBuiltMigrations();
    try {
      const heads = [newRevisionId(), newRevisionId()];
      for (const [i, id] of heads.entries()) {
        addRevision(fixture, 'sqlite/agent', {
          id,
          parents: [SET.agent.head],
          message: `feat: parallel work ${i}`,
          up: [`create table fx_parallel_${i} (id int)`],
          down: [`drop table fx_parallel_${i}`],
        });
      }
      // ops is behind: a guard that upgraded it before refusing agent would change its file
      const dir = dirWith(behindTemplate);
      const before = hashes(dir);
      const run = await runApp({ cwd: dir, env: sqliteEnv(dir, { DB_MIGRATIONS_DIR: fixture }), args });

      expectRefused(run);
      const block = refusalBlock(run.stderr, 'agent');
      expect(block).toContain('❌ agent database: refusing to start (state: multiple_heads)');
      for (const id of heads) expect(block).toContain(id);
      expect(block).toContain('db -- merge');
      expect(hashes(dir)).toEqual(before);
      expect(tableNames(dbPaths(dir).agent)).not.toContain('fx_parallel_0');
    } finally {
      removeFixture(fixture);
    }
  });

  it('starts under policy off with a database behind, warns, changes nothing, and /health answers 503', async () => {
    const dir = dirWith(behindTemplate);
    const before = hashes(dir);
    let health: { status: number; body: unknown } | undefined;
    const run = await runApp({
      cwd: dir,
      env: sqliteEnv(dir, { DB_UPGRADE_POLICY: 'off' }),
      whileRunning: async (port) => {
        health = await getJson(port, '/health');
      },
    });

    expect(run.started).toBe(true);
    for (const db of DBS) {
      expect(output(run)).toMatch(new RegExp(`${db} database: version check skipped \\(DB_UPGRADE_POLICY=off\\)`));
    }
    expect(health?.status).toBe(503);
    const body = health?.body as { status: string; databases: Record<string, unknown>[] };
    expect(Object.keys(body).sort()).toEqual(['databases', 'status']);
    expect(body.status).not.toBe('ok');
    expect(body.databases.map((d) => d.name)).toEqual(['agent', 'ops']);
    expect(body.databases[0]).toEqual({
      name: 'agent',
      dialect: 'sqlite',
      state: 'behind',
      current: [SET.agent.parentOfHead],
      heads: [SET.agent.head],
      pending: [SET.agent.head],
      legacyRelease: null,
    });
    expect(hashes(dir)).toEqual(before);
  });

  it('answers GET /health with 200 and both databases up to date at head', async () => {
    const dir = dirWith(headTemplate);
    let health: { status: number; body: unknown } | undefined;
    const run = await runApp({
      cwd: dir,
      env: sqliteEnv(dir),
      whileRunning: async (port) => {
        health = await getJson(port, '/health');
      },
    });

    expect(run.started).toBe(true);
    expect(health?.status).toBe(200);
    const body = health?.body as { status: string; databases: Record<string, unknown>[] };
    expect(Object.keys(body).sort()).toEqual(['databases', 'status']);
    expect(body.status).toBe('ok');
    expect(body.databases).toHaveLength(2);
    for (const [i, db] of DBS.entries()) {
      const entry = body.databases[i];
      expect(Object.keys(entry)).toEqual(['name', 'dialect', 'state', 'current', 'heads', 'pending', 'legacyRelease']);
      expect(entry).toEqual({
        name: db,
        dialect: 'sqlite',
        state: 'up_to_date',
        current: [SET[db].head],
        heads: [SET[db].head],
        pending: [],
        legacyRelease: null,
      });
    }
  });

  it('upgrades with `npm run start:prod -- --migrate`', async () => {
    const dir = dirWith(behindTemplate);
    const run = await runCommand('npm', ['run', 'start:prod', '--', '--migrate'], { cwd: ROOT, env: sqliteEnv(dir) });
    expect(run.started).toBe(true);
    for (const db of DBS) expectAtHead(dir, db);
  });

  it('exits 0 at head without serving with `npm run start:prod -- --migrate-only`', async () => {
    const dir = dirWith(behindTemplate);
    const run = await runCommand('npm', ['run', 'start:prod', '--', '--migrate-only'], { cwd: ROOT, env: sqliteEnv(dir) });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.started).toBe(false);
    expect(run.stdout).toContain('both databases are at head (--migrate-only): exiting without serving');
    for (const db of DBS) expectAtHead(dir, db);
  });

  // `nest start` and the npm scripts that build empty and rebuild dist/, so they run in a private
  // copy of the project. Each start form forwards its arguments its own way: the Nest CLI passes
  // what follows `--`, `npm start` what follows the second `--`, `start:migrate` has the flag built
  // in. Each form is run once (each one builds the project), with `--migrate` or `--migrate-only`.
  it('starts through every form that builds first: `npx nest start -- --migrate`, `npm run start:migrate`, `npm start -- -- --migrate-only` (private project copy)', { timeout: 240_000 }, async () => {
    const project = projectCopy();
    try {
      const serving: [string, string[]][] = [
        ['npx', ['nest', 'start', '--', '--migrate']],
        ['npm', ['run', 'start:migrate']],
      ];
      for (const [command, args] of serving) {
        const dir = dirWith(behindTemplate);
        const form = `${command} ${args.join(' ')}`;
        const run = await runCommand(command, args, { cwd: project.root, env: sqliteEnv(dir), timeoutMs: 170_000 });
        expect(run.started, `${form}:\n${run.stdout}\n${run.stderr}`).toBe(true);
        for (const db of DBS) expectAtHead(dir, db);
      }
      expect(existsSync(`${project.root}/dist/main.js`)).toBe(true);
      const behind = dirWith(behindTemplate);
      const only = await runCommand('npm', ['start', '--', '--', '--migrate-only'], { cwd: project.root, env: sqliteEnv(behind), timeoutMs: 170_000 });
      expect(only.exitCode, `npm start -- -- --migrate-only:\n${only.stdout}\n${only.stderr}`).toBe(0);
      expect(only.started).toBe(false);
      expect(only.stdout).toContain('both databases are at head (--migrate-only): exiting without serving');
      for (const db of DBS) expectAtHead(behind, db);
    } finally {
      project.remove();
    }
  });

  it('records a failed revision, rolls back its changes, refuses under check, and retries once fixed', async () => {
    const fixture = copyBuiltMigrations();
    try {
      const failing = newRevisionId();
      const revision = (up: string[]) => ({ id: failing, parents: [SET.agent.head], message: 'feat: fixture revision', up, down: ['drop table if exists fx_ok'] });
      addRevision(fixture, 'sqlite/agent', revision(['create table fx_ok (id int)', 'select * from no_such_table']));
      // agent one behind: the plan is [head, failing], so the head must stay applied after the failure
      const dir = dirWith(behindTemplate);
      const env = sqliteEnv(dir, { DB_MIGRATIONS_DIR: fixture });
      const agent = dbPaths(dir).agent;

      const failed = await runApp({ cwd: dir, env, args: ['--migrate'] });
      expect(failed.exitCode).toBe(1);
      expect(failed.started).toBe(false);
      expect(failed.stderr).toContain(failing);
      expect(failed.stderr).toContain('no such table: no_such_table');
      expect(failed.stderr).toMatch(/Fix: .*npm run db -- upgrade --db agent/);
      expect(failed.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(appliedRevisions(agent).at(-1)).toBe(SET.agent.head);
      expect(appliedRevisions(agent)).not.toContain(failing);
      expect(columnNames(agent, 'knowledge_base_document')).toContain('obs_name');
      expect(tableNames(agent)).not.toContain('fx_ok');

      const refused = await runApp({ cwd: dir, env });
      expectRefused(refused);
      const block = refusalBlock(refused.stderr, 'agent');
      expect(block).toContain('❌ agent database: refusing to start (state: failed)');
      expect(block).toContain(failing);
      expect(block).toContain('no such table: no_such_table');

      addRevision(fixture, 'sqlite/agent', revision(['create table fx_ok (id int)']));
      // the fixed code is read by a new process, as after a redeploy
      const retried = await runAppProcess({ cwd: dir, env, args: ['--migrate'] });
      expect(retried.started, retried.stderr).toBe(true);
      expect(appliedRevisions(agent).at(-1)).toBe(failing);
      expect(tableNames(agent)).toContain('fx_ok');
      const status = await runCli(['status', '--json', '--db', 'agent'], { cwd: dir, env });
      expect(JSON.parse(status.stdout).databases[0].state).toBe('up_to_date');
      expect(readDb(agent, (db) => db.prepare(`select count(*) as n from mikro_orm_migrations where name = ?`).get(failing))).toEqual({ n: 1 });
    } finally {
      removeFixture(fixture);
    }
  });
});

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_NAMES, type DatabaseName, type Dialect } from '../../src/version-guard/core/revision.js';
import { DB_TARGETS, type DbTarget } from '../support/db-targets.js';
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
import {
  headTemplate,
  oneRevisionPastHead,
  settingOf,
  startAsProcessOnSqlite,
  swappedEnv,
  twoHeadsInAgent,
  type HeadTemplate,
} from '../support/guard-targets.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { describeMysql } from '../support/mysql-databases.js';
import { mysqlChain, mysqlScenario, passwordUser, printed } from '../support/mysql-scenarios.js';
import { ROOT } from '../support/paths.js';
import { runAppProcess, type AppRun } from '../support/processes.js';
import { runApp, runCli } from '../support/in-process.js';
import { appliedRevisions, columnNames, readDb, sqliteEnv, tableNames, tempDir } from '../support/sqlite-files.js';

// SPEC §4: what the guard does at start for each state of a database, on every dialect. Each
// scenario is written once and runs for each target, in-process; the starts whose exit status and
// port matter run as the built process on SQLite. Besides: what only SQLite has (the ways
// operators start the built app, file backups, a failed revision rolled back) and only MySQL has
// (passwords in URLs).

const TARGETS = DB_TARGETS.filter((t) => t.available);

/** Tables of the domain history (SPEC §1, §3) that a database at head has. */
const DOMAIN_TABLES: Record<Db, string[]> = {
  agent: ['agent', 'workflow', 'plugin', 'tool', 'knowledge_base', 'model_configs', 'agent_execution', 'trace_detail', 'memory_base', 'system_llm_model'],
  ops: ['prompts', 'prompt_versions', 'prompt_basic', 'prompt_user_draft', 'job_user_info'],
};

/** Refused as SPEC §4 says: exit status 1, no port opened, and no raw error or stack trace as the explanation. */
function expectRefused(run: { exitCode: number | null; started: boolean; stderr: string }, label = ''): void {
  expect(run.exitCode, `${label}\n${run.stderr}`).toBe(1);
  expect(run.started, label).toBe(false);
  for (const pattern of RAW_ERROR_PATTERNS) expect(run.stderr, label).not.toMatch(pattern);
}

type Health = { status: number; body: { status: string; databases: Record<string, unknown>[] } };

/** The app started with `start`, and what `GET /health` answered while it served. */
async function withHealth(start: (whileRunning: (port: number) => Promise<void>) => Promise<AppRun>): Promise<{ run: AppRun; health?: Health }> {
  let health: Health | undefined;
  const run = await start(async (port) => void (health = (await getJson(port, '/health')) as Health));
  return { run, health };
}

/** The `status --json` object of one database (also what /health lists). */
function statusOf(dialect: Dialect, name: DatabaseName, state: string, current: string[], heads: string[], pending: string[]) {
  return { name, dialect, state, current, heads, pending, legacyRelease: null };
}

// Prepared once for the whole file: each dialect's pair at head (copied into each test's own pair),
// the built sets with one more revision past head (a pair at head is behind that code), and with
// two heads in every agent set.
const templates = {} as Record<Dialect, HeadTemplate>;
let next: { dir: string; id: string };
let twoHeads: { dir: string; heads: string[] };
// SQLite files one revision behind the built head (made with the CLI's downgrade), for the starts
// operators run as processes
let behindTemplate: string;

beforeAll(async () => {
  next = oneRevisionPastHead();
  twoHeads = twoHeadsInAgent();
  await Promise.all(TARGETS.map(async (spec) => (templates[spec.name] = await headTemplate(spec))));
  const behind = await templates.sqlite.copy();
  behindTemplate = behind.cwd;
  const down = await behind.cli(['downgrade', '-1', '--db', 'all']);
  if (down.exitCode !== 0) throw new Error(`could not prepare databases behind head:\n${down.stdout}\n${down.stderr}`);
  for (const db of DBS) {
    if (appliedRevisions(dbPaths(behindTemplate)[db]).at(-1) !== builtSet(db).parentOfHead) throw new Error(`${db} template is not one behind`);
  }
});

afterAll(async () => {
  for (const fixture of [next?.dir, twoHeads?.dir]) if (fixture) removeFixture(fixture);
  if (behindTemplate) rmSync(behindTemplate, { recursive: true, force: true });
  await Promise.all(Object.values(templates).map((t) => t.cleanup()));
});

/** The recorded revisions are every revision of the built set, once each, the head last. */
function expectAtHead(dir: string, db: Db): void {
  const set = builtSet(db);
  const applied = appliedRevisions(dbPaths(dir)[db]);
  expect(applied.at(-1)).toBe(set.head);
  expect([...applied].sort()).toEqual([...set.ids].sort());
}

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

// The built app started as operators start it (a process each), and what only SQLite files have.
describe.concurrent('boot guard on SQLite: the built app as a process, file backups, a failed revision rolled back', () => {
  // First, as the slowest test of the file: last, it would run alone at the end. `nest start`
  // empties and rebuilds dist/, so these forms run in a private copy of the project, which holds
  // dist/ as `npm install` built it. Each form forwards its arguments its own way: the Nest CLI
  // passes what follows `--`, `npm start` what follows the second `--`, `start:migrate` has the
  // flag built in. The npm scripts run their build first, which finds dist/ current; the Nest CLI
  // compiles with tsc, so it comes last.
  it('starts through every form that builds first: `npm run start:migrate`, `npm start -- -- --migrate-only`, `npx nest start -- --migrate` (private project copy)', { timeout: 240_000 }, async () => {
    const project = projectCopy();
    try {
      const migrate = dirWith(behindTemplate);
      const run = await runCommand('npm', ['run', 'start:migrate'], { cwd: project.root, env: sqliteEnv(migrate), timeoutMs: 170_000 });
      expect(run.started, `npm run start:migrate:\n${run.stdout}\n${run.stderr}`).toBe(true);
      expect(run.stdout).toContain('dist/ is the build of the sources as they are: nothing to build');
      for (const db of DBS) expectAtHead(migrate, db);

      const behind = dirWith(behindTemplate);
      const only = await runCommand('npm', ['start', '--', '--', '--migrate-only'], { cwd: project.root, env: sqliteEnv(behind), timeoutMs: 170_000 });
      expect(only.exitCode, `npm start -- -- --migrate-only:\n${only.stdout}\n${only.stderr}`).toBe(0);
      expect(only.stdout).toContain('dist/ is the build of the sources as they are: nothing to build');
      expect(only.started).toBe(false);
      expect(only.stdout).toContain('both databases are at head (--migrate-only): exiting without serving');
      for (const db of DBS) expectAtHead(behind, db);

      const nest = dirWith(behindTemplate);
      const nestRun = await runCommand('npx', ['nest', 'start', '--', '--migrate'], { cwd: project.root, env: sqliteEnv(nest), timeoutMs: 170_000 });
      expect(nestRun.started, `npx nest start -- --migrate:\n${nestRun.stdout}\n${nestRun.stderr}`).toBe(true);
      for (const db of DBS) expectAtHead(nest, db);
      // the Nest CLI emptied dist/ and ran its own tsc build: no bundle, no stamp of ours
      expect(existsSync(`${project.root}/dist/src/main.js`)).toBe(true);
      expect(existsSync(`${project.root}/dist/main.js`)).toBe(false);
      expect(existsSync(`${project.root}/dist/.build-stamp.json`)).toBe(false);
    } finally {
      project.remove();
    }
  });

  // the start flag as operators pass it to the built app; the policy is configuration, in-process
  it.for<Variant & { start: (options: { cwd: string; env: Record<string, string>; args: string[] }) => Promise<{ started: boolean; stdout: string; stderr: string }> }>([
    { label: '`node dist/main.js --migrate`', args: ['--migrate'], env: {}, start: runAppProcess },
    { label: 'DB_UPGRADE_POLICY=auto', args: [], env: { DB_UPGRADE_POLICY: 'auto' }, start: runApp },
  ])('applies pending revisions with $label and starts at head', async ({ args, env, start }) => {
    const dir = dirWith(behindTemplate);
    const run = await start({ cwd: dir, env: sqliteEnv(dir, env), args });

    expect(run.started).toBe(true);
    expect(run.stderr).toBe('');
    for (const db of DBS) {
      expectAtHead(dir, db);
      // one progress line per applied revision, and only the pending one ran
      expect(lines(run.stdout).filter((line) => line.includes(`${db} database: applied `))).toHaveLength(1);
      expect(run.stdout).toContain(`${db} database: applied ${builtSet(db).head} `);
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

  it('records a failed revision, rolls back its changes, refuses under check, and retries once fixed', async () => {
    const fixture = copyBuiltMigrations();
    try {
      const set = builtSet('agent');
      const failing = newRevisionId();
      const revision = (up: string[]) => ({ id: failing, parents: [set.head], message: 'feat: fixture revision', up, down: ['drop table if exists fx_ok'] });
      const failingFile = addRevision(fixture, 'sqlite/agent', revision(['create table fx_ok (id int)', 'select * from no_such_table']));
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
      expect(appliedRevisions(agent).at(-1)).toBe(set.head);
      expect(appliedRevisions(agent)).not.toContain(failing);
      expect(columnNames(agent, 'knowledge_base_document')).toContain('obs_name');
      expect(tableNames(agent)).not.toContain('fx_ok');

      const refused = await runApp({ cwd: dir, env });
      expectRefused(refused);
      const block = refusalBlock(refused.stderr, 'agent');
      expect(block).toContain('❌ agent database: refusing to start (state: failed)');
      expect(block).toContain(failing);
      expect(block).toContain('no such table: no_such_table');

      // the fix, as a redeploy ships it: in a file of its own, since this process has already
      // imported the failing file's module (a new process would import the same path afresh)
      rmSync(failingFile);
      addRevision(fixture, 'sqlite/agent', { ...revision(['create table fx_ok (id int)']), slug: 'fixed' });
      const retried = await runApp({ cwd: dir, env, args: ['--migrate'] });
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

describe.concurrent.each(TARGETS)('boot guard on $name', { timeout: 180_000 }, ({ name: dialect, make }) => {
  /** A fresh pair for one test (a copy of the head template with `atHead`), removed when the test ends. */
  async function pair(onTestFinished: (fn: () => Promise<void> | void) => void, { atHead }: { atHead: boolean }): Promise<DbTarget> {
    const target = atHead ? await templates[dialect].copy() : await make();
    onTestFinished(() => target.cleanup());
    onTestFinished(() => rmSync(target.cwd, { recursive: true, force: true }));
    return target;
  }

  it('creates empty databases to head, then the next start reports them up to date and /health answers 200', async ({ onTestFinished }) => {
    const target = await pair(onTestFinished, { atHead: false });

    const first = await startAsProcessOnSqlite(target);

    expect(first.started, printed(first)).toBe(true);
    expect(first.exitCode).toBeNull(); // stopped by us (SIGTERM on SQLite), not exited by itself
    expect(first.stderr).toBe('');
    for (const db of DATABASE_NAMES) {
      expect(await target.applied(db)).toEqual(target.chain(db));
      const tables = await target.tables(db);
      expect(tables).toEqual(expect.arrayContaining([...DOMAIN_TABLES[db], 'mikro_orm_migrations']));
      expect(tables).not.toContain('user_message'); // owned by the memory module
      expect(first.stdout).toContain(`${db} database: applied ${target.head(db)} `);
    }

    const { run: second, health } = await withHealth((whileRunning) => target.app({ whileRunning }));

    expect(second.started, printed(second)).toBe(true);
    for (const db of DATABASE_NAMES) {
      expect(upToDateLines(second.stdout, db)).toEqual([
        `✅ ${db} database: version is already up to date`,
        `   Current version: ${target.head(db)}`,
        `   Latest version: ${target.head(db)}`,
      ]);
      expect(await target.applied(db)).toEqual(target.chain(db));
    }
    expect(second.stdout).not.toContain('applied ');
    expect(health?.status).toBe(200);
    expect(Object.keys(health!.body).sort()).toEqual(['databases', 'status']);
    expect(health?.body.status).toBe('ok');
    expect(health?.body.databases).toHaveLength(2);
    for (const [i, db] of DATABASE_NAMES.entries()) {
      expect(Object.keys(health!.body.databases[i])).toEqual(['name', 'dialect', 'state', 'current', 'heads', 'pending', 'legacyRelease']);
      expect(health?.body.databases[i]).toEqual(statusOf(dialect, db, 'up_to_date', [target.head(db)], [target.head(db)], []));
    }
  });

  it('behind: the default check refuses naming the pending revision and the fix, writing nothing; --migrate applies it; the next start is up to date', async ({
    onTestFinished,
  }) => {
    const target = await pair(onTestFinished, { atHead: true });
    const env = { DB_MIGRATIONS_DIR: next.dir };
    const before = await target.snapshot();
    for (const db of DATABASE_NAMES) expect(await target.applied(db)).toEqual(target.chain(db));

    const refused = await startAsProcessOnSqlite(target, { env });

    expectRefused(refused);
    for (const db of DATABASE_NAMES) {
      expect(refusalBlock(refused.stderr, db).trimEnd()).toBe(
        [
          `❌ ${db} database: refusing to start (state: behind)`,
          `   Current version: ${target.head(db)}`,
          `   Latest version: ${next.id}`,
          `   Problem: 1 pending revision not applied: ${next.id} (DB_UPGRADE_POLICY=check)`,
          `   Fix: npm run db -- upgrade --db ${db}, or start once with --migrate (npm run start:migrate), or set DB_UPGRADE_POLICY=auto`,
        ].join('\n'),
      );
    }
    expect(await target.snapshot()).toEqual(before);

    const migrated = await target.app({ env, args: ['--migrate'] });

    expect(migrated.started, printed(migrated)).toBe(true);
    for (const db of DATABASE_NAMES) {
      expect(await target.applied(db)).toEqual([...target.chain(db), next.id]);
      expect(await target.tables(db)).toContain('fx_next');
      // one progress line per applied revision, and only the pending one ran
      expect(lines(migrated.stdout).filter((line) => line.includes(`${db} database: applied `))).toEqual([expect.stringContaining(`${db} database: applied ${next.id} `)]);
    }

    const again = await target.app({ env });

    expect(again.started, printed(again)).toBe(true);
    for (const db of DATABASE_NAMES) expect(upToDateLines(again.stdout, db)).toEqual([`✅ ${db} database: version is already up to date`, `   Current version: ${next.id}`, `   Latest version: ${next.id}`]);
  });

  it('ahead: an applied revision unknown to the code is refused under check, auto and --migrate, naming it, writing nothing', async ({ onTestFinished }) => {
    const target = await pair(onTestFinished, { atHead: true });
    const unknown = newRevisionId();
    await target.exec('agent', `insert into mikro_orm_migrations (name) values ('${unknown}')`);
    const before = await target.snapshot();

    const policies: [string, { args?: string[]; env?: Record<string, string> }][] = [
      ['check', {}],
      ['auto', { env: { DB_UPGRADE_POLICY: 'auto' } }],
      ['--migrate', { args: ['--migrate'] }],
    ];
    for (const [policy, options] of policies) {
      const run = await target.app(options);

      expectRefused(run, policy);
      const block = refusalBlock(run.stderr, 'agent');
      expect(block).toContain('❌ agent database: refusing to start (state: ahead)');
      expect(block).toContain(`   Current version: ${target.head('agent')},${unknown}`);
      expect(block).toContain(`   Problem: the database has revision ${unknown}, which this code does not know: it was upgraded by a newer release`);
      expect(block).toContain('   Fix: start the newer release again, or downgrade with that release');
      expect(refusalBlock(run.stderr, 'ops'), policy).toBe(''); // ops is fine
      expect(await target.snapshot(), policy).toEqual(before);
    }
  });

  it('swapped agent and ops settings: both databases are refused as foreign under check and --migrate, naming the set they belong to', async ({ onTestFinished }) => {
    const target = await pair(onTestFinished, { atHead: true });
    const before = await target.snapshot();

    for (const args of [[], ['--migrate']]) {
      const run = await target.app({ args, env: swappedEnv(target) });

      const policy = args.join() || 'check';
      expectRefused(run, policy);
      const agent = refusalBlock(run.stderr, 'agent');
      expect(agent).toContain('❌ agent database: refusing to start (state: foreign)');
      expect(agent).toContain(`   Problem: the database holds revision ${target.chain('ops').join(', ')} of the ${dialect}_ops migration set, not ${dialect}_agent`);
      expect(agent).toContain(`   Fix: point ${settingOf(target, 'agent')} at the agent database`);
      const ops = refusalBlock(run.stderr, 'ops');
      expect(ops).toContain('❌ ops database: refusing to start (state: foreign)');
      expect(ops).toContain(`of the ${dialect}_agent migration set, not ${dialect}_ops`);
      expect(await target.snapshot(), policy).toEqual(before);
    }
  });

  it('two heads in the agent set: refused under check and --migrate naming both heads and `db -- merge`; neither database is created', async ({
    onTestFinished,
  }) => {
    // both empty: a guard that created ops (or agent) before refusing would leave tables behind
    const target = await pair(onTestFinished, { atHead: false });
    const before = await target.snapshot();

    for (const args of [[], ['--migrate']]) {
      const run = await target.app({ args, env: { DB_MIGRATIONS_DIR: twoHeads.dir } });

      const policy = args.join() || 'check';
      expectRefused(run, policy);
      const block = refusalBlock(run.stderr, 'agent');
      expect(block).toContain('❌ agent database: refusing to start (state: multiple_heads)');
      expect(block).toMatch(new RegExp(`Problem: the ${dialect}_agent migration set has 2 heads \\(`));
      for (const id of twoHeads.heads) expect(block).toContain(id);
      expect(block).toContain('   Fix: npm run db -- merge -m');
      expect(await target.snapshot(), policy).toEqual(before);
    }
  });

  it('policy off: starts with a warning, writing nothing; /health is 503 while behind and 200 at head', async ({ onTestFinished }) => {
    const target = await pair(onTestFinished, { atHead: true });
    const env = { DB_MIGRATIONS_DIR: next.dir, DB_UPGRADE_POLICY: 'off' };
    const before = await target.snapshot();

    const behind = await withHealth((whileRunning) => target.app({ env, whileRunning }));

    expect(behind.run.started, printed(behind.run)).toBe(true);
    for (const db of DATABASE_NAMES) {
      expect(printed(behind.run)).toContain(`⚠️ ${db} database: version check skipped (DB_UPGRADE_POLICY=off); state behind`);
    }
    expect(behind.health?.status).toBe(503);
    expect(Object.keys(behind.health!.body).sort()).toEqual(['databases', 'status']);
    expect(behind.health?.body.status).toBe('error');
    expect(behind.health?.body.databases).toEqual(DATABASE_NAMES.map((db) => statusOf(dialect, db, 'behind', [target.head(db)], [next.id], [next.id])));
    expect(await target.snapshot()).toEqual(before);

    const upgrade = await target.cli(['upgrade'], env);
    expect(upgrade.exitCode, printed(upgrade)).toBe(0);
    const atHead = await withHealth((whileRunning) => target.app({ env, whileRunning }));

    expect(atHead.run.started, printed(atHead.run)).toBe(true);
    for (const db of DATABASE_NAMES) {
      expect(printed(atHead.run)).toContain(`⚠️ ${db} database: version check skipped (DB_UPGRADE_POLICY=off); state up_to_date`);
    }
    expect(atHead.health?.status).toBe(200);
    expect(atHead.health?.body.status).toBe('ok');
    expect(atHead.health?.body.databases).toEqual(DATABASE_NAMES.map((db) => statusOf(dialect, db, 'up_to_date', [next.id], [next.id], [])));
  });
});

// What only a server reached by URL has: a password that must never be printed.
describeMysql.concurrent('boot guard on MySQL: passwords in URLs', { timeout: 180_000 }, () => {
  it('a password in the URL never appears in any output, started or refused', async ({ onTestFinished }) => {
    const password = 'S3cretPassw0rd';
    const s = await mysqlScenario(onTestFinished);
    const account = await passwordUser(onTestFinished, password);
    const env = { AGENT_DB_URL: account.url(s.names.agent), OPS_DB_URL: account.url(s.names.ops) };
    expect(env.AGENT_DB_URL).toContain(password);

    const created = await s.app({ args: ['--migrate'], env });
    expect(created.started, printed(created)).toBe(true);
    expect(await s.applied('agent')).toEqual(mysqlChain('agent'));
    await s.with('agent', (c) => c.query('insert into mikro_orm_migrations (name) values (?)', [newRevisionId()]));

    const refused = await s.app({ env });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('(state: ahead)');
    const check = await s.cli(['check'], env);
    expect(check.exitCode).toBe(2);
    expect(check.stdout).toContain('agent database (mysql): ahead');

    for (const run of [created, refused, check]) {
      expect(run.stdout).not.toContain(password);
      expect(run.stderr).not.toContain(password);
    }
  });

  it('a wrong password: exit 1 with a message naming the database and the setting, without the password', async ({ onTestFinished }) => {
    const password = 'S3cretPassw0rd';
    const wrong = 'Wr0ngPassw0rdX';
    const s = await mysqlScenario(onTestFinished);
    const account = await passwordUser(onTestFinished, password);
    const env = { AGENT_DB_URL: account.url(s.names.agent, wrong), OPS_DB_URL: account.url(s.names.ops) };

    const run = await s.app({ args: ['--migrate'], env });

    expect(run.started).toBe(false);
    expect(run.exitCode).toBe(1);
    for (const secret of [password, wrong]) {
      expect(run.stdout).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
    expect(run.stderr).toContain('Access denied');
    // a clear explanation, not only the driver's error: which database, and what to check
    expect(run.stderr).toMatch(/agent database/);
    expect(run.stderr).toContain('AGENT_DB_URL');
    for (const db of DATABASE_NAMES) expect(await s.tables(db)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtSet } from '../support/e2e-helpers.js';
import { runAppProcess, runCliProcess } from '../support/processes.js';
import { DRIFT_REPORT_DELAY_MS } from '../../src/version-guard/nest/version-guard.service.js';
import { runApp, runCli } from '../support/in-process.js';
import { createLegacySqliteDatabase } from '../helpers/legacy-sqlite.js';
import { describeMysql, mysqlPair } from '../support/mysql-databases.js';
import { appliedRevisions, fileHash, readDb, sqliteEnv, tempDir, writeDb } from '../support/sqlite-files.js';

/** Two databases created at head in a fresh directory. */
async function atHead(extra: Record<string, string> = {}) {
  const dir = tempDir('ops-');
  const env = sqliteEnv(dir, extra);
  const first = await runApp({ cwd: dir, env });
  expect(first.started, first.stderr).toBe(true);
  return { dir, env, agent: env.AGENT_DB_PATH, ops: env.OPS_DB_PATH };
}

/** Puts the agent database one revision behind. */
async function behind(dir: string, env: Record<string, string>) {
  const down = await runCli(['downgrade', '-1', '--db', 'agent'], { cwd: dir, env: { ...env, DB_BACKUP_BEFORE_UPGRADE: 'false' } });
  expect(down.exitCode, down.stderr).toBe(0);
}

/** Resolves once `done()` holds (checked every 20 ms); throws after `withinMs`. */
async function until(done: () => boolean, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not done within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const backupsOf = (dir: string, file: string) => readdirSync(dir).filter((name) => name.startsWith(`${file}.`) && name.endsWith('.bak')).sort();

describe.concurrent('operability', () => {
  it('LOG_FORMAT=json: every line is a JSON object; guard events carry database, from, to, revision, duration', async () => {
    const dir = tempDir('json-');
    const run = await runApp({ cwd: dir, env: sqliteEnv(dir, { LOG_FORMAT: 'json' }) });
    expect(run.started).toBe(true);
    const records = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(5);
    const plan = records.find((r) => r.event === 'upgrade_plan' && r.database === 'agent');
    expect(plan).toMatchObject({ level: 'log', from: [], count: builtSet('agent').ids.length });
    expect((plan?.to as string[])[0]).toMatch(/^[0-9a-f]{12}$/);
    const applied = records.filter((r) => r.event === 'revision_applied' && r.database === 'ops');
    expect(applied).toHaveLength(builtSet('ops').ids.length);
    for (const r of applied) {
      expect(r.revision).toMatch(/^[0-9a-f]{12}$/);
      expect(typeof r.duration).toBe('number');
    }
    expect(records.find((r) => r.event === 'upgraded' && r.database === 'ops')).toMatchObject({ count: builtSet('ops').ids.length });

    const again = await runApp({ cwd: dir, env: sqliteEnv(dir, { LOG_FORMAT: 'json' }) });
    const upToDate = again.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.event === 'up_to_date');
    expect(upToDate.map((r) => r.database)).toEqual(['agent', 'ops']);
    expect(String(upToDate[0].message)).toContain('✅ agent database: version is already up to date');
  });

  it('LOG_FORMAT=json: a refusal is written as JSON objects on stderr', async () => {
    const { dir, env } = await atHead();
    await behind(dir, env);
    const run = await runApp({ cwd: dir, env: { ...env, LOG_FORMAT: 'json' } });
    expect(run.exitCode).toBe(1);
    const refusal = JSON.parse(run.stderr.trim().split('\n')[0]) as Record<string, unknown>;
    expect(refusal).toMatchObject({ level: 'error', event: 'refused', database: 'agent', state: 'behind' });
    expect(String(refusal.help)).toContain('npm run db -- upgrade --db agent');
  });

  it('backs a SQLite database up before upgrading it: a valid database at the old revision; 3 are kept', async () => {
    const { dir, env, agent } = await atHead();
    expect(backupsOf(dir, 'agent.db')).toEqual([]); // an empty database is not backed up
    // four upgrades: one more than are kept
    for (let i = 0; i < 4; i++) {
      await behind(dir, env);
      const old = appliedRevisions(agent);
      const run = await runApp({ cwd: dir, env, args: ['--migrate'] });
      expect(run.started, run.stderr).toBe(true);
      expect(run.stdout).toContain('agent database: backed up to');
      const newest = backupsOf(dir, 'agent.db').at(-1)!;
      expect(newest).toContain(`.${old.at(-1)}.`);
      expect(appliedRevisions(join(dir, newest))).toEqual(old);
    }
    expect(backupsOf(dir, 'agent.db')).toHaveLength(3);
    expect(readDb(join(dir, backupsOf(dir, 'agent.db')[0]), (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
  }, 180_000);

  it('a backup that cannot be written refuses the upgrade and leaves the database unchanged', async () => {
    const { dir, env, agent } = await atHead();
    await behind(dir, env);
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, 'x');
    const before = fileHash(agent);
    const run = await runApp({ cwd: dir, env: { ...env, DB_BACKUP_DIR: join(blocker, 'backups') }, args: ['--migrate'] });
    expect(run.started).toBe(false);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('agent database: the backup before upgrading could not be written');
    expect(run.stderr).toContain('DB_BACKUP_BEFORE_UPGRADE=false');
    expect(fileHash(agent)).toBe(before);
  });

  it('INDEX_MANAGER_TYPE is recorded on first start; a later change is refused, except under off', async () => {
    const { dir, env, agent } = await atHead();
    const recorded = readDb(agent, (db) => db.prepare("select value from schema_guard_setting where name = 'index_manager_type'").get());
    expect(recorded).toEqual({ value: 'chroma' });
    const before = fileHash(agent);
    const changed = await runApp({ cwd: dir, env: { ...env, INDEX_MANAGER_TYPE: 'milvus' } });
    expect(changed.exitCode).toBe(1);
    expect(changed.started).toBe(false);
    expect(changed.stderr).toContain('INDEX_MANAGER_TYPE is milvus, but this deployment\'s data was created with chroma');
    expect(changed.stderr).toContain('set INDEX_MANAGER_TYPE=chroma');
    expect(fileHash(agent)).toBe(before);
    const auto = await runApp({ cwd: dir, env: { ...env, INDEX_MANAGER_TYPE: 'milvus' }, args: ['--migrate'] });
    expect(auto.exitCode).toBe(1);
    const off = await runApp({ cwd: dir, env: { ...env, INDEX_MANAGER_TYPE: 'milvus', DB_UPGRADE_POLICY: 'off' } });
    expect(off.started).toBe(true);
    expect(off.stdout).toContain('INDEX_MANAGER_TYPE is milvus');
  });

  it('warns that data never moves across database types', async () => {
    const { dir, env } = await atHead();
    const run = await runApp({ cwd: dir, env: { ...env, AGENT_DB_URL: 'mysql://app:pw@127.0.0.1:1/agent' } });
    expect(run.started).toBe(true);
    expect(run.stdout).toContain('DB_TYPE=sqlite, but AGENT_DB_URL/OPS_DB_URL are set');
    expect(run.stdout).toContain('data never moves across database types');
    expect(run.stdout).not.toContain(':pw@');
  });

  it('SIGTERM shuts down gracefully, closing both database connections', async () => {
    const { dir, env } = await atHead();
    const run = await runApp({ cwd: dir, env });
    expect(run.started).toBe(true);
    expect(run.signal ?? 'exited').not.toBe('SIGKILL');
    expect(run.stdout).toContain('closed the agent and ops database connections');
  });

  it('the built app and CLI keep V8 compile cache in <tmpdir>/node-compile-cache; NODE_DISABLE_COMPILE_CACHE=1 turns it off', async () => {
    const dir = tempDir('compile-cache-');
    const tmp = (name: string) => {
      mkdirSync(join(dir, name));
      return join(dir, name);
    };
    const [app, cli, disabled] = [tmp('app'), tmp('cli'), tmp('disabled')];
    // the suite's own NODE_COMPILE_CACHE (empty: unset) would name another directory
    const env = (extra: Record<string, string>) => sqliteEnv(dir, { NODE_COMPILE_CACHE: '', ...extra });
    const cachedFiles = (root: string) => readdirSync(root, { recursive: true }).filter((name) => String(name).startsWith('node-compile-cache/'));

    const started = await runAppProcess({ cwd: dir, env: env({ TMPDIR: app }), args: ['--migrate-only'] });
    const status = await runCliProcess(['status'], { cwd: dir, env: env({ TMPDIR: cli }) });
    const uncached = await runCliProcess(['status'], { cwd: dir, env: env({ TMPDIR: disabled, NODE_DISABLE_COMPILE_CACHE: '1' }) });

    for (const run of [started, status, uncached]) expect(run.exitCode, run.stderr).toBe(0);
    expect(cachedFiles(app).length).toBeGreaterThan(3);
    expect(cachedFiles(cli).length).toBeGreaterThan(3);
    expect(readdirSync(disabled)).toEqual([]);
  });
});

describe('warnings that do not stop the start', () => {
  it('schema drift at start is logged as a warning with the differences once the app serves', async () => {
    const { dir, env, agent } = await atHead();
    writeDb(agent, (db) => db.exec('alter table agent add column added_by_hand text'));
    const servedAt: number[] = [];
    const run = await runApp({
      cwd: dir,
      env,
      whileRunning: async (_port, printed) => {
        servedAt.push(Date.now());
        await until(() => printed().includes('column agent.added_by_hand: in the database, not in the entities'), 20_000);
        servedAt.push(Date.now());
      },
    });
    expect(run.started, run.stderr).toBe(true);
    expect(run.stdout).toContain('agent database: the schema differs from the entities at head');
    expect(run.stdout).not.toContain('ops database: the schema differs');
    // not while the first probes and requests arrive (reported at once, it came within about 50 ms)
    expect(servedAt[1] - servedAt[0]).toBeGreaterThanOrEqual(DRIFT_REPORT_DELAY_MS / 2);
  });

  it('an app stopped right after its start never runs the drift report, and closes both connections', async () => {
    const { dir, env, agent } = await atHead();
    writeDb(agent, (db) => db.exec('alter table agent add column added_by_hand text'));
    const run = await runApp({ cwd: dir, env });
    expect(run.started, run.stderr).toBe(true);
    expect(run.stdout).not.toContain('the schema differs');
    expect(run.stdout).toContain('closed the agent and ops database connections');
  });

  it('a legacy database with a table of no release is upgraded, and the table is named in a warning', async () => {
    const dir = tempDir('extra-');
    const env = sqliteEnv(dir);
    createLegacySqliteDatabase(env.AGENT_DB_PATH, 'agent', '0.1.2');
    writeDb(env.AGENT_DB_PATH, (db) => db.exec("create table team_notes (id integer primary key, body text); insert into team_notes (body) values ('kept')"));
    const run = await runApp({ cwd: dir, env, args: ['--migrate'] });
    expect(run.started, run.stderr).toBe(true);
    expect(run.stdout).toContain('agent database: tables that belong to no release are left as they are: team_notes');
    expect(readDb(env.AGENT_DB_PATH, (db) => db.prepare('select body from team_notes').all())).toEqual([{ body: 'kept' }]);
  });
});

describeMysql('database type switch on MySQL', () => {
  it('DB_TYPE=mysql while the SQLite files hold data: a warning that data never moves, then a normal start', async ({ onTestFinished }) => {
    const { dir, env } = await atHead();
    const pair = await mysqlPair();
    onTestFinished(() => pair.drop());
    const run = await runApp({ cwd: dir, env: { ...pair.env, AGENT_DB_PATH: env.AGENT_DB_PATH, OPS_DB_PATH: env.OPS_DB_PATH } });
    expect(run.started, run.stderr).toBe(true);
    expect(run.stdout).toContain(`DB_TYPE=mysql, but SQLite files with data exist (${env.AGENT_DB_PATH}, ${env.OPS_DB_PATH})`);
    expect(run.stdout).toContain('data never moves across database types');
  });
});

describe('port in use', () => {
  it('a taken port is reported in one clear message, exit 1', async () => {
    const { dir, env } = await atHead();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await runApp({ cwd: dir, env: { ...env, PORT: String(port) } });
      expect(run.exitCode).toBe(1);
      expect(run.started).toBe(false);
      expect(run.stderr).toContain(`❌ port ${port} is already in use by another process`);
      expect(run.stderr).toContain('set PORT to a free port');
      expect(run.stderr).not.toMatch(/^\s+at /m);
    } finally {
      blocker.close();
    }
  });
});

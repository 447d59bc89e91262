import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_NAMES, type DatabaseName } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { newRevisionId } from '../support/migration-fixtures.js';
import { describeMysql } from '../support/mysql-databases.js';
import {
  createTable,
  loadLegacySchema,
  mysqlChain,
  mysqlHead,
  mysqlReleaseRevision,
  mysqlScenario,
  pairSnapshot,
  printed,
  RAW_MYSQL_ERROR,
  tableRows,
  type MysqlScenario,
} from '../support/mysql-scenarios.js';
import { BASELINES_DIR } from '../support/paths.js';
import { freePort, type ProcessResult } from '../support/processes.js';
import { runCli } from '../support/in-process.js';
import { tempDir } from '../support/sqlite-files.js';

const STATUS_KEYS = ['name', 'dialect', 'state', 'current', 'heads', 'pending', 'legacyRelease'];

interface StatusDoc {
  databases: { name: string; dialect: string; state: string; current: string[]; heads: string[]; pending: string[]; legacyRelease: string | null }[];
}

/** The one JSON document a `--json` command printed, checked against the SPEC §6 shape. */
function statusDoc(result: ProcessResult): StatusDoc {
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines, printed(result)).toHaveLength(1);
  const doc = JSON.parse(lines[0]) as StatusDoc;
  expect(Object.keys(doc)).toEqual(['databases']);
  for (const db of doc.databases) expect(Object.keys(db)).toEqual(STATUS_KEYS);
  return doc;
}

/** Runs a CLI command that must exit 0. */
async function ok(s: MysqlScenario, args: string[]): Promise<ProcessResult> {
  const result = await s.cli(args);
  expect(result.exitCode, `db ${args.join(' ')}\n${printed(result)}`).toBe(0);
  return result;
}

/** The `create table user_message` statement of the v0.1.2 agent baseline. */
const USER_MESSAGE_DDL = readFileSync(join(BASELINES_DIR, 'mysql', 'agent', 'v0.1.2.sql'), 'utf8')
  .split('\n')
  .find((line) => line.startsWith('create table `user_message`'))!;

/** Each table's `show create table` as sorted lines (trailing commas dropped). */
const linesOf = (schema: Record<string, string>) =>
  Object.fromEntries(Object.entries(schema).map(([table, ddl]) => [table, ddl.split('\n').map((l) => l.trim().replace(/,$/, '')).sort()]));

describeMysql.concurrent('db CLI on MySQL', { timeout: 180_000 }, () => {
  it('status and check: SPEC §6 JSON and exit statuses 0 / 1 / 2', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);

    const empty = await s.cli(['status', '--json']);
    expect(empty.exitCode, printed(empty)).toBe(0);
    expect(statusDoc(empty).databases).toEqual(
      DATABASE_NAMES.map((name) => ({
        name,
        dialect: 'mysql',
        state: 'empty',
        current: [],
        heads: [mysqlHead(name)],
        pending: mysqlChain(name),
        legacyRelease: null,
      })),
    );
    const checkEmpty = await s.cli(['check', '--json']);
    expect(checkEmpty.exitCode).toBe(1);
    expect(statusDoc(checkEmpty).databases.map((d) => d.state)).toEqual(['empty', 'empty']);
    expect(await s.tables('agent')).toEqual([]);

    await ok(s, ['upgrade']);
    const checkHead = await s.cli(['check', '--json']);
    expect(checkHead.exitCode).toBe(0);
    expect(statusDoc(checkHead).databases).toEqual(
      DATABASE_NAMES.map((name) => ({
        name,
        dialect: 'mysql',
        state: 'up_to_date',
        current: [mysqlHead(name)],
        heads: [mysqlHead(name)],
        pending: [],
        legacyRelease: null,
      })),
    );
    const text = await ok(s, ['status', '--db', 'ops']);
    expect(text.stdout).toContain('ops database (mysql): up_to_date');
    expect(text.stdout).not.toContain('agent database');

    const unknown = newRevisionId();
    await s.with('ops', (c) => c.query('insert into mikro_orm_migrations (name) values (?)', [unknown]));
    const status = await s.cli(['status', '--json']);
    expect(status.exitCode).toBe(0);
    expect(statusDoc(status).databases[1]).toMatchObject({ name: 'ops', state: 'ahead', current: [mysqlHead('ops'), unknown] });
    const checkAhead = await s.cli(['check', '--json']);
    expect(checkAhead.exitCode).toBe(2);
    expect(statusDoc(checkAhead).databases.map((d) => d.state)).toEqual(['up_to_date', 'ahead']);
    expect((await s.cli(['check', '--db', 'agent'])).exitCode).toBe(0);
  });

  it('upgrade +1, upgrade, downgrade -1, downgrade <rev>, downgrade base (protected user_message kept)', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);
    await s.with('agent', async (c) => {
      await c.query(USER_MESSAGE_DDL);
      await c.query("insert into user_message values ('m1', 's1', 'user', 'hello', '2025-01-01 00:00:00')");
    });
    const userMessage = await s.with('agent', async (c) => ({ ddl: await createTable(c, 'user_message'), rows: await tableRows(c, 'user_message') }));

    const first = await ok(s, ['upgrade', '+1']);
    const atRoot: Partial<Record<DatabaseName, Record<string, string>>> = {};
    for (const db of DATABASE_NAMES) {
      expect(await s.applied(db)).toEqual([mysqlChain(db)[0]]);
      expect(first.stdout).toContain(`${db} database: applied ${mysqlChain(db)[0]} `);
      atRoot[db] = await s.userSchema(db);
    }

    await ok(s, ['upgrade']);
    const atHead: Partial<Record<DatabaseName, Record<string, string>>> = {};
    for (const db of DATABASE_NAMES) {
      expect(await s.applied(db)).toEqual(mysqlChain(db));
      atHead[db] = await s.userSchema(db);
      // the ops history after its root is a release marker only (13377a900fe2)
      if (db === 'agent') expect(atHead[db]).not.toEqual(atRoot[db]);
    }

    const down = await ok(s, ['downgrade', '-1']);
    for (const db of DATABASE_NAMES) {
      expect(await s.applied(db)).toEqual(mysqlChain(db).slice(0, -1));
      expect(down.stdout).toContain(`${db} database: reverted ${mysqlHead(db)} `);
      if (db === 'agent') expect(await s.userSchema(db)).not.toEqual(atHead[db]);
    }
    await ok(s, ['upgrade']);
    for (const db of DATABASE_NAMES) expect(await s.userSchema(db)).toEqual(atHead[db]);

    await ok(s, ['downgrade', '--db', 'agent', mysqlChain('agent')[0]]);
    expect(await s.applied('agent')).toEqual([mysqlChain('agent')[0]]);
    // a unique key put back by a down (idx_session_key) is listed last: compare each table's lines as a set
    expect(linesOf(await s.userSchema('agent'))).toEqual(linesOf(atRoot.agent!));
    expect(await s.applied('ops')).toEqual(mysqlChain('ops'));

    const base = await ok(s, ['downgrade', 'base']);
    expect(base.stdout).toContain('agent database: now at base');
    for (const db of DATABASE_NAMES) {
      expect(await s.applied(db)).toEqual([]);
      const tables = await s.tables(db);
      expect(tables).toContain('mikro_orm_migrations');
      expect(tables.filter((t) => !GUARD_TABLES.includes(t))).toEqual(db === 'agent' ? ['user_message'] : []);
    }
    expect(await s.with('agent', async (c) => ({ ddl: await createTable(c, 'user_message'), rows: await tableRows(c, 'user_message') }))).toEqual(userMessage);
  });

  it('stamp head, stamp base and stamp <rev> record revisions without running any DDL', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);

    const head = await ok(s, ['stamp', 'head']);
    for (const db of DATABASE_NAMES) {
      expect(await s.applied(db)).toEqual(mysqlChain(db));
      expect(await s.userSchema(db)).toEqual({});
      expect(head.stdout).toContain(`${db} database: stamped at ${mysqlHead(db)} (${mysqlChain(db).length} recorded, 0 removed; no migration ran)`);
    }
    expect(statusDoc(await s.cli(['status', '--json'])).databases.map((d) => d.state)).toEqual(['up_to_date', 'up_to_date']);

    await ok(s, ['stamp', 'base']);
    for (const db of DATABASE_NAMES) {
      expect(await s.applied(db)).toEqual([]);
      expect(await s.userSchema(db)).toEqual({});
    }

    await ok(s, ['upgrade']);
    const schema = { agent: await s.userSchema('agent'), ops: await s.userSchema('ops') };
    const target = mysqlChain('agent')[1];
    const stamped = await ok(s, ['stamp', '--db', 'agent', target]);
    expect(stamped.stdout).toContain(`agent database: stamped at ${target} (0 recorded, ${mysqlChain('agent').length - 2} removed; no migration ran)`);
    expect(await s.applied('agent')).toEqual(mysqlChain('agent').slice(0, 2));
    expect(await s.applied('ops')).toEqual(mysqlChain('ops'));
    for (const db of DATABASE_NAMES) expect(await s.userSchema(db)).toEqual(schema[db]);
    expect(statusDoc(await s.cli(['status', '--json', '--db', 'agent'])).databases[0]).toMatchObject({
      state: 'behind',
      current: [target],
      pending: mysqlChain('agent').slice(2),
    });
  });

  it('detect: a recognised legacy database exits 0, an unrecognised one exits 1 naming the missing table; nothing is written', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);
    for (const db of DATABASE_NAMES) await s.with(db, (c) => loadLegacySchema(c, db, '0.1.3'));
    const legacy = await pairSnapshot(s);

    const recognised = await s.cli(['detect']);
    expect(recognised.exitCode, printed(recognised)).toBe(0);
    for (const db of DATABASE_NAMES) {
      expect(recognised.stdout).toContain(`${db} database: created by release 0.1.3; its revision id is ${mysqlReleaseRevision(db, '0.1.3')}`);
    }
    expect(await pairSnapshot(s)).toEqual(legacy);

    await s.with('agent', (c) => c.query('drop table knowledge_base'));
    const broken = await pairSnapshot(s);
    const unrecognised = await s.cli(['detect']);
    expect(unrecognised.exitCode, printed(unrecognised)).toBe(1);
    expect(unrecognised.stdout).toContain('agent database: unrecognised: no release schema is complete');
    expect(unrecognised.stdout).toMatch(/Nearest release: 0\.1\.\d; missing: .*table knowledge_base/);
    expect(unrecognised.stdout).toContain(`ops database: created by release 0.1.3`);
    expect(await pairSnapshot(s)).toEqual(broken);
    for (const db of DATABASE_NAMES) expect(await s.tables(db)).not.toContain('mikro_orm_migrations');
  });

  it('status and check exit 2 with a clear message when the server is unreachable', async () => {
    const port = await freePort();
    const env = {
      DB_TYPE: 'mysql',
      AGENT_DB_URL: `mysql://root@127.0.0.1:${port}/nowhere_agent`,
      OPS_DB_URL: `mysql://root@127.0.0.1:${port}/nowhere_ops`,
    };
    for (const command of ['status', 'check']) {
      const run = await runCli([command, '--json'], { cwd: tempDir('mysql-cli-'), env });
      expect(run.exitCode, printed(run)).toBe(2);
      expect(run.stdout).toBe('');
      // the app's own message for a database it cannot reach
      expect(run.stderr).toContain(`❌ agent database: cannot open mysql://root@127.0.0.1:${port}/nowhere_agent (`);
      expect(run.stderr).toContain('ECONNREFUSED');
      expect(run.stderr).toContain('AGENT_DB_URL');
      for (const pattern of RAW_MYSQL_ERROR) expect(run.stderr).not.toMatch(pattern);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliCommand, faultMessages } from '../../src/version-guard/core/messages/index.js';
import { mysqlTarget, postgresqlTarget, sqliteTarget, type DbTarget } from '../support/db-targets.js';
import { databaseName } from '../support/guard-targets.js';
import { adminConnection, mysqlServerUrl, mysqlUserWith } from '../support/mysql-databases.js';
import { postgresClient, postgresRoleWith, postgresServerUrl } from '../support/postgres-databases.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { fileHash, tempDir } from '../support/sqlite-files.js';
import { runApp } from '../support/in-process.js';
import { unansweringAddress, whyNoNetworkNamespaces } from '../support/network-namespace.js';
import { builtIds, dbInProcess, directoryState, mysqlDatabasesLike, rawErrorLines, targetState } from '../support/fault-harness.js';

const DIALECTS = [
  { name: 'sqlite', make: sqliteTarget, available: true },
  { name: 'mysql', make: mysqlTarget, available: mysqlServerUrl !== null },
] as const;

type Finish = (fn: () => Promise<void> | void) => void;

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available).concurrent(`faults on ${dialect.name}`, () => {
    async function setUp(onTestFinished: Finish): Promise<DbTarget> {
      const target = await dialect.make();
      onTestFinished(() => target.cleanup());
      return target;
    }

    function fixture(onTestFinished: Finish): string {
      const root = copyBuiltMigrations();
      onTestFinished(() => removeFixture(root));
      return root;
    }

    it('point 1: a recorded revision implies its ancestors; nothing re-runs, nothing is recorded twice', async ({ onTestFinished }) => {
      const { head, parentOfHead, ids } = builtIds(dialect.name, 'agent');
      const cases = {
        'only the head row left': `delete from mikro_orm_migrations where name <> '${head}'`,
        "a parent's row deleted": `delete from mikro_orm_migrations where name = '${parentOfHead}'`,
        'the table emptied at head': 'delete from mikro_orm_migrations',
      };
      for (const [label, damage] of Object.entries(cases)) {
        const target = await setUp(onTestFinished);
        expect((await dbInProcess(['upgrade'], target.env)).exitCode, label).toBe(0);
        await target.exec('agent', damage);
        const before = await targetState(target);
        for (let attempt = 0; attempt < 2; attempt++) {
          const run = await dbInProcess(['upgrade', '--db', 'agent'], target.env);
          expect(run.exitCode, `${label}: ${run.stderr}`).toBe(0);
          expect(run.stdout, label).toBe(`agent database: nothing to apply, already at ${head}`);
          expect(rawErrorLines(run.stderr + run.stdout), label).toEqual([]);
        }
        const status = await dbInProcess(['status', '--json', '--db', 'agent'], target.env);
        expect(JSON.parse(status.stdout).databases[0], label).toMatchObject({ name: 'agent', state: 'up_to_date', current: [head], pending: [] });
        expect(await targetState(target), label).toEqual(before);
        expect(ids).toContain(parentOfHead);
      }
    });

    it('point 4: downgrade to a revision that is not applied is refused on a branched history', async ({ onTestFinished }) => {
      const target = await setUp(onTestFinished);
      const root = fixture(onTestFinished);
      const { head } = builtIds(dialect.name, 'agent');
      const [a, b, d, e, m] = Array.from({ length: 5 }, () => newRevisionId());
      const branch = (id: string, parents: string[]) =>
        addRevision(root, `${dialect.name}/agent` as never, { id, parents, message: `feat: branch ${id}`, up: [`create table fx_${id} (id int)`], down: [`drop table fx_${id}`] });
      branch(a, [head]);
      branch(b, [a]);
      branch(d, [head]);
      branch(e, [d]);
      branch(m, [b, e]);
      const env = { ...target.env, DB_MIGRATIONS_DIR: root };
      const up = await dbInProcess(['upgrade', b, '--db', 'agent'], env);
      expect(up.exitCode, up.stderr).toBe(0);
      const before = await targetState(target);

      const run = await dbInProcess(['downgrade', e, '--db', 'agent'], env);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        [`❌ agent database: cannot downgrade to ${e}: it is not applied (the database is at ${b})`, `   Fix: ${faultMessages.notAppliedHelp('agent')}`].join('\n'),
      );
      expect(rawErrorLines(run.stderr)).toEqual([]);
      expect(await targetState(target)).toEqual(before);
      expect(await target.tables('agent')).toEqual(expect.arrayContaining([`fx_${a}`, `fx_${b}`]));
    });

    it('point 9: a bookkeeping row without a name is reported as damaged bookkeeping', async ({ onTestFinished }) => {
      const target = await setUp(onTestFinished);
      expect((await dbInProcess(['upgrade'], target.env)).exitCode).toBe(0);
      await target.exec('agent', `insert into mikro_orm_migrations (name, executed_at) values ('', current_timestamp)`);
      const before = await targetState(target);
      // status and check exit 2 when they cannot read a database (SPEC §6); upgrade fails with 1
      for (const [command, exitCode] of [['status', 2], ['check', 2], ['upgrade', 1]] as const) {
        const run = await dbInProcess([command, '--db', 'agent'], target.env);
        expect(run.exitCode, command).toBe(exitCode);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(
          [
            `❌ ${faultMessages.damagedBookkeeping('agent', 'mikro_orm_migrations', 1)}`,
            `   Fix: ${faultMessages.damagedBookkeepingHelp('agent', 'mikro_orm_migrations')}`,
          ].join('\n'),
        );
        expect(run.stderr).toContain('agent database: the bookkeeping table mikro_orm_migrations is damaged: 1 row has no revision name');
        expect(rawErrorLines(run.stderr)).toEqual([]);
      }
      expect(await targetState(target)).toEqual(before);
    });
  });
}

describe.concurrent('faults on sqlite only', () => {
  it('point 1: a failed SQLite revision leaves nothing behind, bookkeeping and checksum rows included', async ({ onTestFinished }) => {
    const target = await sqliteTarget();
    const root = copyBuiltMigrations();
    onTestFinished(() => removeFixture(root));
    const { head } = builtIds('sqlite', 'agent');
    const id = newRevisionId();
    addRevision(root, 'sqlite/agent', { id, parents: [head], message: 'feat: fails', up: ['create table fx_first (id int)', 'insert into no_such_table values (1)'], down: [] });
    const env = { ...target.env, DB_MIGRATIONS_DIR: root };
    expect((await dbInProcess(['upgrade', head, '--db', 'agent'], env)).exitCode).toBe(0);
    const before = await targetState(target);
    for (let attempt = 0; attempt < 3; attempt++) {
      const run = await dbInProcess(['upgrade', '--db', 'agent'], env);
      expect(run.exitCode).toBe(1);
      expect(run.stderr.split('\n')[0]).toBe('❌ agent database: upgrade failed (state: failed)');
      expect(run.stderr).toContain(`   Problem: agent database: upgrade failed at revision ${id} of sqlite_agent: `);
      expect(rawErrorLines(run.stderr.split('\n').filter((l) => !l.includes('Problem:')).join('\n'))).toEqual([]);
      const after = await targetState(target);
      expect(after['agent.tables']).toEqual(before['agent.tables']);
      expect(after['agent.bookkeeping']).toEqual(before['agent.bookkeeping']);
      expect(after['agent.checksums']).toEqual(before['agent.checksums']);
      expect(after['agent.failure']).toEqual([{ revision: id }]);
    }
  });

  it('point 3: read-only commands create neither the directory nor the files', async () => {
    const dir = tempDir('readonly-');
    const data = join(dir, 'data');
    const env = { DB_TYPE: 'sqlite', AGENT_DB_PATH: join(data, 'agent.db'), OPS_DB_PATH: join(data, 'ops.db') };
    const expected: Record<string, number> = { status: 0, 'status --json': 0, check: 1, 'check --drift': 1, detect: 0, 'upgrade --sql': 0 };
    for (const [command, exitCode] of Object.entries(expected)) {
      const run = await dbInProcess(command.split(' '), env);
      expect(run.exitCode, `${command}: ${run.stderr}`).toBe(exitCode);
      expect(rawErrorLines(run.stderr + run.stdout)).toEqual([]);
      expect(directoryState(data), command).toBeNull();
    }
    const json = await dbInProcess(['status', '--json'], env);
    expect(JSON.parse(json.stdout).databases.map((d: { state: string }) => d.state)).toEqual(['empty', 'empty']);
    const sql = await dbInProcess(['upgrade', '--sql', '--db', 'agent'], env);
    expect(sql.stdout.split('\n')[0]).toBe(`-- agent database (sqlite): ${builtIds('sqlite', 'agent').ids.length} revision(s) from empty to ${builtIds('sqlite', 'agent').head}`);
  });

  it('point 7: a database locked by another program is reported as such within DB_LOCK_TIMEOUT_S', async ({ onTestFinished }) => {
    const target = await sqliteTarget({ DB_LOCK_TIMEOUT_S: '1' });
    const { head, parentOfHead } = builtIds('sqlite', 'agent');
    expect((await dbInProcess(['upgrade', parentOfHead, '--db', 'agent'], target.env)).exitCode).toBe(0);
    const file = target.env.AGENT_DB_PATH;
    for (const mode of ['IMMEDIATE', 'EXCLUSIVE']) {
      const holder = new Database(file);
      onTestFinished(() => void holder.close());
      holder.exec(`BEGIN ${mode}`);
      const before = fileHash(file);
      const started = Date.now();
      const run = await dbInProcess(['upgrade', '--db', 'agent'], target.env);
      const elapsed = Date.now() - started;
      holder.exec('ROLLBACK');
      holder.close();
      expect(run.exitCode, run.stderr).toBe(1);
      const cause = faultMessages.locked('agent', file, 1).replace('agent database: ', '');
      // BEGIN EXCLUSIVE blocks reading too: the upgrade stops before it starts
      const expected = mode === 'EXCLUSIVE' ? [`❌ ${faultMessages.locked('agent', file, 1)}`, `   Fix: ${faultMessages.lockedHelp()}`] : [
        '❌ agent database: upgrade failed (state: failed)',
        `   Current version: ${parentOfHead}`,
        `   Latest version: ${head}`,
        `   Problem: agent database: upgrade failed at revision ${head} of sqlite_agent: ${cause}; ${faultMessages.recordingFailedSame()}`,
        `   Fix: ${faultMessages.lockedHelp()}; then ${cliCommand('upgrade', 'agent')} or start again with --migrate`,
      ];
      expect(run.stderr.split('\n'), mode).toEqual(expected);
      expect(run.stderr).not.toContain('directory');
      expect(rawErrorLines(run.stderr)).toEqual([]);
      // one bounded wait to read or write, and at most one more to record the failure
      expect(elapsed).toBeLessThan(4_000);
      expect(fileHash(file)).toBe(before);
    }
    expect(await target.applied('agent')).not.toContain(head);
  });

  it('point 10: a damaged file points to the backups, not to the missing-directory fix', async () => {
    const target = await sqliteTarget();
    expect((await dbInProcess(['upgrade', '--db', 'ops'], target.env)).exitCode).toBe(0);
    const file = target.env.AGENT_DB_PATH;
    const valid = readFileSync(target.env.OPS_DB_PATH);
    const damaged = {
      SQLITE_NOTADB: Buffer.alloc(8192, 'not a database '),
      SQLITE_CORRUPT: Buffer.concat([valid.subarray(0, 100), Buffer.alloc(valid.length - 100, 0xa5)]),
    };
    for (const [label, bytes] of Object.entries(damaged)) {
      writeFileSync(file, bytes);
      for (const [command, exitCode] of [['status', 2], ['upgrade', 1]] as const) {
        const run = await dbInProcess([command, '--db', 'agent'], target.env);
        expect(run.exitCode, `${label} ${command}: ${run.stderr}`).toBe(exitCode);
        expect(run.stderr).toBe([`❌ ${faultMessages.damaged('agent', file)}`, `   Fix: ${faultMessages.damagedHelp(file)}`].join('\n'));
        expect(run.stderr).toContain('README, section "Backups"');
        expect(rawErrorLines(run.stderr)).toEqual([]);
        expect(readFileSync(file).equals(bytes), label).toBe(true);
      }
    }
  });

  it('point 8: connecting commands report an unusable SQLite path with the app\'s own message', async () => {
    const dir = tempDir('unusable-');
    writeFileSync(join(dir, 'plain-file'), 'x');
    const env = { DB_TYPE: 'sqlite', AGENT_DB_PATH: join(dir, 'plain-file', 'agent.db'), OPS_DB_PATH: join(dir, 'ops.db') };
    for (const command of [['upgrade'], ['downgrade', '-1'], ['stamp', 'head'], ['repair']]) {
      const run = await dbInProcess(command, env);
      expect(run.exitCode, run.stderr).toBe(2);
      expect(run.stderr.split('\n')[0]).toMatch(new RegExp(`^❌ agent database: cannot open ${join(dir, 'plain-file', 'agent.db').replace(/[./]/g, '\\$&')} \\(${join(dir, 'plain-file').replace(/[./]/g, '\\$&')} is not a directory: a part of that path is a file\\)$`));
      expect(run.stderr.split('\n')[1]).toBe('   Fix: check AGENT_DB_PATH and DB_TYPE: the file\'s directory must exist or be creatable, and be writable');
      expect(rawErrorLines(run.stderr)).toEqual([]);
      expect(directoryState(dir)).toEqual({ 'plain-file': expect.any(String) });
    }
  });
});

describe.concurrent('bad arguments (point 11)', () => {
  const long = 'x'.repeat(100_000);
  const cases: [string[], string][] = [
    [['revision', '-m', ''], 'db: revision message "" is refused: it must start with "feat:" or "fix:" followed by a description; e.g. -m "feat: add user status"'],
    [['revision'], 'db: revision message "" is refused: it must start with "feat:" or "fix:" followed by a description; e.g. -m "feat: add user status"'],
    [['revision', '-m', 'feat: x', '-d', 'nope'], 'db: unknown migration set "nope"; use one or more of: sqlite_agent, sqlite_ops, mysql_agent, mysql_ops, postgresql_agent, postgresql_ops'],
    [['merge', '-m', ''], 'db: revision message "" is refused: it must start with "feat:" or "fix:" followed by a description; e.g. -m "feat: add user status"'],
    [['nope'], "db: unknown command 'nope'"],
    [['status', '--nope'], "db: unknown option '--nope'"],
    [['revision', '-m', `feat\u001b[2J\nline two ${long}`], `db: revision message "feat\\u001b[2J\\nline two ${'x'.repeat(80 - 18)}"… is refused: it must start with "feat:" or "fix:" followed by a description; e.g. -m "feat: add user status"`],
    [['downgrade', `\u001b]0;t\u0007${long}`], `db: downgrade: "\\u001b]0;t\\u0007${'x'.repeat(80 - 6)}"… is not a revision; use -N, base or a revision id`],
  ];
  for (const [argv, line] of cases) {
    it(`${JSON.stringify(argv).slice(0, 60)}: one line, exit 2, no database opened`, async () => {
      const dir = tempDir('args-');
      const run = await dbInProcess(argv, { DB_TYPE: 'sqlite', AGENT_DB_PATH: join(dir, 'agent.db'), OPS_DB_PATH: join(dir, 'ops.db') });
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(line);
      expect(run.stderr.split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(directoryState(dir)).toEqual({});
    });
  }
});

describe.skipIf(mysqlServerUrl === null).concurrent('faults on mysql only', () => {
  const missingPair = () => {
    const prefix = `t_${newRevisionId()}`;
    return {
      prefix,
      env: { DB_TYPE: 'mysql', AGENT_DB_URL: `${mysqlServerUrl}/${prefix}_agent`, OPS_DB_URL: `${mysqlServerUrl}/${prefix}_ops` },
    };
  };

  it('point 3: read-only commands on databases that do not exist create nothing and report them empty', async () => {
    const { prefix, env } = missingPair();
    const expected: Record<string, number> = { status: 0, 'status --json': 0, check: 1, 'check --drift': 1, detect: 0, 'upgrade --sql': 0 };
    for (const [command, exitCode] of Object.entries(expected)) {
      const run = await dbInProcess(command.split(' '), env);
      expect(run.exitCode, `${command}: ${run.stderr}`).toBe(exitCode);
      expect(rawErrorLines(run.stderr + run.stdout)).toEqual([]);
      expect(await mysqlDatabasesLike(prefix), command).toEqual([]);
    }
    const json = await dbInProcess(['status', '--json'], env);
    expect(JSON.parse(json.stdout).databases.map((d: { name: string; state: string }) => [d.name, d.state])).toEqual([
      ['agent', 'empty'],
      ['ops', 'empty'],
    ]);
    const sql = await dbInProcess(['upgrade', '--sql', '--db', 'agent'], env);
    const { ids, head } = builtIds('mysql', 'agent');
    expect(sql.stdout.split('\n')[0]).toBe(`-- agent database (mysql): ${ids.length} revision(s) from empty to ${head}`);
  });

  it('point 8: connecting commands use the app\'s unreachable-database message (refused connection, wrong password)', async () => {
    const { freePort } = await import('../support/processes.js');
    const port = await freePort();
    const server = new URL(mysqlServerUrl!);
    const cases = {
      refused: { url: `mysql://root:s3cret@127.0.0.1:${port}/nowhere_agent`, safe: `mysql://root:***@127.0.0.1:${port}/nowhere_agent` },
      denied: { url: `mysql://root:wrong-s3cret@${server.host}/nowhere_agent`, safe: `mysql://root:***@${server.host}/nowhere_agent` },
    };
    for (const [label, { url, safe }] of Object.entries(cases)) {
      const env = { DB_TYPE: 'mysql', AGENT_DB_URL: url, OPS_DB_URL: url.replace('nowhere_agent', 'nowhere_ops') };
      for (const command of [['upgrade'], ['downgrade', '-1'], ['stamp', 'head'], ['repair'], ['upgrade', '--sql'], ['status']]) {
        const run = await dbInProcess(command, env);
        const lines = run.stderr.split('\n');
        expect(run.exitCode, `${label} ${command.join(' ')}: ${run.stderr}`).toBe(2);
        expect(lines).toHaveLength(2);
        expect(lines[0].startsWith(`❌ agent database: cannot open ${safe} (`), `${label}: ${lines[0]}`).toBe(true);
        expect(lines[0]).toMatch(label === 'refused' ? /ECONNREFUSED/ : /Access denied/);
        expect(lines[1]).toBe('   Fix: check AGENT_DB_URL and DB_TYPE, and that the database server is running and reachable');
        expect(run.stderr).not.toContain('s3cret');
        expect(rawErrorLines(run.stderr)).toEqual([]);
      }
      expect(await mysqlDatabasesLike('nowhere_')).toEqual([]);
    }
  });

});

// An app's user often holds fewer privileges than the deploy job's: what it may and may not do
const SERVER_DIALECTS = [
  {
    name: 'mysql',
    make: mysqlTarget,
    available: mysqlServerUrl !== null,
    userWith: mysqlUserWith,
    sessionsOf: async (user: string) => {
      const c = await adminConnection();
      const [rows] = await c.query('select id from information_schema.processlist where user = ?', [user]).finally(() => c.end());
      return (rows as unknown[]).length;
    },
    dml: 'select, insert, update, delete',
    denied: (user: string) => `CREATE command denied to user '${user}'`,
    fix: (dbName: string) => `grant the user all privileges on ${dbName} (GRANT ALL ON \`${dbName}\`.* TO …), or use a user that has them`,
  },
  {
    name: 'postgresql',
    make: postgresqlTarget,
    available: postgresServerUrl !== null,
    userWith: postgresRoleWith,
    sessionsOf: async (user: string) => {
      const c = await postgresClient();
      return (await c.query('select pid from pg_stat_activity where usename = $1', [user]).finally(() => c.end())).rows.length;
    },
    dml: 'select, insert, update, delete',
    denied: () => 'permission denied for schema public',
    fix: (dbName: string) =>
      `to apply revisions, use the role that owns ${dbName} and its tables (PostgreSQL lets only a table's owner alter or drop one; CREATE on the schema suffices for revisions that only add tables); a user that starts the app at head needs only SELECT on them (GRANT SELECT ON ALL TABLES IN SCHEMA public TO …)`,
  },
] as const;

for (const dialect of SERVER_DIALECTS) {
  describe.skipIf(!dialect.available).concurrent(`a database user with fewer privileges on ${dialect.name}`, () => {
    /** The target at head, and a user of its databases holding only `privileges`: the settings that log in as it. */
    async function atHeadWithUser(onTestFinished: Finish, privileges: string) {
      const target = await dialect.make();
      onTestFinished(() => target.cleanup());
      expect((await dbInProcess(['upgrade'], target.env)).exitCode).toBe(0);
      const dbName = (db: 'agent' | 'ops') => databaseName(target, db);
      const user = await dialect.userWith(privileges, [dbName('agent'), dbName('ops')]);
      // after the databases: a role still granted something in one cannot be dropped
      onTestFinished(async () => {
        await target.cleanup();
        await user.drop();
      });
      const env = { AGENT_DB_URL: user.url(dbName('agent')), OPS_DB_URL: user.url(dbName('ops')) };
      return { target, env, dbName, userName: new URL(env.AGENT_DB_URL).username };
    }

    it('point 6: a revision an app\'s user (rows only) may not run is explained with this dialect\'s fix; it records the failure, nothing else changes', async ({ onTestFinished }) => {
      const { target, env, dbName, userName } = await atHeadWithUser(onTestFinished, dialect.dml);
      const root = copyBuiltMigrations();
      onTestFinished(() => removeFixture(root));
      const { head } = builtIds(dialect.name, 'agent');
      const id = newRevisionId();
      addRevision(root, `${dialect.name}/agent`, { id, parents: [head], message: 'feat: needs create', up: ['create table fx_denied (id int)'], down: ['drop table fx_denied'] });
      const before = await targetState(target);

      const run = await dbInProcess(['upgrade', '--db', 'agent'], { ...target.env, ...env, DB_MIGRATIONS_DIR: root });

      const lines = run.stderr.split('\n');
      expect(run.exitCode, run.stderr).toBe(1);
      expect(lines[0]).toBe('❌ agent database: upgrade failed (state: failed)');
      expect(lines[3]).toContain(`   Problem: agent database: upgrade failed at revision ${id} of ${dialect.name}_agent: the database user lacks a privilege this needs (`);
      expect(lines[3]).toContain(dialect.denied(userName));
      expect(lines[4]).toBe(`   Fix: ${dialect.fix(dbName('agent'))}, then try again (AGENT_DB_URL); then ${cliCommand('upgrade', 'agent')} or start again with --migrate`);
      // the failure table exists: a user who may write rows records the failure (`create table if not exists` would need more)
      expect(lines[3]).not.toContain('could not be recorded');
      expect(run.stderr).not.toContain('pw-s3cret');
      expect(rawErrorLines(run.stderr)).toEqual([]);
      expect(await targetState(target)).toEqual({ ...before, 'agent.failure': [{ revision: id }] });
    });

    it('a command a user holding only select may not complete (downgrade) is explained, and leaves no session of its own open', async ({ onTestFinished }) => {
      const { target, env, dbName, userName } = await atHeadWithUser(onTestFinished, 'select');
      const before = await targetState(target);

      const run = await dbInProcess(['downgrade', '-1', '--db', 'agent'], { ...target.env, ...env });

      expect(run.exitCode, run.stderr).toBe(1);
      expect(run.stderr).toContain('the database user lacks a privilege this needs (');
      expect(run.stderr).toContain(`Fix: ${dialect.fix(dbName('agent'))}, then try again (AGENT_DB_URL)`);
      expect(rawErrorLines(run.stderr)).toEqual([]);
      // (MySQL: the upgrade lock's connection, left open when its lease row could not be written,
      // kept a CLI process from ever exiting)
      expect(await dialect.sessionsOf(userName)).toBe(0);
      expect(await targetState(target)).toEqual(before);
    });

    // a deploy job upgrades with its own user (`db upgrade`); the replicas start under check with theirs
    it.for(['select', dialect.dml])('a user holding only %s: the app starts at head under check, warning about what it cannot record; `check` passes; nothing else changes', async (privileges, { onTestFinished }) => {
      const { target, env, userName } = await atHeadWithUser(onTestFinished, privileges);
      // as an earlier release left it: the lineage of the applied revisions not recorded
      await target.exec('agent', 'delete from schema_revision_lineage');
      const lineage = async () => (await target.rows('agent', 'select revision from schema_revision_lineage')).length;
      const before = await targetState(target);

      const restricted = await target.app({ env });
      const check = await dbInProcess(['check'], { ...target.env, ...env });

      expect(restricted.started, restricted.stderr).toBe(true);
      for (const db of ['agent', 'ops'] as const) expect(restricted.stdout).toContain(`✅ ${db} database: version is already up to date`);
      // the kind is recorded in a table of the guard's own, which this user may not create
      expect(restricted.stderr).toBe('');
      const warnings = restricted.stdout.split('\n').filter((line) => line.includes('⚠️'));
      // a user who may write rows records the lineage itself; one who may only read cannot
      const lineageWarning =
        '): the lineage of revisions applied by an earlier release is not recorded, so an older build treats them as unknown until a start that may write to this database records it';
      expect(warnings, restricted.stdout).toHaveLength(privileges === 'select' ? 2 : 1);
      if (privileges === 'select') expect(warnings[0]).toContain(lineageWarning);
      expect(await lineage()).toBe(privileges === 'select' ? 0 : target.chain('agent').length);
      const kindWarning = warnings.at(-1)!;
      expect(kindWarning).toContain('⚠️ agent database: the database user lacks a privilege this needs (');
      expect(kindWarning).toContain(dialect.denied(userName));
      expect(kindWarning).toContain(
        '): INDEX_MANAGER_TYPE=chroma is not recorded, so a later change of it goes unnoticed until a start that may create tables in the agent database records it',
      );
      expect(restricted.stdout).not.toContain('pw-s3cret');
      expect(check.exitCode, check.stderr).toBe(0);
      expect(await targetState(target)).toEqual(before);

      // once a start whose user may write has recorded it, the restricted start has nothing to say
      const privileged = await target.app();
      expect(privileged.stdout).toContain('agent database: recorded INDEX_MANAGER_TYPE=chroma for this deployment');
      expect(await lineage()).toBe(target.chain('agent').length);
      const again = await target.app({ env });
      expect(again.started, again.stderr).toBe(true);
      expect(`${again.stdout}${again.stderr}`).not.toContain('⚠️');
    });
  });
}

// A server whose packets are all dropped (a firewall, a wrong address in a private network) is
// never refused: without a bound, connecting waits for the system's TCP timeout, over two minutes.
const noSecondHost = await whyNoNetworkNamespaces();
if (noSecondHost) {
  if (process.env.CI) throw new Error(`the unanswering-server tests cannot run in CI: ${noSecondHost}`);
  console.warn(`\n⚠️  SKIPPED: the unanswering-server tests (${noSecondHost})\n`);
}

describe.runIf(!noSecondHost).concurrent.each(['mysql', 'postgresql'])('a %s server that never answers', (dialect) => {
  it('the CLI and the app give up within 10 s, reporting the database as unreachable', { timeout: 60_000 }, async ({ onTestFinished }) => {
    const server = await unansweringAddress();
    onTestFinished(() => server.remove());
    const url = (db: string) => `${dialect}://app:s3cret@${server.address}:3306/${db}`;
    const env = { DB_TYPE: dialect, AGENT_DB_URL: url('agent'), OPS_DB_URL: url('ops') };
    const started = Date.now();
    const [status, app] = await Promise.all([dbInProcess(['status'], env), runApp({ cwd: tempDir('unanswered-'), env })]);

    expect(Date.now() - started).toBeLessThan(25_000);
    expect(status.exitCode, status.stderr).toBe(2);
    expect(status.stderr).toContain(`❌ agent database: cannot open ${dialect}://app:***@${server.address}:3306/agent (`);
    expect(status.stderr).toContain('Fix: check AGENT_DB_URL and DB_TYPE, and that the database server is running and reachable');
    expect(app.exitCode, app.stderr).toBe(1);
    expect(app.started).toBe(false);
    expect(app.stderr.split('\n').filter((line) => line.startsWith('❌')).map((line) => line.split(' (')[0])).toEqual(
      ['agent', 'ops'].map((db) => `❌ ${db} database: cannot open ${dialect}://app:***@${server.address}:3306/${db}`),
    );
    for (const run of [status, app]) {
      expect(run.stderr).not.toContain('s3cret');
      expect(rawErrorLines(run.stderr)).toEqual([]);
    }
  });
});

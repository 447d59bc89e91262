import { expect, it } from 'vitest';
import { DATABASE_NAMES } from '../../src/version-guard/core/revision.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { describeMysql } from '../support/mysql-databases.js';
import {
  getJson,
  mysqlChain,
  mysqlHead,
  mysqlScenario,
  pairSnapshot,
  passwordUser,
  printed,
  refusalBlock,
  upToDateLines,
} from '../support/mysql-scenarios.js';

// The built app started as a process against MariaDB (DB_TYPE=mysql), SPEC §4.
describeMysql.concurrent('boot guard on MySQL', { timeout: 180_000 }, () => {
  it('creates empty databases to head, then a restart prints the three up-to-date lines for each', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);

    const first = await s.app();
    expect(first.started, printed(first)).toBe(true);
    for (const db of DATABASE_NAMES) expect(await s.applied(db)).toEqual(mysqlChain(db));

    const second = await s.app();
    expect(second.started, printed(second)).toBe(true);
    for (const db of DATABASE_NAMES) {
      expect(upToDateLines(second.stdout, db)).toEqual([
        `✅ ${db} database: version is already up to date`,
        `   Current version: ${mysqlHead(db)}`,
        `   Latest version: ${mysqlHead(db)}`,
      ]);
      expect(await s.applied(db)).toEqual(mysqlChain(db));
    }
    expect(second.stdout).not.toContain('applied ');
  });

  it('behind: the default check refuses naming the pending revisions and the fix, changing nothing; --migrate applies them', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);
    const up = await s.cli(['upgrade', '+1']);
    expect(up.exitCode, printed(up)).toBe(0);
    const before = await pairSnapshot(s);
    for (const db of DATABASE_NAMES) expect(before[db].applied).toEqual([mysqlChain(db)[0]]);

    const refused = await s.app();

    expect(refused.started).toBe(false);
    expect(refused.exitCode).toBe(1);
    for (const db of DATABASE_NAMES) {
      const [root, ...pending] = mysqlChain(db);
      expect(refusalBlock(refused.stderr, db)).toBe(
        [
          `❌ ${db} database: refusing to start (state: behind)`,
          `   Current version: ${root}`,
          `   Latest version: ${mysqlHead(db)}`,
          `   Problem: ${pending.length} pending revision${pending.length === 1 ? '' : 's'} not applied: ${pending.join(', ')} (DB_UPGRADE_POLICY=check)`,
          `   Fix: npm run db -- upgrade --db ${db}, or start once with --migrate (npm run start:migrate), or set DB_UPGRADE_POLICY=auto`,
        ].join('\n'),
      );
    }
    expect(await pairSnapshot(s)).toEqual(before);

    const migrated = await s.app({ args: ['--migrate'] });

    expect(migrated.started, printed(migrated)).toBe(true);
    for (const db of DATABASE_NAMES) {
      expect(await s.applied(db)).toEqual(mysqlChain(db));
      for (const id of mysqlChain(db).slice(1)) expect(migrated.stdout).toContain(`${db} database: applied ${id} `);
    }
  });

  it('ahead: an applied revision unknown to the code is refused, under check and --migrate', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);
    expect((await s.app()).started).toBe(true);
    const unknown = newRevisionId();
    await s.with('agent', (c) => c.query('insert into mikro_orm_migrations (name) values (?)', [unknown]));
    const before = await pairSnapshot(s);

    for (const args of [[], ['--migrate']]) {
      const run = await s.app({ args });
      expect(run.started).toBe(false);
      expect(run.exitCode).toBe(1);
      const block = refusalBlock(run.stderr, 'agent');
      expect(block).toContain('❌ agent database: refusing to start (state: ahead)');
      expect(block).toContain(`   Current version: ${mysqlHead('agent')},${unknown}`);
      expect(block).toContain(
        `   Problem: the database has revision ${unknown}, which this code does not know: it was upgraded by a newer release`,
      );
      expect(block).toContain('   Fix: start the newer release again, or downgrade with that release');
      expect(refusalBlock(run.stderr, 'ops')).toBe('');
      expect(await pairSnapshot(s)).toEqual(before);
    }
  });

  it('swapped URLs: both databases are refused as foreign, naming the set they belong to', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);
    expect((await s.app()).started).toBe(true);
    const before = await pairSnapshot(s);

    const run = await s.app({ args: ['--migrate'], env: { AGENT_DB_URL: s.env.OPS_DB_URL, OPS_DB_URL: s.env.AGENT_DB_URL } });

    expect(run.started).toBe(false);
    expect(run.exitCode).toBe(1);
    const agent = refusalBlock(run.stderr, 'agent');
    expect(agent).toContain('❌ agent database: refusing to start (state: foreign)');
    expect(agent).toContain(
      `   Problem: the database holds revision ${mysqlChain('ops').join(', ')} of the mysql_ops migration set, not mysql_agent`,
    );
    expect(agent).toContain('   Fix: point AGENT_DB_URL at the agent database');
    const ops = refusalBlock(run.stderr, 'ops');
    expect(ops).toContain('❌ ops database: refusing to start (state: foreign)');
    expect(ops).toContain('of the mysql_agent migration set, not mysql_ops');
    expect(await pairSnapshot(s)).toEqual(before);
  });

  it('two heads in the agent set: refused naming both heads and merge, nothing written', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished);
    const fixture = copyBuiltMigrations();
    onTestFinished(() => removeFixture(fixture));
    const heads = [newRevisionId(), newRevisionId()];
    for (const [i, id] of heads.entries()) {
      addRevision(fixture, 'mysql/agent', {
        id,
        parents: [mysqlHead('agent')],
        message: `feat: parallel work ${i}`,
        up: [`create table fx_parallel_${i} (id int)`],
        down: [`drop table fx_parallel_${i}`],
      });
    }

    const run = await s.app({ args: ['--migrate'], env: { DB_MIGRATIONS_DIR: fixture } });

    expect(run.started).toBe(false);
    expect(run.exitCode).toBe(1);
    const block = refusalBlock(run.stderr, 'agent');
    expect(block).toContain('❌ agent database: refusing to start (state: multiple_heads)');
    expect(block).toMatch(/Problem: the mysql_agent migration set has 2 heads \(/);
    for (const id of heads) expect(block).toContain(id);
    expect(block).toContain('   Fix: npm run db -- merge -m');
    for (const db of DATABASE_NAMES) expect(await s.tables(db)).toEqual([]);
  });

  it('policy off: starts with a warning; /health is 503 while behind and 200 at head', async ({ onTestFinished }) => {
    const s = await mysqlScenario(onTestFinished, { DB_UPGRADE_POLICY: 'off' });
    expect((await s.cli(['upgrade', '+1'])).exitCode).toBe(0);
    const before = await pairSnapshot(s);
    let health: Awaited<ReturnType<typeof getJson>> | undefined;

    const behind = await s.app({ whileRunning: async (port) => void (health = await getJson(port, '/health')) });

    expect(behind.started, printed(behind)).toBe(true);
    for (const db of DATABASE_NAMES) {
      expect(printed(behind)).toContain(`⚠️ ${db} database: version check skipped (DB_UPGRADE_POLICY=off); state behind`);
    }
    expect(health?.status).toBe(503);
    expect(health?.body.databases.map((d: { name: string; state: string }) => [d.name, d.state])).toEqual([
      ['agent', 'behind'],
      ['ops', 'behind'],
    ]);
    expect(health?.body.databases[0].pending).toEqual(mysqlChain('agent').slice(1));
    expect(await pairSnapshot(s)).toEqual(before);

    expect((await s.cli(['upgrade'])).exitCode).toBe(0);
    let healthAtHead: Awaited<ReturnType<typeof getJson>> | undefined;
    const atHead = await s.app({ whileRunning: async (port) => void (healthAtHead = await getJson(port, '/health')) });

    expect(atHead.started, printed(atHead)).toBe(true);
    expect(printed(atHead)).toContain('⚠️ agent database: version check skipped (DB_UPGRADE_POLICY=off); state up_to_date');
    expect(healthAtHead?.status).toBe(200);
    expect(healthAtHead?.body.status).toBe('ok');
    expect(healthAtHead?.body.databases).toEqual(
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
  });

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

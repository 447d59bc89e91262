import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { DB_TARGETS, type DbTarget } from '../support/db-targets.js';
import { spawnApp } from '../support/processes.js';
import { runApp, runCli } from '../support/in-process.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_MIGRATIONS } from '../support/paths.js';

const DIALECTS = DB_TARGETS;

/** The agent head of the built migrations for a dialect. */
function agentHead(dialect: string): string {
  const ids = readFileSync(join(BUILT_MIGRATIONS, dialect, 'agent', 'manifest.json'), 'utf8');
  const revisions = (JSON.parse(ids) as { revisions: { id: string; parents: string[] }[] }).revisions;
  const parents = new Set(revisions.flatMap((r) => r.parents));
  return revisions.find((r) => !parents.has(r.id))!.id;
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available).concurrent(`recovery on ${dialect.name}`, () => {
    // cleanups are per test: these tests run concurrently
    async function setUp(onTestFinished: (fn: () => Promise<void> | void) => void) {
      const target: DbTarget = await dialect.make();
      const fixture = copyBuiltMigrations();
      onTestFinished(() => target.cleanup());
      onTestFinished(() => removeFixture(fixture));
      // a short lease: a killed holder's lock (MySQL) is taken over after 5 s instead of 30
      const env = { ...target.env, DB_MIGRATIONS_DIR: fixture, DB_LOCK_LEASE_S: '5' };
      return { target, fixture, env, parent: agentHead(dialect.name) };
    }

    it('a revision that fails after its first statement is recorded as failed; a fixed retry reaches head', async ({ onTestFinished }) => {
      const { target, fixture, env, parent } = await setUp(onTestFinished);
      const first = await runApp({ cwd: target.cwd, env, args: ['--migrate'] });
      expect(first.started, first.stderr).toBe(true);
      const before = await target.applied('agent');
      const id = newRevisionId();
      const file = addRevision(fixture, `${dialect.name}/agent`, {
        id,
        parents: [parent],
        message: 'feat: fixture that fails',
        up: ['create table fx_first (id int)', 'insert into no_such_table values (1)'],
        down: ['drop table fx_first'],
      });

      const failed = await runApp({ cwd: target.cwd, env, args: ['--migrate'] });
      expect(failed.started).toBe(false);
      expect(failed.exitCode).toBe(1);
      expect(failed.stderr).toContain(`upgrade failed at revision ${id} of ${dialect.name}_agent: `);
      expect(failed.stderr).toContain('no_such_table');
      expect(await target.applied('agent')).toEqual(before);
      // with transactional DDL nothing of the failed revision remains
      if (dialect.name !== 'mysql') expect(await target.tables('agent')).not.toContain('fx_first');

      const status = await runCli(['status', '--json', '--db', 'agent'], { cwd: target.cwd, env });
      expect(JSON.parse(status.stdout).databases[0]).toMatchObject({ state: 'failed', pending: [id] });
      const refused = await runApp({ cwd: target.cwd, env });
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toContain('(state: failed)');
      expect(refused.stderr).toContain(id);

      // the fix: idempotent, so the part MySQL kept does not break the retry; shipped as a redeploy
      // ships it, in a file of its own, since this process has already imported the failing file's
      // module (a new process would import the same path afresh)
      rmSync(file);
      addRevision(fixture, `${dialect.name}/agent`, {
        id,
        parents: [parent],
        message: 'feat: fixture that fails',
        up: ['create table if not exists fx_first (id int)', 'insert into fx_first values (1)'],
        down: ['drop table fx_first'],
        slug: 'fixed',
      });
      const retried = await runApp({ cwd: target.cwd, env, args: ['--migrate'] });
      expect(retried.started, retried.stderr).toBe(true);
      expect(await target.applied('agent')).toEqual([...before, id]);
      // PostgreSQL returns a count as a string (bigint)
      expect((await target.rows('agent', 'select count(*) as n from fx_first')).map((r) => Number(r.n))).toEqual([1]);
    });

    it('a process killed in the middle of a slow upgrade is recovered by the next start, nothing applied twice, no row lost', async ({ onTestFinished }) => {
      const { target, fixture, env, parent } = await setUp(onTestFinished);
      expect((await runApp({ cwd: target.cwd, env, args: ['--migrate'] })).started).toBe(true);
      await target.exec('agent', "insert into agent (agent_id, space_id, agent_name) values ('a1', 's1', 'kept')");
      const before = await target.applied('agent');
      const first = newRevisionId();
      const slow = newRevisionId();
      addRevision(fixture, `${dialect.name}/agent`, {
        id: first,
        parents: [parent],
        message: 'feat: fixture before the slow one',
        up: ['create table fx_before (id int)'],
        down: ['drop table fx_before'],
      });
      addRevision(fixture, `${dialect.name}/agent`, {
        id: slow,
        parents: [first],
        message: 'feat: slow fixture',
        upPrelude:
          "if (!(await this.tableExists('fx_slow'))) await this.execute('create table fx_slow (id int)'); " +
          "if (process.env.FIXTURE_SLOW) { process.stdout.write('FIXTURE SLOW RUNNING\\n'); await new Promise((r) => setTimeout(r, 30000)); }",
        up: [],
        down: ['drop table fx_slow'],
      });

      const app = await spawnApp({ cwd: target.cwd, env: { ...env, FIXTURE_SLOW: '1' }, args: ['--migrate'] });
      await app.waitFor('FIXTURE SLOW RUNNING');
      app.kill('SIGKILL');
      await app.ended;
      expect(await target.applied('agent')).not.toContain(slow);

      const restarted = await runApp({ cwd: target.cwd, env, args: ['--migrate'] });
      expect(restarted.started, restarted.stderr).toBe(true);
      const applied = await target.applied('agent');
      expect(applied).toEqual([...before, first, slow]);
      expect(new Set(applied).size).toBe(applied.length);
      expect(await target.rows('agent', "select agent_name from agent where agent_id = 'a1'")).toEqual([{ agent_name: 'kept' }]);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { DatabaseName, Dialect } from '../../src/version-guard/revision.js';
import { getJson } from '../support/e2e-helpers.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { mysqlServerUrl } from '../support/mysql-databases.js';
import { mysqlTarget, sqliteTarget, type DbTarget } from '../support/db-targets.js';
import { BUILT_MIGRATIONS } from '../support/paths.js';
import { runApp, runCli, type ProcessResult } from '../support/processes.js';
import { readFileSync } from 'node:fs';

const printed = (run: Pick<ProcessResult, 'stdout' | 'stderr'>) => `${run.stdout}\n${run.stderr}`;
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

/** The single head of a built set of the default build. */
function builtHead(dialect: Dialect, db: DatabaseName): string {
  const revisions = (JSON.parse(readFileSync(join(BUILT_MIGRATIONS, dialect, db, 'manifest.json'), 'utf8')) as { revisions: { id: string; parents: string[] }[] })
    .revisions;
  const parents = new Set(revisions.flatMap((r) => r.parents));
  return revisions.filter((r) => !parents.has(r.id))[0].id;
}

const targets: { name: string; make: () => Promise<DbTarget>; skip: boolean }[] = [
  { name: 'SQLite', make: () => sqliteTarget(), skip: false },
  { name: 'MariaDB', make: () => mysqlTarget(), skip: !mysqlServerUrl },
];

describe.each(targets)('a rolling deploy on $name', ({ make, skip }) => {
  it.skipIf(skip)(
    'an older build keeps running on a newer schema while the new revisions are not breaking, and refuses once one is',
    { timeout: 120_000 },
    async ({ onTestFinished }) => {
      const target = await make();
      onTestFinished(() => target.cleanup());
      const dialect = target.dialect;
      // the newer build: the same sets plus a revision the older build does not know
      const newer = copyBuiltMigrations();
      onTestFinished(() => removeFixture(newer));
      const additive = newRevisionId();
      addRevision(newer, `${dialect}/agent`, {
        id: additive,
        parents: [builtHead(dialect, 'agent')],
        message: 'feat: new table for the next release',
        breaking: false,
        up: ['create table fx_next (id int primary key)'],
        down: ['drop table fx_next'],
      });
      const upgraded = await runApp({ cwd: target.cwd, env: { ...target.env, DB_MIGRATIONS_DIR: newer }, args: ['--migrate'] });
      expect(upgraded.started, printed(upgraded)).toBe(true);

      // the older build (the default one) starts under check, warns, and is ready
      let ready: { status: number; body: unknown } | undefined;
      const older = await runApp({
        cwd: target.cwd,
        env: target.env,
        whileRunning: async (port) => {
          ready = await getJson(port, '/health/ready');
        },
      });
      expect(older.started, printed(older)).toBe(true);
      expect(older.stdout).toContain(
        `⚠️ agent database: it has revision ${additive}, newer than this code (latest ${builtHead(dialect, 'agent')}), recorded as not breaking: starting anyway (a rolling deploy or a rollback)`,
      );
      expect(ready?.status).toBe(200);
      expect((ready?.body as { databases: { state: string }[] }).databases.map((d) => d.state)).toEqual(['ahead_compatible', 'up_to_date']);
      const status = await runCli(['status', '--json', '--db', 'agent'], { cwd: target.cwd, env: target.env });
      expect(JSON.parse(status.stdout).databases[0]).toMatchObject({ state: 'ahead_compatible', current: [additive] });

      // the newer build adds a breaking revision: the older one must refuse, naming it
      const breaking = newRevisionId();
      addRevision(newer, `${dialect}/agent`, {
        id: breaking,
        parents: [additive],
        message: 'feat: drop the old table',
        breaking: true,
        up: ['drop table fx_next'],
        down: ['create table fx_next (id int primary key)'],
      });
      const upgradedAgain = await runApp({ cwd: target.cwd, env: { ...target.env, DB_MIGRATIONS_DIR: newer }, args: ['--migrate'] });
      expect(upgradedAgain.started, printed(upgradedAgain)).toBe(true);
      const refused = await runApp({ cwd: target.cwd, env: target.env });
      expect(refused.started).toBe(false);
      expect(refused.exitCode, printed(refused)).toBe(1);
      expect(refused.stderr).toContain('❌ agent database: refusing to start (state: ahead)');
      expect(refused.stderr).toContain(`older code cannot run on it: revision ${breaking} is breaking`);
      expect(printed(refused)).not.toMatch(STACK_LINE);
    },
  );
});

describe('--migrate-only (a deploy job or init container)', () => {
  it('from empty and from behind: exits 0 at head without opening the port; on a refusal: exits 1', { timeout: 90_000 }, async ({ onTestFinished }) => {
    const target = await sqliteTarget();
    onTestFinished(() => target.cleanup());

    const fromEmpty = await runApp({ cwd: target.cwd, env: target.env, args: ['--migrate-only'] });
    expect(fromEmpty.exitCode, printed(fromEmpty)).toBe(0);
    expect(fromEmpty.started).toBe(false);
    expect(fromEmpty.stdout).toContain('both databases are at head (--migrate-only): exiting without serving');
    expect(await target.applied('agent')).toContain(builtHead('sqlite', 'agent'));

    const head = builtHead('sqlite', 'agent');
    const down = await runCli(['downgrade', '-1', '--db', 'agent'], { cwd: target.cwd, env: target.env });
    expect(down.exitCode, printed(down)).toBe(0);
    expect(await target.applied('agent')).not.toContain(head);
    const fromBehind = await runApp({ cwd: target.cwd, env: { ...target.env, DB_UPGRADE_POLICY: 'check' }, args: ['--migrate-only'] });
    expect(fromBehind.exitCode, printed(fromBehind)).toBe(0);
    expect(fromBehind.started).toBe(false);
    expect(fromBehind.stdout).toContain(`agent database: applied ${head} `);
    expect(await target.applied('agent')).toContain(head);

    // a refusal: the ops file holds the agent history (swapped locations)
    const swapped = { ...target.env, OPS_DB_PATH: target.env.AGENT_DB_PATH, AGENT_DB_PATH: join(target.cwd, 'other-agent.db') };
    const refused = await runApp({ cwd: target.cwd, env: swapped, args: ['--migrate-only'] });
    expect(refused.exitCode, printed(refused)).toBe(1);
    expect(refused.started).toBe(false);
    expect(refused.stdout).not.toContain('exiting without serving');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DIALECTS } from '../../src/version-guard/core/revision.js';
import { ProjectCopy, headsOf, sourceRevisions, statementRevisionSource } from '../support/authoring-project.js';
import { DB_TARGETS, sqliteTarget, type DbTarget } from '../support/db-targets.js';
import { builtIds } from '../support/fault-harness.js';
import { getJson } from '../support/e2e-helpers.js';
import { newRevisionId } from '../support/migration-fixtures.js';
import { type ProcessResult } from '../support/processes.js';
import { runApp, runCli } from '../support/in-process.js';

const printed = (run: Pick<ProcessResult, 'stdout' | 'stderr'>) => `${run.stdout}\n${run.stderr}`;
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

// Two releases of the project, each a private copy built as a developer builds it: the older one
// is the project as it is; the newer one adds a revision to the agent set of every dialect (one
// copy with a revision that is not breaking, one with a breaking revision after it). Each build
// runs in-process on its own built migration sets (`build` below).
const additive = newRevisionId();
const breaking = newRevisionId();
let older: ProjectCopy;
let newer: ProjectCopy;
let newest: ProjectCopy;
const head: Record<string, string> = {};

function addRevisions(project: ProjectCopy, withBreaking: boolean): void {
  for (const dialect of DIALECTS) {
    const dir = `migrations/${dialect}/agent`;
    const parent = headsOf(sourceRevisions(project.sourceDir(`${dialect}/agent`)))[0];
    head[dialect] = parent;
    project.write(
      `${dir}/${additive}_new_table_for_the_next_release.ts`,
      statementRevisionSource({
        id: additive,
        parents: [parent],
        message: 'feat: new table for the next release',
        breaking: false,
        up: ['create table fx_next (id int primary key)'],
        down: ['drop table fx_next'],
      }),
    );
    if (!withBreaking) continue;
    project.write(
      `${dir}/${breaking}_drop_the_old_table.ts`,
      statementRevisionSource({
        id: breaking,
        parents: [additive],
        message: 'feat: drop the old table',
        breaking: true,
        up: ['drop table fx_next'],
        down: ['create table fx_next (id int primary key)'],
      }),
    );
  }
}

beforeAll(async () => {
  [older, newer, newest] = [ProjectCopy.create(), ProjectCopy.create(), ProjectCopy.create()];
  addRevisions(newer, false);
  addRevisions(newest, true);
  // revisions the test wrote itself: nothing to type-check
  await Promise.all([newer.buildChanges({ typeCheck: false }), newest.buildChanges({ typeCheck: false })]);
}, 300_000);
afterAll(() => [older, newer, newest].forEach((project) => project?.remove()));

/**
 * A build's app and CLI on a target, in-process: the copies' code differs from the project's only
 * in their built migration sets, which they are given.
 */
const build = (project: ProjectCopy, target: DbTarget) => {
  const env = (extra: Record<string, string> = {}) => ({ ...target.env, DB_MIGRATIONS_DIR: join(project.root, 'dist/migrations'), ...extra });
  return {
    app: (options: { env?: Record<string, string>; args?: string[]; whileRunning?: (port: number) => Promise<void> }) =>
      runApp({ cwd: target.cwd, env: env(options.env), args: options.args, whileRunning: options.whileRunning }),
    cli: (args: string[]) => runCli(args, { cwd: target.cwd, env: env() }),
  };
};

describe.each(DB_TARGETS.filter((t) => t.available))('a rolling deploy on $name', ({ make }) => {
  it('an older build keeps running on a newer schema while the new revisions are not breaking, and refuses once one is', { timeout: 120_000 }, async ({ onTestFinished }) => {
    const target = await make();
    onTestFinished(() => target.cleanup());
    const dialect = target.dialect;
    const [olderBuild, newerBuild, newestBuild] = [older, newer, newest].map((project) => build(project, target));
    const upgraded = await newerBuild.app({ args: ['--migrate'] });
    expect(upgraded.started, printed(upgraded)).toBe(true);
    expect(await target.applied('agent')).toContain(additive);

    // the older build starts under check, warns, and is ready
    let ready: { status: number; body: unknown } | undefined;
    const running = await olderBuild.app({
      env: { DB_UPGRADE_POLICY: 'check' },
      whileRunning: async (port) => {
        ready = await getJson(port, '/health/ready');
      },
    });
    expect(running.started, printed(running)).toBe(true);
    expect(running.stdout).toContain(
      `⚠️ agent database: it has revision ${additive}, newer than this code (latest ${head[dialect]}), recorded as not breaking: starting anyway (a rolling deploy or a rollback)`,
    );
    expect(ready?.status).toBe(200);
    expect((ready?.body as { databases: { state: string }[] }).databases.map((d) => d.state)).toEqual(['ahead_compatible', 'up_to_date']);
    const status = await olderBuild.cli(['status', '--json', '--db', 'agent']);
    expect(JSON.parse(status.stdout).databases[0]).toMatchObject({ state: 'ahead_compatible', current: [additive] });

    // the newest build adds a breaking revision: the older one must refuse, naming it
    const upgradedAgain = await newestBuild.app({ args: ['--migrate'] });
    expect(upgradedAgain.started, printed(upgradedAgain)).toBe(true);
    const refused = await olderBuild.app({ env: { DB_UPGRADE_POLICY: 'check' } });
    expect(refused.started).toBe(false);
    expect(refused.exitCode, printed(refused)).toBe(1);
    expect(refused.stderr).toContain('❌ agent database: refusing to start (state: ahead)');
    expect(refused.stderr).toContain(`older code cannot run on it: revision ${breaking} is breaking`);
    expect(printed(refused)).not.toMatch(STACK_LINE);
  });
});

describe('--migrate-only (a deploy job or init container)', () => {
  it('from empty and from behind: exits 0 at head without opening the port; on a refusal: exits 1', { timeout: 90_000 }, async ({ onTestFinished }) => {
    const target = await sqliteTarget();
    onTestFinished(() => target.cleanup());

    const fromEmpty = await runApp({ cwd: target.cwd, env: target.env, args: ['--migrate-only'] });
    expect(fromEmpty.exitCode, printed(fromEmpty)).toBe(0);
    expect(fromEmpty.started).toBe(false);
    expect(fromEmpty.stdout).toContain('both databases are at head (--migrate-only): exiting without serving');
    expect(await target.applied('agent')).toContain(builtIds('sqlite', 'agent').head);

    const head = builtIds('sqlite', 'agent').head;
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

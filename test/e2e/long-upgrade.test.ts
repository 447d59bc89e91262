import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getJson } from '../support/e2e-helpers.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { sqliteTarget } from '../support/db-targets.js';
import { BUILT_MIGRATIONS } from '../support/paths.js';
import { spawnApp } from '../support/processes.js';
import { runApp } from '../support/in-process.js';

function sqliteHead(db: 'agent' | 'ops'): string {
  const revisions = (JSON.parse(readFileSync(join(BUILT_MIGRATIONS, 'sqlite', db, 'manifest.json'), 'utf8')) as { revisions: { id: string; parents: string[] }[] })
    .revisions;
  const parents = new Set(revisions.flatMap((r) => r.parents));
  return revisions.filter((r) => !parents.has(r.id))[0].id;
}

// alone in its file: it takes ~25 s of wall time, mostly waiting
it('a revision running ~25 s: live answers, ready reports the progress, other routes wait, a line every 10 s', { timeout: 90_000 }, async ({ onTestFinished }) => {
  const target = await sqliteTarget();
  const fixture = copyBuiltMigrations();
  onTestFinished(() => removeFixture(fixture));
  const slow = newRevisionId();
  addRevision(fixture, 'sqlite/agent', {
    id: slow,
    parents: [sqliteHead('agent')],
    message: 'feat: a long data migration',
    upPrelude: 'await new Promise((r) => setTimeout(r, 25000));',
    up: ['create table fx_long (id integer primary key)'],
    down: ['drop table fx_long'],
  });
  // at head first, so that the slow revision is the only one the start applies
  const atHead = await runApp({ cwd: target.cwd, env: target.env, args: ['--migrate-only'] });
  expect(atHead.exitCode, atHead.stderr).toBe(0);
  const app = await spawnApp({ cwd: target.cwd, env: { ...target.env, DB_MIGRATIONS_DIR: fixture }, args: ['--migrate'] });
  onTestFinished(() => app.kill('SIGKILL'));

  await app.waitFor('open for the health probes only', 30_000);
  const live = await getJson(app.port, '/health/live');
  expect(live).toEqual({ status: 200, body: { status: 'ok' } });
  await new Promise((r) => setTimeout(r, 1500));
  const ready = await getJson(app.port, '/health/ready');
  expect(ready.status).toBe(503);
  expect(ready.body).toMatchObject({ status: 'upgrading', database: 'agent', revision: slow, total: 1, done: 0 });
  expect((ready.body as { elapsedMs: number }).elapsedMs).toBeGreaterThan(1000);
  // an ordinary route is held until the guard has passed
  const held = fetch(`http://127.0.0.1:${app.port}/some/route`).then((r) => ({ status: r.status, at: Date.now() }));

  await app.waitFor('listening on port', 60_000);
  const passedAt = Date.now();
  const answered = await held;
  expect(answered.status).toBe(404);
  expect(answered.at).toBeGreaterThanOrEqual(passedAt - 1000);
  const after = await getJson(app.port, '/health/ready');
  expect(after.status).toBe(200);
  app.kill('SIGTERM');
  const result = await app.ended;
  expect(result.stdout).toContain(`agent database: still applying ${slow} (1 of 1), 10 s so far`);
  expect(result.stdout).toContain(`agent database: still applying ${slow} (1 of 1), 20 s so far`);
  expect(result.stdout).toContain(`agent database: applied ${slow} feat: a long data migration`);
});

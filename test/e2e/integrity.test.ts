import { describe, expect, it } from 'vitest';
import { appendFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { headsOf } from '../support/authoring-project.js';
import { DB_TARGETS, type DbTarget } from '../support/db-targets.js';
import { copyBuiltMigrations, removeFixture } from '../support/migration-fixtures.js';
import { BUILT_MIGRATIONS } from '../support/paths.js';
import { type ProcessResult } from '../support/processes.js';
import { runApp, runCli } from '../support/in-process.js';

const DIALECTS = DB_TARGETS;

// every step is a process start (a few seconds each on a loaded machine)
const TEST_MS = 240_000;

const printed = (r: ProcessResult) => `exit ${r.exitCode}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** The single head of a built set (`dist/migrations/<dialect>/<db>/manifest.json`). */
function builtHead(dialect: string, db: string): string {
  const manifest = JSON.parse(readFileSync(join(BUILT_MIGRATIONS, dialect, db, 'manifest.json'), 'utf8')) as {
    revisions: { id: string; parents: string[] }[];
  };
  const heads = headsOf(manifest.revisions);
  if (heads.length !== 1) throw new Error(`${dialect}_${db} has ${heads.length} heads`);
  return heads[0];
}

/** The refusal block of one database on stderr: from its `❌ <db> database` line to the next `❌` line. */
function refusalBlock(stderr: string, db: string): string {
  const all = stderr.split('\n');
  const start = all.findIndex((line) => line.startsWith(`❌ ${db} database`));
  if (start < 0) return '';
  const rest = all.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('❌'));
  return [all[start], ...(end < 0 ? rest : rest.slice(0, end))].join('\n');
}

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available).concurrent(`integrity on ${dialect.name}`, () => {
    async function setUp(onTestFinished: (fn: () => Promise<void> | void) => void) {
      const target: DbTarget = await dialect.make();
      const fixture = copyBuiltMigrations();
      onTestFinished(() => target.cleanup());
      onTestFinished(() => removeFixture(fixture));
      onTestFinished(() => rmSync(target.cwd, { recursive: true, force: true }));
      const env = { ...target.env, DB_MIGRATIONS_DIR: fixture };
      const app = (args: string[] = []) => runApp({ cwd: target.cwd, env, args });
      const cli = (args: string[]) => runCli(args, { cwd: target.cwd, env });
      const reached = await app(['--migrate']);
      expect(reached.started, printed(reached)).toBe(true);
      return { target, fixture, env, app, cli };
    }

    it('an applied revision edited afterwards is refused as modified until db repair accepts it', async ({ onTestFinished }) => {
      const { target, fixture, app, cli } = await setUp(onTestFinished);
      const head = builtHead(dialect.name, 'agent');
      const dir = join(fixture, dialect.name, 'agent');
      const file = readdirSync(dir).find((f) => f.startsWith(`${head}_`) && f.endsWith('.js'))!;
      const appliedBefore = await target.applied('agent');
      expect(appliedBefore).toContain(head);
      appendFileSync(join(dir, file), '\n// edited after it ran\n');

      const refused = await app();
      expect(refused.started, printed(refused)).toBe(false);
      expect(refused.exitCode).toBe(1);
      const block = refusalBlock(refused.stderr, 'agent');
      expect(block).toContain('❌ agent database: refusing to start (state: modified)');
      expect(block).toContain(`   Problem: the code of applied revision ${head} of ${dialect.name}_agent changed since it ran (checksum differs)`);
      expect(block).toContain('npm run db -- repair');
      expect(refusalBlock(refused.stderr, 'ops')).toBe('');
      // --migrate does not paper over it either
      const migrating = await app(['--migrate']);
      expect(migrating.started, printed(migrating)).toBe(false);
      expect(migrating.stderr).toContain('(state: modified)');

      const status = await cli(['status', '--json']);
      expect(status.exitCode, printed(status)).toBe(0);
      const [agent, ops] = JSON.parse(status.stdout).databases;
      expect(agent).toMatchObject({ name: 'agent', state: 'modified', current: [head] });
      expect(ops).toMatchObject({ name: 'ops', state: 'up_to_date' });
      const check = await cli(['check']);
      expect(check.exitCode, printed(check)).toBe(2);

      const repaired = await cli(['repair']);
      expect(repaired.exitCode, printed(repaired)).toBe(0);
      expect(repaired.stdout).toContain(`agent database: accepted the current code of ${head} of ${dialect.name}_agent\n`);
      expect(await target.applied('agent')).toEqual(appliedBefore);

      const started = await app();
      expect(started.started, printed(started)).toBe(true);
      expect(started.stdout).toContain('✅ agent database: version is already up to date');
      const after = await cli(['status', '--json', '--db', 'agent']);
      expect(JSON.parse(after.stdout).databases[0]).toMatchObject({ state: 'up_to_date', current: [head] });
    }, TEST_MS);

    it('check --drift exits 0 at head (a protected table is ignored) and 1 naming agent.extra once a column is added by hand', async ({ onTestFinished }) => {
      const { target, cli } = await setUp(onTestFinished);
      const clean = await cli(['check', '--drift']);
      expect(clean.exitCode, printed(clean)).toBe(0);
      expect(clean.stdout).toContain('agent database: no schema drift');
      expect(clean.stdout).toContain('ops database: no schema drift');

      // owned by the memory module: never part of the comparison
      await target.exec('agent', 'create table user_message (id varchar(36) not null primary key, content text)');
      const withProtected = await cli(['check', '--drift']);
      expect(withProtected.exitCode, printed(withProtected)).toBe(0);
      expect(withProtected.stdout).not.toContain('user_message');

      await target.exec('agent', 'alter table agent add column extra text');
      const drifted = await cli(['check', '--drift']);
      expect(drifted.exitCode, printed(drifted)).toBe(1);
      expect(drifted.stdout).toContain('agent database: schema drift');
      expect(drifted.stdout).toContain('column agent.extra: in the database, not in the entities');
      expect(drifted.stdout).toContain('ops database: no schema drift');

      const json = await cli(['check', '--drift', '--json']);
      expect(json.exitCode, printed(json)).toBe(1);
      const [agent, ops] = JSON.parse(json.stdout).databases;
      expect(agent.drift).toEqual(['column agent.extra: in the database, not in the entities']);
      expect(ops.drift).toEqual([]);

      // the plain check does not compare schemas: everything is at head
      expect((await cli(['check'])).exitCode).toBe(0);
    }, TEST_MS);
  });
}

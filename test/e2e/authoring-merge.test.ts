import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  addedFiles,
  changedOrRemovedFiles,
  codeLines,
  headsOf,
  linearChain,
  methodBody,
  ProjectCopy,
  singleHead,
  sourceRevisions,
  tableRevisionSource,
  type ManifestEntry,
  type SetDir,
} from '../support/authoring-project.js';
import { mysqlTarget, sqliteTarget } from '../support/db-targets.js';
import { newRevisionId } from '../support/migration-fixtures.js';
import { mysqlServerUrl } from '../support/mysql-databases.js';
import { BUILT_MIGRATIONS } from '../support/paths.js';
import { type ProcessResult } from '../support/processes.js';
import { runApp, runCli } from '../support/in-process.js';
import { appliedRevisions, fileHash, sqliteEnv, tableNames, tempDir } from '../support/sqlite-files.js';

const BUILD_MS = 400_000;

/** Both streams, for assertion messages. */
const printed = (r: ProcessResult) => `exit ${r.exitCode}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** A copy of the built migrations without one revision's files, so a database can be taken up one branch only. */
function builtWithout(project: ProjectCopy, name: string, revision: string): string {
  const dir = join(project.root, 'dist', name);
  cpSync(join(project.root, 'dist', 'migrations'), dir, {
    recursive: true,
    filter: (src) => !src.endsWith('manifest.json') && !src.split('/').at(-1)!.startsWith(`${revision}_`),
  });
  return dir;
}

describe('merge in a copy of the project', () => {
  let project: ProjectCopy;
  let base: string;
  const branchA = newRevisionId();
  const branchB = newRevisionId();
  const dirs = { a: tempDir('merge-a-'), b: tempDir('merge-b-'), fresh: tempDir('merge-fresh-') };
  let merge: string | undefined;

  beforeAll(async () => {
    project = ProjectCopy.create();
    const heads = headsOf(sourceRevisions(project.sourceDir('sqlite/agent')));
    expect(heads).toHaveLength(1);
    base = heads[0];
    // two developers each added a revision on the same parent
    project.write(
      `migrations/sqlite/agent/${branchA}_branch_a_table.ts`,
      tableRevisionSource({ id: branchA, parents: [base], message: 'feat: branch a table', table: 'branch_a' }),
    );
    project.write(
      `migrations/sqlite/agent/${branchB}_branch_b_table.ts`,
      tableRevisionSource({ id: branchB, parents: [base], message: 'feat: branch b table', table: 'branch_b' }),
    );
    // revisions the test wrote itself: nothing to type-check (the merge revision written below is)
    await project.buildChanges({ typeCheck: false });
  }, BUILD_MS);

  afterAll(() => {
    project?.remove();
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  });

  // the app and the CLI in-process on the copy's built migration sets (its code differs from the
  // project's only there)
  const withCopySets = (env: Record<string, string>) => ({ DB_MIGRATIONS_DIR: join(project.root, 'dist/migrations'), ...env });
  const app = (options: { env: Record<string, string>; args: string[] }) => runApp({ cwd: project.root, env: withCopySets(options.env), args: options.args });
  const cli = (args: string[], env: Record<string, string>) => runCli(args, { cwd: project.root, env: withCopySets(env) });

  it('each branch can be reached on its own; with both in the code the app refuses, naming both heads and db merge', async () => {
    for (const [key, other] of [['a', branchB], ['b', branchA]] as const) {
      const env = { ...sqliteEnv(dirs[key]), DB_MIGRATIONS_DIR: builtWithout(project, `only-${key}`, other) };
      const run = await app({ env, args: ['--migrate'] });
      expect(run.started, printed(run)).toBe(true);
      expect(appliedRevisions(join(dirs[key], 'agent.db')).at(-1)).toBe(key === 'a' ? branchA : branchB);
    }

    for (const [dir, args] of [[dirs.fresh, ['--migrate']], [dirs.a, []], [dirs.b, ['--migrate']]] as const) {
      const refused = await app({ env: sqliteEnv(dir), args: [...args] });
      expect(refused.started, printed(refused)).toBe(false);
      expect(refused.exitCode).toBe(1);
      expect(refused.stderr).toContain('❌ agent database: refusing to start (state: multiple_heads)');
      expect(refused.stderr).toContain(branchA);
      expect(refused.stderr).toContain(branchB);
      expect(refused.stderr).toContain('npm run db -- merge');
      expect(refused.stderr).not.toContain('❌ ops database');
    }

    const status = await cli(['status', '--json', '--db', 'agent'], sqliteEnv(dirs.a));
    const agent = JSON.parse(status.stdout).databases[0];
    expect(agent.state).toBe('multiple_heads');
    expect([...agent.heads].sort()).toEqual([branchA, branchB].sort());
  }, 300_000);

  it('merge refuses a message without feat:/fix: and writes nothing', async () => {
    const before = project.migrationFiles();
    const result = await project.db(['merge', '-m', 'merge heads']);
    expect(result.exitCode, printed(result)).toBe(2);
    expect(result.stderr).toContain('revision message "merge heads" is refused');
    expect(project.migrationFiles()).toEqual(before);
  });

  it('merge writes a merge revision for sqlite_agent only, whose parents are both heads', async () => {
    const before = project.migrationFiles();
    const result = await project.db(['merge', '-m', 'fix: merge heads']);
    expect(result.exitCode, printed(result)).toBe(0);
    const after = project.migrationFiles();
    const added = addedFiles(before, after);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^sqlite\/agent\/[0-9a-f]{12}_merge_heads\.ts$/);
    expect(changedOrRemovedFiles(before, after)).toEqual([]);

    const file = added[0].split('/')[2];
    const revision = sourceRevisions(project.sourceDir('sqlite/agent')).find((r) => r.file === file)!;
    expect(revision.id).toBe(file.slice(0, 12));
    expect([...revision.parents].sort()).toEqual([branchA, branchB].sort());
    const source = project.read(`migrations/${added[0]}`);
    expect(source).toMatch(/message: (["'])fix: merge heads\1/);
    expect(codeLines(methodBody(source, 'up'))).toEqual([]);
    expect(codeLines(methodBody(source, 'down'))).toEqual([]);

    expect(result.stdout).toContain(`sqlite_agent: migrations/${added[0]}`);
    for (const set of ['sqlite_ops', 'mysql_agent', 'mysql_ops']) {
      expect(result.stdout).toMatch(new RegExp(`^- ${set}: `, 'm'));
      expect(result.stdout).not.toContain(`✓ ${set}`);
    }
    merge = revision.id;
  });

  it('after a build, databases on either branch (and an empty one) start with --migrate and reach the merge head', async () => {
    expect(merge, 'needs the merge revision written by the previous test').toBeDefined();
    await project.buildChanges();
    for (const dir of [dirs.a, dirs.b, dirs.fresh]) {
      const run = await app({ env: sqliteEnv(dir), args: ['--migrate'] });
      expect(run.started, printed(run)).toBe(true);
      const applied = appliedRevisions(join(dir, 'agent.db'));
      expect(applied).toEqual(expect.arrayContaining([base, branchA, branchB, merge!]));
      expect(applied.at(-1)).toBe(merge);
      expect(new Set(applied).size).toBe(applied.length);
      expect(tableNames(join(dir, 'agent.db'))).toEqual(expect.arrayContaining(['branch_a', 'branch_b']));

      const status = await cli(['status', '--json', '--db', 'agent'], sqliteEnv(dir));
      expect(JSON.parse(status.stdout).databases[0]).toMatchObject({ state: 'up_to_date', current: [merge], heads: [merge], pending: [] });
    }
  }, BUILD_MS);

  it('revision --manual -d sqlite_agent -d mysql_ops writes an empty skeleton in exactly those two sets', async () => {
    expect(merge, 'needs the merge revision of the previous tests').toBeDefined();
    const mysqlOpsHead = singleHead(project.builtManifest('mysql/ops'));
    const before = project.migrationFiles();
    const result = await project.db(['revision', '--manual', '-m', 'feat: manual change', '-d', 'sqlite_agent', '-d', 'mysql_ops']);
    expect(result.exitCode, printed(result)).toBe(0);
    const after = project.migrationFiles();
    const added = addedFiles(before, after).sort();
    expect(added).toHaveLength(2);
    expect(added[0]).toMatch(/^mysql\/ops\/[0-9a-f]{12}_manual_change\.ts$/);
    expect(added[1]).toMatch(/^sqlite\/agent\/[0-9a-f]{12}_manual_change\.ts$/);
    expect(added[0].split('/')[2]).toBe(added[1].split('/')[2]);
    expect(changedOrRemovedFiles(before, after)).toEqual([]);
    expect(result.stdout).not.toMatch(/sqlite_ops|mysql_agent/);

    const id = added[0].split('/')[2].slice(0, 12);
    for (const [file, parent] of [[added[0], mysqlOpsHead], [added[1], merge!]]) {
      const source = project.read(`migrations/${file}`);
      expect(source).toContain(`id: '${id}'`);
      expect(source).toContain(`parents: ['${parent}']`);
      expect(source).toMatch(/message: (["'])feat: manual change\1/);
      const up = methodBody(source, 'up');
      const down = methodBody(source, 'down');
      expect(codeLines(up)).toEqual([]);
      expect(codeLines(down)).toEqual([]);
      for (const check of ['tableExists', 'columnExists', 'indexExists']) expect(up).toContain(check);
    }
  });
});

/** The single chain of a set as built in the project's own dist/. */
function builtChain(set: SetDir): ManifestEntry[] {
  const entries = (JSON.parse(readFileSync(join(BUILT_MIGRATIONS, set, 'manifest.json'), 'utf8')) as { revisions: ManifestEntry[] }).revisions;
  const order = linearChain(entries);
  return order.map((id) => entries.find((e) => e.id === id)!);
}

/** The revision of a built chain whose message mentions `word`, with its parent. */
function revisionAbout(set: SetDir, word: string): { id: string; parent: string; message: string } {
  const chain = builtChain(set);
  const i = chain.findIndex((e) => e.message.includes(word));
  if (i < 1) throw new Error(`no revision about ${word} with a parent in ${set}`);
  return { id: chain[i].id, parent: chain[i - 1].id, message: chain[i].message };
}

describe.concurrent('upgrade --sql', () => {
  const DIALECTS = [
    { name: 'sqlite', make: sqliteTarget, available: true },
    { name: 'mysql', make: mysqlTarget, available: mysqlServerUrl !== null },
  ] as const;

  for (const dialect of DIALECTS) {
    it.skipIf(!dialect.available)(`on ${dialect.name}: prints each database's pending SQL under a header and changes nothing`, async ({ onTestFinished }) => {
      const target = await dialect.make();
      onTestFinished(() => target.cleanup());
      onTestFinished(() => rmSync(target.cwd, { recursive: true, force: true }));
      // agent: the newest real revision (obs_name) is pending; ops: its head, a release marker with no SQL
      const obsName = revisionAbout(`${dialect.name}/agent`, 'obs_name');
      const agentChain = builtChain(`${dialect.name}/agent`).map((e) => e.id);
      const opsEntries = builtChain(`${dialect.name}/ops`);
      const opsChain = opsEntries.map((e) => e.id);
      const opsHead = opsEntries.at(-1)!;
      for (const [db, parent] of [['agent', obsName.parent], ['ops', opsChain.at(-2)!]] as const) {
        const up = await runCli(['upgrade', parent, '--db', db], { cwd: target.cwd, env: target.env });
        expect(up.exitCode, printed(up)).toBe(0);
      }
      const applied = { agent: await target.applied('agent'), ops: await target.applied('ops') };
      expect(applied.agent.at(-1)).toBe(obsName.parent);
      const tables = { agent: await target.tables('agent'), ops: await target.tables('ops') };
      const files = dialect.name === 'sqlite' ? { agent: fileHash(target.env.AGENT_DB_PATH), ops: fileHash(target.env.OPS_DB_PATH) } : null;

      const result = await runCli(['upgrade', '--sql'], { cwd: target.cwd, env: target.env });
      expect(result.exitCode, printed(result)).toBe(0);
      const lines = result.stdout.split('\n');
      const agentHeader = lines.findIndex((l) => l.startsWith('-- agent database'));
      const opsHeader = lines.findIndex((l) => l.startsWith('-- ops database'));
      expect(agentHeader, result.stdout).toBeGreaterThanOrEqual(0);
      expect(opsHeader).toBeGreaterThan(agentHeader);
      expect(lines[agentHeader]).toContain(`from ${obsName.parent} to ${agentChain.at(-1)}`);
      expect(lines[opsHeader]).toContain(`from ${opsChain.at(-2)} to ${opsHead.id}`);
      const agentPart = lines.slice(agentHeader, opsHeader).join('\n');
      const opsPart = lines.slice(opsHeader).join('\n');
      expect(agentPart).toContain(`-- ${obsName.id} ${obsName.message}`);
      expect(agentPart).toMatch(/ALTER TABLE `knowledge_base_document` ADD COLUMN `obs_name` VARCHAR\(1000\) NOT NULL DEFAULT ''/);
      expect(opsPart).toContain(`-- ${opsHead.id} ${opsHead.message}`);
      expect(opsPart).not.toContain('obs_name');
      expect(opsPart).not.toMatch(/ALTER|CREATE|DROP/);

      // nothing ran: same history, same tables, and on SQLite the very same bytes
      expect({ agent: await target.applied('agent'), ops: await target.applied('ops') }).toEqual(applied);
      expect({ agent: await target.tables('agent'), ops: await target.tables('ops') }).toEqual(tables);
      if (files) expect({ agent: fileHash(target.env.AGENT_DB_PATH), ops: fileHash(target.env.OPS_DB_PATH) }).toEqual(files);
    }, 240_000);
  }
});

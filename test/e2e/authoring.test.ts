import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import {
  addedFiles,
  changedOrRemovedFiles,
  headsOf,
  linearChain,
  methodBody,
  ProjectCopy,
  SET_DIRS,
  setName,
  singleHead,
  type SetDir,
} from '../support/authoring-project.js';
import { mysqlTarget, postgresqlTarget, sqliteTarget, type DbTarget } from '../support/db-targets.js';
import { mysqlServerUrl } from '../support/mysql-databases.js';
import { postgresServerUrl } from '../support/postgres-databases.js';
import { type ProcessResult } from '../support/processes.js';

const BUILD_MS = 400_000;
const RAW_STACK = /^\s+at .+:\d+:\d+\)?$/m;

/** Both streams, for assertion messages. */
const printed = (r: ProcessResult) => `exit ${r.exitCode}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** Columns of the agent table of a target. */
function agentColumns(target: DbTarget): Promise<string[]> {
  return target.columns('agent', 'agent');
}

/**
 * The new revision's stairway on the copy's built migration sets (the CLI in-process: the copy's
 * code differs from the project's only there): upgrade to its parent (the shipped chain, whose own
 * stairway the integration suites walk), then upgrade +1, downgrade -1, upgrade +1 (checking the
 * recorded history each time), then downgrade to base. Checks that `column` exists exactly while
 * the new revision (the chain's last) is applied.
 */
async function stairway(project: ProjectCopy, target: DbTarget, chain: readonly string[], column: string) {
  const copySets = { DB_MIGRATIONS_DIR: join(project.root, 'dist/migrations') };
  const step = async (args: string[], expected: readonly string[]) => {
    const result = await target.cli([...args, '--db', 'agent'], copySets);
    expect(result.exitCode, `${args.join(' ')} -> ${printed(result)}`).toBe(0);
    expect(await target.applied('agent'), args.join(' ')).toEqual(expected);
    const columns = await agentColumns(target).catch((): string[] => []);
    expect(columns.includes(column), `${column} after ${args.join(' ')} to ${expected.at(-1)}`).toBe(expected.length === chain.length);
  };
  const parent = chain.length - 1;
  await step(['upgrade', chain[parent - 1]], chain.slice(0, parent));
  await step(['upgrade', '+1'], chain);
  await step(['downgrade', '-1'], chain.slice(0, parent));
  await step(['upgrade', '+1'], chain);
  const base = await target.cli(['downgrade', 'base', '--db', 'agent'], copySets);
  expect(base.exitCode, printed(base)).toBe(0);
  expect(await target.applied('agent')).toEqual([]);
  expect((await target.tables('agent')).filter((t) => !GUARD_TABLES.includes(t))).toEqual([]);
}

const USER_MESSAGE_ENTITY = `import { defineEntity, p } from '@mikro-orm/core';

/** \`user_message\`: owned by the memory module, mapped here only to read it. */
export const UserMessage = defineEntity({
  name: 'UserMessage',
  tableName: 'user_message',
  properties: {
    id: p.string().length(36).primary(),
    content: p.text(),
  },
});
`;

describe('revision --autogenerate in a copy of the project', () => {
  const MESSAGE = 'feat: add agent nickname';
  let project: ProjectCopy;
  let previousHeads: Record<SetDir, string>;
  /** The new revision's files, by set (set when the autogenerate test passed). */
  const generated: Partial<Record<SetDir, string>> = {};

  beforeAll(async () => {
    project = ProjectCopy.create();
    project.edit('src/database/entities/agent/agent.entity.ts', (text) =>
      text.replace('    updateTime: p.bigint(\'number\').nullable(),\n', '    updateTime: p.bigint(\'number\').nullable(),\n    nickname: p.string().length(64).nullable(),\n'),
    );
    // the memory module's table mapped as an entity: protected, so no revision may ever touch it
    project.write('src/database/entities/agent/user-message.entity.ts', USER_MESSAGE_ENTITY);
    project.edit('src/database/entities/index.ts', (text) =>
      text
        .replace("import { Workflow } from './agent/workflow.entity.js';", "import { Workflow } from './agent/workflow.entity.js';\nimport { UserMessage } from './agent/user-message.entity.js';")
        .replace('const AGENT_COMMON = [', 'const AGENT_COMMON = [UserMessage, '),
    );
    // entities the test edited itself: nothing to type-check (the revisions generated below are)
    await project.buildChanges({ typeCheck: false });
    previousHeads = Object.fromEntries(SET_DIRS.map((set) => [set, singleHead(project.builtManifest(set))])) as Record<SetDir, string>;
  }, BUILD_MS);

  afterAll(() => project?.remove());

  it('refuses a message without feat:/fix:, an empty message and an unknown set, and writes nothing', async () => {
    const cases: { args: string[]; error: string }[] = [
      {
        args: ['-m', 'add agent nickname'],
        error: 'revision message "add agent nickname" is refused: it must start with "feat:" or "fix:" followed by a description',
      },
      { args: ['-m', ''], error: 'revision message "" is refused: it must start with "feat:" or "fix:" followed by a description' },
      { args: ['-m', 'feat:'], error: 'revision message "feat:" is refused' },
      { args: ['-m', MESSAGE, '-d', 'unknown_set'], error: 'unknown migration set "unknown_set"' },
    ];
    for (const { args, error } of cases) {
      const before = project.migrationFiles();
      // the copy's CLI itself: `npm run db` is the form of the autogenerate tests below
      const result = await project.cli(['revision', '--autogenerate', ...args]);
      // bad arguments: exit 2, one line
      expect(result.exitCode, printed(result)).toBe(2);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(error);
      expect(result.stderr).not.toMatch(RAW_STACK);
      expect(result.stdout).not.toContain('✓');
      expect(project.migrationFiles(), `files after revision ${args.join(' ')}`).toEqual(before);
    }
    const before = project.migrationFiles();
    const unknown = await project.cli(['revision', '--autogenerate', '-m', MESSAGE, '-d', 'sqlite_agent', '-d', 'unknown_set']);
    expect(unknown.exitCode, printed(unknown)).toBe(2);
    expect(project.migrationFiles()).toEqual(before);
    expect(unknown.stderr).toContain('use one or more of: sqlite_agent, sqlite_ops, mysql_agent, mysql_ops, postgresql_agent, postgresql_ops');
  });

  it('writes one revision with the same new id to each agent set, parented on its previous head; the ops sets get none', async () => {
    const before = project.migrationFiles();
    const result = await project.db(['revision', '-m', MESSAGE, '--autogenerate']);
    expect(result.exitCode, printed(result)).toBe(0);
    const after = project.migrationFiles();

    const added = addedFiles(before, after).sort();
    expect(added).toHaveLength(3);
    const [mysqlFile, postgresqlFile, sqliteFile] = added;
    expect(mysqlFile).toMatch(/^mysql\/agent\/[0-9a-f]{12}_add_agent_nickname\.ts$/);
    expect(postgresqlFile).toMatch(/^postgresql\/agent\/[0-9a-f]{12}_add_agent_nickname\.ts$/);
    expect(sqliteFile).toMatch(/^sqlite\/agent\/[0-9a-f]{12}_add_agent_nickname\.ts$/);
    const id = sqliteFile.split('/')[2].slice(0, 12);
    expect(mysqlFile.split('/')[2].slice(0, 12)).toBe(id);
    expect(postgresqlFile.split('/')[2].slice(0, 12)).toBe(id);
    expect(Object.values(previousHeads)).not.toContain(id);

    // the ops sets are untouched; in the agent sets only the head schema snapshot may change
    expect(after['sqlite/ops']).toEqual(before['sqlite/ops']);
    expect(after['mysql/ops']).toEqual(before['mysql/ops']);
    expect(after['postgresql/ops']).toEqual(before['postgresql/ops']);
    expect(changedOrRemovedFiles(before, after).filter((f) => !f.endsWith('/schema-snapshot.json'))).toEqual([]);

    const quoted = { 'sqlite/agent': '`', 'mysql/agent': '`', 'postgresql/agent': '"' } as const;
    for (const [set, file] of [['sqlite/agent', sqliteFile], ['mysql/agent', mysqlFile], ['postgresql/agent', postgresqlFile]] as const) {
      const source = project.read(`migrations/${file}`);
      // the file holds the statement in a double-quoted string: PostgreSQL's quotes appear escaped
      const q = quoted[set] === '"' ? '\\\\"' : '`';
      expect(source).toContain(`id: '${id}'`);
      expect(source).toContain(`parents: ['${previousHeads[set]}']`);
      expect(source).toMatch(/message: (["'])feat: add agent nickname\1/);
      expect(source).toContain(`class Revision_${id} extends RevisionMigration`);
      const up = methodBody(source, 'up');
      const down = methodBody(source, 'down');
      expect(up).toMatch(new RegExp(`alter table ${q}agent${q} add (column )?${q}nickname${q}`));
      expect(up).toContain("columnExists('agent', 'nickname')");
      expect(down).toMatch(new RegExp(`alter table ${q}agent${q} drop (column )?${q}nickname${q}`));
      expect(source).not.toContain('user_message');
      expect(project.read(`migrations/${set}/schema-snapshot.json`)).not.toContain('user_message');
      generated[set] = file;
    }
    expect(methodBody(project.read(`migrations/${mysqlFile}`), 'up')).toContain('varchar(64)');

    expect(result.stdout).toContain(`sqlite_agent: migrations/${sqliteFile}`);
    expect(result.stdout).toContain(`mysql_agent: migrations/${mysqlFile}`);
    expect(result.stdout).toContain(`postgresql_agent: migrations/${postgresqlFile}`);
    expect(result.stdout).toMatch(/^- sqlite_ops: no changes$/m);
    expect(result.stdout).toMatch(/^- mysql_ops: no changes$/m);
    expect(result.stdout).toMatch(/^- postgresql_ops: no changes$/m);
    expect(result.stdout).not.toContain('user_message');
  });

  it('after a build, the new revision is the single head of every agent set', async () => {
    expect(generated['sqlite/agent'], 'needs the revision written by the previous test').toBeDefined();
    await project.buildChanges();
    for (const set of ['sqlite/agent', 'mysql/agent', 'postgresql/agent'] as const) {
      const manifest = project.builtManifest(set);
      const id = generated[set]!.split('/')[2].slice(0, 12);
      expect(headsOf(manifest)).toEqual([id]);
      expect(manifest.find((e) => e.id === id)).toMatchObject({ parents: [previousHeads[set]], message: MESSAGE });
    }
    for (const set of ['sqlite/ops', 'mysql/ops', 'postgresql/ops'] as const) expect(headsOf(project.builtManifest(set))).toEqual([previousHeads[set]]);
  }, BUILD_MS);

  it.concurrent('the new revision passes the stairway on SQLite', async ({ onTestFinished }) => {
    const target = await sqliteTarget();
    onTestFinished(() => rmSync(target.cwd, { recursive: true, force: true }));
    const chain = linearChain(project.builtManifest('sqlite/agent'));
    expect(chain.at(-1)).toBe(generated['sqlite/agent']?.split('/')[2].slice(0, 12));
    await stairway(project, target, chain, 'nickname');
  }, 600_000);

  it.skipIf(!mysqlServerUrl).concurrent('the new revision passes the stairway on MariaDB', async ({ onTestFinished }) => {
    const target = await mysqlTarget();
    onTestFinished(() => target.cleanup());
    onTestFinished(() => rmSync(target.cwd, { recursive: true, force: true }));
    const chain = linearChain(project.builtManifest('mysql/agent'));
    expect(chain.at(-1)).toBe(generated['mysql/agent']?.split('/')[2].slice(0, 12));
    await stairway(project, target, chain, 'nickname');
  }, 600_000);

  it.skipIf(!postgresServerUrl).concurrent('the new revision passes the stairway on PostgreSQL', async ({ onTestFinished }) => {
    const target = await postgresqlTarget();
    onTestFinished(() => target.cleanup());
    onTestFinished(() => rmSync(target.cwd, { recursive: true, force: true }));
    const chain = linearChain(project.builtManifest('postgresql/agent'));
    expect(chain.at(-1)).toBe(generated['postgresql/agent']?.split('/')[2].slice(0, 12));
    await stairway(project, target, chain, 'nickname');
  }, 600_000);

  it('a second --autogenerate finds no changes in any set and writes nothing', async () => {
    const before = project.migrationFiles();
    const result = await project.db(['revision', '-m', 'feat: nothing changed', '--autogenerate']);
    expect(result.exitCode, printed(result)).toBe(0);
    for (const set of SET_DIRS) expect(result.stdout).toMatch(new RegExp(`^- ${setName(set)}: no changes$`, 'm'));
    expect(result.stdout).not.toContain('✓');
    expect(project.migrationFiles()).toEqual(before);
  });
});

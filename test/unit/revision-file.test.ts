import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { renderRevisionFile, revisionFileName, slugOf, splitAlterClauses, statementCode, type RevisionSource } from '../../src/authoring/revision-file.js';
import { ROOT } from '../support/paths.js';
import { typeCheck } from '../support/type-check.js';

describe('slugOf', () => {
  it.each([
    ['feat: add user status', 'add_user_status'],
    ['fix: Merge Heads', 'merge_heads'],
    ['FEAT: shout', 'shout'],
    ['feat:   add `user_profile`.email (nullable)!', 'add_user_profile_email_nullable'],
    ['feat: ---', 'revision'],
    ['', 'revision'],
    ['feat: fix: nested', 'fix_nested'],
  ])('%j -> %j', (message, slug) => {
    expect(slugOf(message)).toBe(slug);
  });

  it('is at most 48 characters, without a trailing underscore', () => {
    const slug = slugOf(`feat: ${'word '.repeat(30)}`);
    expect(slug.length).toBeLessThanOrEqual(48);
    expect(slug).toMatch(/^[a-z0-9_]+$/);
    expect(slug.startsWith('word_word')).toBe(true);
  });
});

describe('revisionFileName', () => {
  it('is <id>_<slug>.ts', () => {
    expect(revisionFileName({ id: 'f006c02a457c', parents: ['8f4846812221'], message: 'feat: add user_profile table', breaking: false })).toBe(
      'f006c02a457c_add_user_profile_table.ts',
    );
  });

  it('matches the revision file pattern the catalog lists', () => {
    expect(revisionFileName({ id: '0123456789ab', parents: [], message: 'fix: ---', breaking: false })).toMatch(/^[0-9a-f]{12}_[\w-]*\.ts$/);
  });
});

describe('splitAlterClauses', () => {
  it('makes one alter per top-level clause, keeping commas inside parentheses and quotes', () => {
    expect(splitAlterClauses("alter table `agent` add `price` decimal(10,2) null, add `tag` varchar(8) not null default 'a,b', drop index `idx_x`;")).toEqual([
      'alter table `agent` add `price` decimal(10,2) null',
      "alter table `agent` add `tag` varchar(8) not null default 'a,b'",
      'alter table `agent` drop index `idx_x`',
    ]);
  });

  it('leaves single-clause alters and other statements whole', () => {
    expect(splitAlterClauses('alter table `agent` add `price` decimal(10,2) null;')).toEqual(['alter table `agent` add `price` decimal(10,2) null']);
    expect(splitAlterClauses('create table `t` (`a` int, `b` int);')).toEqual(['create table `t` (`a` int, `b` int)']);
  });
});

/** What a database looks like to the generated checks. */
interface FakeSchema {
  tables?: string[];
  /** `table.column` */
  columns?: string[];
  /** `table.index` */
  indexes?: string[];
}

/** Runs generated code against a fake schema; returns the SQL it queued. */
async function emitted(code: string, schema: FakeSchema = {}): Promise<string[]> {
  const queued: string[] = [];
  const self = {
    tableExists: async (t: string) => (schema.tables ?? []).includes(t),
    columnExists: async (t: string, c: string) => (schema.columns ?? []).includes(`${t}.${c}`),
    indexExists: async (t: string, i: string) => (schema.indexes ?? []).includes(`${t}.${i}`),
    addSql: (sql: string) => void queued.push(sql),
  };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (body: string) => (this: unknown) => Promise<void>;
  await new AsyncFunction(code).call(self);
  return queued;
}

describe('statementCode', () => {
  const guarded = (guard: string, sql: string) => `if (${guard}) this.addSql(${JSON.stringify(sql)});`;

  it.each([
    [
      'create table',
      'create table `user_profile` (`id` text not null primary key, `user_id` text not null);',
      "!(await this.tableExists('user_profile'))",
    ],
    ['create table with double quotes', 'create table "plugin" ("id" text not null primary key)', "!(await this.tableExists('plugin'))"],
    ['drop table', 'drop table `plugin`;', "await this.tableExists('plugin')"],
    ['drop table if exists', 'drop table if exists `plugin`;', "await this.tableExists('plugin')"],
    ['create index', 'create index `idx_agent_status` on `agent` (`status`);', "!(await this.indexExists('agent', 'idx_agent_status'))"],
    [
      'create unique index',
      'create unique index `uniq_user_profile_user_id` on `user_profile` (`user_id`);',
      "!(await this.indexExists('user_profile', 'uniq_user_profile_user_id'))",
    ],
    ['alter add column (sqlite)', 'alter table `agent` add column `nickname` text null;', "!(await this.columnExists('agent', 'nickname'))"],
    ['alter add column (mysql)', 'alter table `agent` add `nickname` varchar(64) null;', "!(await this.columnExists('agent', 'nickname'))"],
    ['alter add index (mysql)', 'alter table `agent` add index `idx_agent_status` (`status`);', "!(await this.indexExists('agent', 'idx_agent_status'))"],
    [
      'alter add unique (mysql)',
      'alter table `user_profile` add unique `uniq_user_profile_user_id`(`user_id`);',
      "!(await this.indexExists('user_profile', 'uniq_user_profile_user_id'))",
    ],
    ['alter drop index (mysql)', 'alter table `agent` drop index `idx_agent_status`;', "await this.indexExists('agent', 'idx_agent_status')"],
    ['drop column', 'alter table `agent` drop column `nickname`;', "await this.columnExists('agent', 'nickname')"],
  ])('%s is guarded by the check that fits it', (_name, sql, guard) => {
    expect(statementCode(sql)).toBe(guarded(guard, sql.endsWith(';') ? sql : `${sql};`));
  });

  it.each([
    ['an update', "update `agent` set `status` = 'active' where `status` is null;"],
    ['a foreign key', 'alter table `workflow` add constraint `workflow_agent_id_foreign` foreign key (`agent_id`) references `agent` (`id`);'],
    ['a primary key', 'alter table `agent` add primary key (`id`);'],
    ['a column change', 'alter table `agent` modify `name` varchar(255) not null;'],
    ['a rename', 'alter table `agent__temp_alter` rename to `agent`;'],
    ['a pragma', 'pragma foreign_keys = off;'],
    ['an insert', 'insert into `agent__temp_alter` select * from `agent`;'],
  ])('%s is passed through unguarded', (_name, sql) => {
    expect(statementCode(sql)).toBe(`this.addSql(${JSON.stringify(sql)});`);
  });

  it('ends every statement with exactly one semicolon, ignoring surrounding blanks', () => {
    const expected = statementCode('create table `t` (`id` int);');
    expect(statementCode('  create table `t` (`id` int)\n')).toBe(expected);
    expect(statementCode('create table `t` (`id` int)')).toBe(expected);
    expect(expected).toMatch(/\(`id` int\);"\);$/);
  });

  it('keeps quotes and backslashes of the statement intact', async () => {
    const sql = `update \`agent\` set \`config\` = '{"a":"b\\\\c"}' where \`name\` = "it's";`;
    expect(await emitted(statementCode(sql))).toEqual([sql]);
  });

  it('queues each guarded statement only when the schema needs it', async () => {
    const create = statementCode('create table `plugin` (`id` int);');
    expect(await emitted(create)).toHaveLength(1);
    expect(await emitted(create, { tables: ['plugin'] })).toEqual([]);
    const addColumn = statementCode('alter table `agent` add column `nickname` text null;');
    expect(await emitted(addColumn, { tables: ['agent'] })).toHaveLength(1);
    expect(await emitted(addColumn, { columns: ['agent.nickname'] })).toEqual([]);
    const dropColumn = statementCode('alter table `agent` drop column `nickname`;');
    expect(await emitted(dropColumn)).toEqual([]);
    expect(await emitted(dropColumn, { columns: ['agent.nickname'] })).toHaveLength(1);
  });

  // MikroORM's MySQL diff puts several columns into one `alter table` (`add a ..., add b ...`)
  it('a MySQL alter that adds several columns adds exactly the ones still missing', async () => {
    const code = statementCode('alter table `agent` add `alpha` varchar(64) null, add `beta` int null;');
    const none = (await emitted(code)).join('\n');
    expect(none).toMatch(/add `alpha`/);
    expect(none).toMatch(/add `beta`/);
    // half-applied (e.g. the first column added by hand or by an interrupted run): only beta is left to add
    const half = (await emitted(code, { columns: ['agent.alpha'] })).join('\n');
    expect(half).toMatch(/add `beta`/);
    expect(half).not.toMatch(/add `alpha`/);
    expect(await emitted(code, { columns: ['agent.alpha', 'agent.beta'] })).toEqual([]);
  });

  it('a MySQL alter that drops several columns drops exactly the ones still there', async () => {
    const code = statementCode('alter table `agent` drop column `alpha`, drop column `beta`;');
    expect(await emitted(code, { columns: ['agent.beta'] })).toEqual([expect.stringMatching(/^alter table `agent` drop column `beta`;?$/)]);
    expect(await emitted(code)).toEqual([]);
  });
});

const AUTO: RevisionSource = {
  info: { id: 'abcdef012345', parents: ['0123456789ab'], message: 'feat: add agent nickname', breaking: false },
  dialect: 'sqlite',
  up: ['alter table `agent` add column `nickname` text null;', 'create index `idx_agent_nickname` on `agent` (`nickname`);'],
  down: ['drop index `idx_agent_nickname`;', 'alter table `agent` drop column `nickname`;'],
};
const MERGE: RevisionSource = {
  info: { id: 'fedcba543210', parents: ['111111111111', '222222222222'], message: 'fix: merge heads', breaking: false },
  dialect: 'mysql',
  up: [],
  down: [],
};
const MANUAL: RevisionSource = {
  info: { id: '0a1b2c3d4e5f', parents: ['333333333333'], message: `feat: backfill "quoted" and 'single' names`, breaking: true },
  dialect: 'mysql',
  up: [],
  down: [],
  manual: true,
};

function body(source: string, method: 'up' | 'down'): string {
  const match = new RegExp(`override async ${method}\\(\\): Promise<void> \\{\\n([\\s\\S]*?)\\n  \\}`).exec(source);
  if (!match) throw new Error(`no ${method}() in:\n${source}`);
  return match[1];
}

describe('renderRevisionFile', () => {
  it('declares the revision class with its static revision block', () => {
    const source = renderRevisionFile(AUTO);
    expect(source).toContain("import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';");
    expect(source).toContain('export class Revision_abcdef012345 extends RevisionMigration {');
    expect(source).toContain(
      [
        '  static readonly revision = {',
        "    id: 'abcdef012345',",
        "    parents: ['0123456789ab'],",
        '    message: "feat: add agent nickname",',
        '    breaking: false,',
        '  } as const satisfies RevisionInfo;',
      ].join('\n'),
    );
    expect(renderRevisionFile(MERGE)).toContain("    parents: ['111111111111', '222222222222'],");
    // a manual skeleton says breaking, and tells the author when to change it
    expect(renderRevisionFile(MANUAL)).toContain('    breaking: true,');
    expect(renderRevisionFile(MANUAL)).toContain('Set false for a new table, an index, or a');
  });

  it('puts each statement, guarded, in up() and down() in order', () => {
    const source = renderRevisionFile(AUTO);
    expect(body(source, 'up')).toBe(AUTO.up.map((s) => `    ${statementCode(s)}`).join('\n'));
    expect(body(source, 'down')).toBe(AUTO.down.map((s) => `    ${statementCode(s)}`).join('\n'));
  });

  it('an empty revision (a merge) has bodies that do nothing', () => {
    const source = renderRevisionFile(MERGE);
    expect(body(source, 'up')).toBe('    // no change');
    expect(body(source, 'down')).toBe('    // no change');
  });

  it('a manual skeleton shows the idempotent checks, commented out, in both bodies', () => {
    const source = renderRevisionFile(MANUAL);
    const up = body(source, 'up');
    const down = body(source, 'down');
    for (const check of ['tableExists', 'columnExists', 'indexExists']) expect(up).toContain(`this.${check}(`);
    expect(down).toContain('this.tableExists(');
    for (const line of [...up.split('\n'), ...down.split('\n')]) expect(line.trim()).toMatch(/^\/\//);
  });

  describe('the rendered files type-check as migration sources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'render-'));
    const GLOB_MESSAGE: RevisionSource = {
      ...AUTO,
      info: { id: '9a8b7c6d5e4f', parents: ['0123456789ab'], message: 'fix: ignore files matching data/**/*.db', breaking: false },
    };
    /** Type errors per rendered file (file name -> messages). */
    let errors: Map<string, string[]>;

    // the rendered files sit at `<dir>/migrations/<dialect>/agent/`; `<dir>/src` and `<dir>/node_modules` link to the project's
    beforeAll(async () => {
      symlinkSync(join(ROOT, 'src'), join(dir, 'src'), 'dir');
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      const files = [AUTO, MERGE, MANUAL, GLOB_MESSAGE].map((source) => {
        const setDir = join(dir, 'migrations', source.dialect, 'agent');
        mkdirSync(setDir, { recursive: true });
        const file = join(setDir, revisionFileName(source.info));
        writeFileSync(file, renderRevisionFile(source));
        return file;
      });
      const checked = await typeCheck(dir, files);
      errors = new Map(files.map((file) => [basename(file), checked.get(file) ?? []]));
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each([
      ['an autogenerated revision', AUTO],
      ['a merge revision', MERGE],
      ['a manual skeleton (message with quotes)', MANUAL],
    ])('%s compiles', (_name, source) => {
      expect(errors.get(revisionFileName(source.info))).toEqual([]);
    });

    it('a revision whose message contains `*/` (a glob) compiles', () => {
      expect(errors.get(revisionFileName(GLOB_MESSAGE.info))).toEqual([]);
    });
  });
});

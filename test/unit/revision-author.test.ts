import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseSets, validateMessage } from '../../src/authoring/authoring-input.js';
import { AuthoringError, RevisionAuthor, sourceMigrationsDir } from '../../src/authoring/revision-author.js';
import { RevisionCatalog } from '../../src/version-guard/engine/revision-catalog.js';
import { rejected, thrown } from '../support/thrown.js';

const REFUSED = (text: string) =>
  `revision message ${JSON.stringify(text)} is refused: it must start with "feat:" or "fix:" followed by a description`;

describe('validateMessage', () => {
  it('accepts feat: and fix: messages, trimmed', () => {
    expect(validateMessage('feat: add user status')).toBe('feat: add user status');
    expect(validateMessage('fix: merge heads')).toBe('fix: merge heads');
    expect(validateMessage('  feat: padded  ')).toBe('feat: padded');
  });

  it.each([
    ['add user status', 'add user status'],
    ['chore: bump deps', 'chore: bump deps'],
    ['feature: x', 'feature: x'],
    ['fixed: x', 'fixed: x'],
    ['the feat: is late', 'the feat: is late'],
    ['feat:', 'feat:'],
    ['fix:   ', 'fix:'],
    ['', ''],
    ['   ', ''],
  ])('refuses %j with the exact text and help', (message, shown) => {
    const error = thrown(() => validateMessage(message));
    expect(error).toBeInstanceOf(AuthoringError);
    // bad input: the CLI reports it in one line with exit status 2
    expect(error.code).toBe('authoring_input');
    expect(error.message).toBe(REFUSED(shown));
    expect(error.help).toBe('e.g. -m "feat: add user status"');
  });

  it('refuses a missing message as an empty one', () => {
    expect(thrown(() => validateMessage(undefined)).message).toBe(REFUSED(''));
  });
});

describe('chooseSets', () => {
  it('is all six sets, agent before ops, sqlite, then mysql, then postgresql, when none is named', () => {
    expect(chooseSets([])).toEqual([
      { dialect: 'sqlite', database: 'agent' },
      { dialect: 'sqlite', database: 'ops' },
      { dialect: 'mysql', database: 'agent' },
      { dialect: 'mysql', database: 'ops' },
      { dialect: 'postgresql', database: 'agent' },
      { dialect: 'postgresql', database: 'ops' },
    ]);
  });

  it('is the named sets, once each, in the order given', () => {
    expect(chooseSets(['mysql_ops', 'sqlite_agent', 'mysql_ops'])).toEqual([
      { dialect: 'mysql', database: 'ops' },
      { dialect: 'sqlite', database: 'agent' },
    ]);
  });

  it('refuses unknown names, all of them in one message, with the known names as help', () => {
    const error = thrown(() => chooseSets(['sqlite_agent', 'unknown_set', 'postgres_ops']));
    expect(error).toBeInstanceOf(AuthoringError);
    expect(error.message).toBe('unknown migration set "unknown_set", "postgres_ops"');
    expect(error.help).toBe('use one or more of: sqlite_agent, sqlite_ops, mysql_agent, mysql_ops, postgresql_agent, postgresql_ops');
  });

  it('refuses a database name without its dialect', () => {
    expect(thrown(() => chooseSets(['agent'])).message).toBe('unknown migration set "agent"');
  });
});

describe('sourceMigrationsDir', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('is <nearest directory with a package.json>/migrations', () => {
    const root = mkdtempSync(join(tmpdir(), 'author-root-'));
    dirs.push(root);
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'dist', 'src', 'authoring'), { recursive: true });
    expect(sourceMigrationsDir(join(root, 'dist', 'src', 'authoring'))).toBe(join(root, 'migrations'));
  });
});

// --- RevisionAuthor on hand-made sets: manifests stand for the build, so no revision code is imported

type SetName = 'sqlite/agent' | 'sqlite/ops' | 'mysql/agent' | 'mysql/ops' | 'postgresql/agent' | 'postgresql/ops';
const SETS: readonly SetName[] = ['sqlite/agent', 'sqlite/ops', 'mysql/agent', 'mysql/ops', 'postgresql/agent', 'postgresql/ops'];
interface Rev {
  id: string;
  parents: string[];
}

/** A project with sources (`migrations/`) and a build (`built/`) of the four sets. */
function project(sets: Partial<Record<SetName, Rev[]>>, options: { staleBuild?: SetName; noSnapshot?: SetName } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'author-'));
  const sources = join(root, 'migrations');
  const built = join(root, 'built');
  for (const set of SETS) {
    const revisions = sets[set] ?? [{ id: `${set.startsWith('sqlite') ? 'a' : 'b'}${set.endsWith('agent') ? 'a' : 'b'}0000000001`, parents: [] }];
    mkdirSync(join(sources, set), { recursive: true });
    mkdirSync(join(built, set), { recursive: true });
    const entries = revisions.map((r) => ({ ...r, message: `feat: ${r.id}`, file: `${r.id}_fixture.js`, checksum: 'x' }));
    for (const entry of entries) {
      writeFileSync(join(sources, set, `${entry.id}_fixture.ts`), '// source\n');
      writeFileSync(join(built, set, entry.file), '// built\n');
    }
    if (options.staleBuild === set) writeFileSync(join(sources, set, 'fedcba987654_not_built_yet.ts'), '// source\n');
    writeFileSync(join(built, set, 'manifest.json'), JSON.stringify({ revisions: entries }));
    if (options.noSnapshot !== set) writeFileSync(join(sources, set, 'schema-snapshot.json'), '{}');
  }
  const files = () => Object.fromEntries(SETS.map((set) => [set, readdirSync(join(sources, set)).sort()]));
  return {
    root,
    sources,
    author: new RevisionAuthor(new RevisionCatalog(built), sources, ['user_message']),
    files,
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

const R = '100000000000';
const A = '2a0000000000';
const B = '3b0000000000';

describe('RevisionAuthor', () => {
  const projects: { remove(): void }[] = [];
  const make = (...args: Parameters<typeof project>) => {
    const p = project(...args);
    projects.push(p);
    return p;
  };
  afterEach(() => projects.splice(0).forEach((p) => p.remove()));

  it('--manual writes one skeleton per chosen set, with one new id, parented on each set’s head', async () => {
    const p = make({ 'sqlite/agent': [{ id: R, parents: [] }, { id: A, parents: [R] }] });
    const before = p.files();
    const outcomes = await p.author.revision('feat: manual change', [{ dialect: 'sqlite', database: 'agent' }, { dialect: 'mysql', database: 'ops' }], true);
    expect(outcomes.map((o) => [o.set, o.note])).toEqual([
      ['sqlite_agent', 'manual skeleton'],
      ['mysql_ops', 'manual skeleton'],
    ]);
    const names = outcomes.map((o) => o.file!.split('/').at(-1)!);
    expect(names[0]).toMatch(/^[0-9a-f]{12}_manual_change\.ts$/);
    expect(names[1]).toBe(names[0]);
    const id = names[0].slice(0, 12);
    expect([R, A]).not.toContain(id);
    expect(outcomes[0].file).toBe(join(p.sources, 'sqlite/agent', names[0]));
    expect(readFileSync(outcomes[0].file!, 'utf8')).toContain(`parents: ['${A}']`);
    expect(readFileSync(outcomes[1].file!, 'utf8')).toContain(`parents: ['bb0000000001']`);
    const after = p.files();
    expect(after['sqlite/ops']).toEqual(before['sqlite/ops']);
    expect(after['mysql/agent']).toEqual(before['mysql/agent']);
    expect(after['sqlite/agent']).toEqual([...before['sqlite/agent'], names[0]].sort());
  });

  it('merge writes a merge revision only where a set has several heads, naming them all as parents', async () => {
    const p = make({ 'mysql/agent': [{ id: R, parents: [] }, { id: A, parents: [R] }, { id: B, parents: [R] }] });
    const before = p.files();
    const outcomes = await p.author.merge('fix: merge heads', [
      { dialect: 'sqlite', database: 'agent' },
      { dialect: 'mysql', database: 'agent' },
    ]);
    expect(outcomes[0]).toEqual({ set: 'sqlite_agent', file: null, note: 'one head, nothing to merge' });
    expect(outcomes[1].set).toBe('mysql_agent');
    expect(outcomes[1].note).toBe(`merges ${A}, ${B}`);
    const source = readFileSync(outcomes[1].file!, 'utf8');
    expect(source).toContain(`parents: ['${A}', '${B}']`);
    expect(source).toContain('message: "fix: merge heads"');
    expect(p.files()['sqlite/agent']).toEqual(before['sqlite/agent']);
  });

  it('revision refuses a set with several heads, pointing at merge', async () => {
    const p = make({ 'sqlite/agent': [{ id: R, parents: [] }, { id: A, parents: [R] }, { id: B, parents: [R] }] });
    const error = await rejected(p.author.revision('feat: x', [{ dialect: 'sqlite', database: 'agent' }], true));
    expect(error).toBeInstanceOf(AuthoringError);
    expect(error.message).toBe(`sqlite_agent has 2 heads (${A}, ${B})`);
    expect(error.help).toBe('run `npm run db -- merge -m "fix: merge heads"` first');
  });

  it('revision writes nothing in any set when a later set has several heads', async () => {
    const p = make({ 'mysql/agent': [{ id: R, parents: [] }, { id: A, parents: [R] }, { id: B, parents: [R] }] });
    const before = p.files();
    const error = await rejected(p.author.revision('feat: x', chooseSets([]), true));
    expect(error.message).toBe(`mysql_agent has 2 heads (${A}, ${B})`);
    expect(p.files()).toEqual(before);
  });

  it('refuses, before writing anything, when a chosen set’s build is not current with its sources', async () => {
    const p = make({}, { staleBuild: 'mysql/ops' });
    const before = p.files();
    const error = await rejected(p.author.revision('feat: x', chooseSets([]), true));
    expect(error).toBeInstanceOf(AuthoringError);
    expect(error.message).toBe(`the build of mysql_ops is not current with ${join(p.sources, 'mysql/ops')}`);
    expect(error.help).toBe('run `npm run build`, then try again');
    expect(p.files()).toEqual(before);
  });

  it('refuses, before writing anything, when a chosen set has no schema snapshot', async () => {
    const p = make({}, { noSnapshot: 'sqlite/ops' });
    const before = p.files();
    const error = await rejected(p.author.merge('fix: merge heads', chooseSets([])));
    expect(error.message).toBe('sqlite_ops has no schema-snapshot.json');
    expect(error.help).toBe(`restore ${join(p.sources, 'sqlite/ops', 'schema-snapshot.json')} from version control`);
    expect(p.files()).toEqual(before);
    expect(existsSync(join(p.sources, 'sqlite/ops', 'schema-snapshot.json'))).toBe(false);
  });
});

import { globSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exitStatusOf, renderCliError } from '../../src/cli/program.js';
import { RevisionGraph } from '../../src/version-guard/core/revision-graph.js';
import {
  DuplicateParentError,
  DuplicateRevisionError,
  MissingParentError,
  RevisionCycleError,
  UnknownRevisionError,
} from '../../src/version-guard/core/revision-graph.errors.js';
import { RevisionFileError } from '../../src/version-guard/core/revision-file.errors.js';
import type { DatabaseStatus } from '../../src/version-guard/core/database-status.js';
import { DatabaseRefusedError } from '../../src/version-guard/core/guard.errors.js';
import { UpgradeFailedError } from '../../src/version-guard/core/startup.errors.js';
import type { MigrationSetId } from '../../src/version-guard/core/revision.js';
import { RevisionCatalog } from '../../src/version-guard/engine/revision-catalog.js';
import { importRevisionFile } from '../../src/version-guard/engine/revision-modules.js';
import { rejected, thrown } from '../support/thrown.js';

const AGENT: MigrationSetId = { dialect: 'sqlite', database: 'agent' };
const OPS: MigrationSetId = { dialect: 'sqlite', database: 'ops' };

// agent: a1 <- a2; ops: f006c02a457c alone
const A1 = 'aaaa00000001';
const A2 = 'aaaa00000002';
const OPS_ONLY = 'f006c02a457c';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

interface Rev {
  readonly id: string;
  readonly parents?: readonly string[];
}

const fileOf = (id: string) => `${id}_x.js`;

/** A migrations root whose sets are read through their manifests (the revision files exist, as the manifest requires). */
function migrationsRoot(sets: Partial<Record<'agent' | 'ops', readonly Rev[]>>): string {
  const root = mkdtempSync(join(tmpdir(), 'messages-'));
  roots.push(root);
  for (const [database, revisions] of Object.entries(sets)) {
    const dir = join(root, 'sqlite', database);
    mkdirSync(dir, { recursive: true });
    const entries = revisions.map(({ id, parents = [] }) => ({ id, parents, message: `revision ${id}`, breaking: false, file: fileOf(id), checksum: '0' }));
    for (const entry of entries) writeFileSync(join(dir, entry.file), 'export {};\n');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ revisions: entries }));
  }
  return root;
}

describe('an unknown revision names the set it is unknown in', () => {
  const twoSets = () => migrationsRoot({ agent: [{ id: A1 }, { id: A2, parents: [A1] }], ops: [{ id: OPS_ONLY }] });

  it('and, with both sets read (--db all), the set of the same dialect that has it and the --db that selects it', async () => {
    const catalog = new RevisionCatalog(twoSets());
    const [agent, ops] = await Promise.all([catalog.load(AGENT), catalog.load(OPS)]);
    expect(ops.graph.resolve(OPS_ONLY)).toBe(OPS_ONLY);
    const error = thrown(() => agent.graph.resolve(OPS_ONLY));
    expect(error).toBeInstanceOf(UnknownRevisionError);
    expect(error).toMatchObject({ code: 'unknown_revision', set: 'sqlite_agent', other: { set: 'sqlite_ops', database: 'ops' } });
    expect(error.message).toBe(`unknown revision "${OPS_ONLY}" in sqlite_agent`);
    expect(error.help).toBe('it is a revision of sqlite_ops: use --db ops');
    // the CLI's line: one line, exit status 2 (bad argument)
    expect(renderCliError(error)).toBe(`db: unknown revision "${OPS_ONLY}" in sqlite_agent; it is a revision of sqlite_ops: use --db ops`);
    expect(exitStatusOf(error)).toBe(2);
  });

  it('finds the other set from its manifest when only one set was read (--db agent), for a prefix too', async () => {
    const catalog = new RevisionCatalog(twoSets());
    const agent = await catalog.load(AGENT);
    expect(thrown(() => agent.graph.resolve('f006c0')).help).toBe('it is a revision of sqlite_ops: use --db ops');
    const ops = await catalog.load(OPS);
    const error = thrown(() => ops.graph.resolve(A2));
    expect(error.message).toBe(`unknown revision "${A2}" in sqlite_ops`);
    expect(error.help).toBe('it is a revision of sqlite_agent: use --db agent');
  });

  it('lists the known revisions when no other set has it, or when the prefix matches several of the other set', async () => {
    const catalog = new RevisionCatalog(twoSets());
    const [agent, ops] = await Promise.all([catalog.load(AGENT), catalog.load(OPS)]);
    const unknown = thrown(() => agent.graph.resolve('abcdef123456'));
    expect(renderCliError(unknown)).toBe('db: unknown revision "abcdef123456" in sqlite_agent; run `npm run db -- history` to list the known revisions');
    expect(thrown(() => ops.graph.resolve('aaaa0000')).help).toBe('run `npm run db -- history` to list the known revisions');
  });

  it('quotes the reference as user input: control characters escaped, one line', async () => {
    const agent = await new RevisionCatalog(twoSets()).load(AGENT);
    const line = renderCliError(thrown(() => agent.graph.resolve('abcd\n\u001b[2J')));
    expect(line).toBe('db: unknown revision "abcd\\n\\u001b[2J" in sqlite_agent; run `npm run db -- history` to list the known revisions');
  });
});

describe('a broken history names its migration set and the files', () => {
  const MISSING = 'cccc00000000';
  const B = 'bbbb00000000';

  it('a missing parent: the set, the child revision and its file, and what to do in that file', async () => {
    const root = migrationsRoot({ agent: [{ id: A1 }, { id: B, parents: [MISSING] }] });
    const error = await rejected(new RevisionCatalog(root).load(AGENT));
    expect(error).toBeInstanceOf(MissingParentError);
    const file = relative(process.cwd(), join(root, 'sqlite', 'agent', fileOf(B)));
    const shown = file.startsWith('..') ? join(root, 'sqlite', 'agent', fileOf(B)) : file;
    expect(error.message).toBe(`sqlite_agent: revision ${B} (${shown}) names parent ${MISSING}, which no file of sqlite_agent declares`);
    expect(error.help).toBe(`restore that revision's file or fix the parents in ${fileOf(B)}`);
  });

  const source = { set: AGENT, pathOf: (file: string) => `migrations/sqlite/agent/${file}` };
  const rev = (id: string, parents: string[] = [], file = fileOf(id)) => ({ id, parents, message: id, file });

  it('a duplicated id: the set and both files', () => {
    const error = thrown(() => RevisionGraph.build([rev(A1), rev(A1, [], 'copy.js')], source));
    expect(error).toBeInstanceOf(DuplicateRevisionError);
    expect(error.message).toBe(`sqlite_agent: revision ${A1} is declared more than once (migrations/sqlite/agent/${fileOf(A1)}, migrations/sqlite/agent/copy.js)`);
    expect(error.help).toBe(`delete the copy or give one of ${fileOf(A1)}, copy.js a new id`);
  });

  it('a repeated parent: the set and the file', () => {
    const error = thrown(() => RevisionGraph.build([rev(A1), rev(A2, [A1, A1])], source));
    expect(error).toBeInstanceOf(DuplicateParentError);
    expect(error.message).toBe(`sqlite_agent: revision ${A2} (migrations/sqlite/agent/${fileOf(A2)}) names parent ${A1} more than once`);
    expect(error.help).toBe(`list ${A1} only once in the parents in ${fileOf(A2)}`);
  });

  it('a cycle: the set and the files to fix', () => {
    const error = thrown(() => RevisionGraph.build([rev(A1, [A2]), rev(A2, [A1])], source));
    expect(error).toBeInstanceOf(RevisionCycleError);
    expect(error.message).toBe(`sqlite_agent: revisions form a cycle through their parents: ${A1} -> ${A2} -> ${A1}`);
    expect(error.help).toBe(`fix the parents in one of ${fileOf(A1)}, ${fileOf(A2)} so that the history starts at a root revision`);
  });

  it('an invalid id: the set and the file', () => {
    const error = thrown(() => RevisionGraph.build([rev('ABC', [], 'abc.js')], source));
    expect(error.message).toBe('sqlite_agent: invalid revision id "ABC" (migrations/sqlite/agent/abc.js): expected 12 lowercase hex characters');
  });
});

describe('refusals and failures about a revision name its migration set', () => {
  const status = (over: Partial<DatabaseStatus>) =>
    ({ name: 'ops', dialect: 'mysql', current: [A1], heads: [A2], pending: [], unknown: [], modified: [], ...over }) as DatabaseStatus;

  it('a modified revision', () => {
    const error = new DatabaseRefusedError(status({ state: 'modified', modified: [A1] }));
    expect(error.message).toBe(
      `ops database: the code of applied revision ${A1} of mysql_ops changed since it ran (checksum differs); the database may not match what the code now says it did`,
    );
  });

  it('a previous failure', () => {
    const failure = { revision: A2, failedAt: '2026-11-29T05:00:00.000Z', error: 'boom' };
    const error = new DatabaseRefusedError(status({ state: 'failed', failure }));
    expect(error.message).toBe(`ops database: a previous upgrade failed at revision ${A2} of mysql_ops (2026-11-29T05:00:00.000Z): boom`);
  });

  it('a failing upgrade', () => {
    const error = new UpgradeFailedError('ops', A2, new Error('boom'), [A1], [A2], null, undefined, 'mysql_ops');
    expect(error.message).toBe(`ops database: upgrade failed at revision ${A2} of mysql_ops: boom`);
  });

  it('several heads', () => {
    const error = new DatabaseRefusedError(status({ state: 'multiple_heads', heads: [A1, A2] }));
    expect(error.message).toBe(`ops database: the mysql_ops migration set has 2 heads (${A1}, ${A2}): parallel revisions were not merged`);
  });
});

describe('a revision file that cannot be used is named', () => {
  it('a syntax error and a module without a revision class name the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'messages-files-'));
    roots.push(dir);
    writeFileSync(join(dir, 'aaaa00000001_broken.mjs'), 'export const = ;\n');
    writeFileSync(join(dir, 'aaaa00000002_empty.mjs'), 'export const nothing = 1;\n');
    const broken = await rejected(importRevisionFile(dir, 'aaaa00000001_broken.mjs'));
    expect(broken).toBeInstanceOf(RevisionFileError);
    expect(broken.message).toMatch(new RegExp(`^revision file ${join(dir, 'aaaa00000001_broken.mjs').replace(/[./]/g, '\\$&')} cannot be loaded: \\S`));
    expect(broken.help).toBe(`fix ${join(dir, 'aaaa00000001_broken.mjs')} (or restore it from version control), then try again`);
    const empty = await rejected(importRevisionFile(dir, 'aaaa00000002_empty.mjs'));
    expect(empty.message).toBe(`${join(dir, 'aaaa00000002_empty.mjs')} exports no revision class (a class with a static "revision" field)`);
  });
});

describe('the message catalogue is the only place user texts are written', () => {
  // the build's first step runs before anything is compiled and imports no project source; the
  // bundle writer writes code, not messages
  const EXCEPTIONS = new Set(['src/scripts/transpile.ts', 'src/scripts/revision-bundle.writer.ts']);

  it('no source outside src/version-guard/core/messages/ builds an error from a template literal or a sentence', () => {
    const offenders = globSync('src/**/*.ts')
      .filter((file) => !file.startsWith('src/version-guard/core/messages/') && !EXCEPTIONS.has(file))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${file}:${i + 1}` }))
          .filter(({ line }) => /(new \w*Error|super)\(\s*(`|'[^']* [^']*')/.test(line))
          .map(({ at }) => at),
      );
    expect(offenders).toEqual([]);
  });
});

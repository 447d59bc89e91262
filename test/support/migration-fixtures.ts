import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { BUILT_MIGRATIONS, ROOT } from './paths.js';
import type { DatabaseName, Dialect } from '../../src/version-guard/core/revision.js';

/** A new random revision id. */
export function newRevisionId(): string {
  return randomBytes(6).toString('hex');
}

/** The name of the directory that holds a fixture (and nothing else) starts with this. */
const FIXTURE_DIR_PREFIX = 'guard-fixture-';

/**
 * A private copy of the built migration sets for one test, to add or change revisions in:
 * `<tmp>/guard-fixture-<random>/migrations/`. Beside it, `src` links to the built `dist/src/`, so the
 * revision files' relative imports of `../../../src/...` resolve to the modules the app runs.
 * Nothing is written into `dist/`, which other tests copy while this one runs. Manifests are
 * dropped: the app scans the files instead.
 */
export function copyBuiltMigrations(): string {
  const holder = mkdtempSync(join(tmpdir(), FIXTURE_DIR_PREFIX));
  symlinkSync(join(ROOT, 'dist', 'src'), join(holder, 'src'), 'dir');
  const root = join(holder, 'migrations');
  cpSync(BUILT_MIGRATIONS, root, { recursive: true, filter: (src) => !src.endsWith('manifest.json') });
  return root;
}

/** Removes a fixture made by `copyBuiltMigrations` (the link to `dist/src/`, never what it points to). */
export function removeFixture(root: string): void {
  const holder = dirname(root);
  if (!basename(holder).startsWith(FIXTURE_DIR_PREFIX)) throw new Error(`${root} is not a fixture of copyBuiltMigrations`);
  rmSync(holder, { recursive: true, force: true });
}

/** A revision to write into a fixture set. */
export interface FixtureRevision {
  readonly id: string;
  readonly parents: readonly string[];
  readonly message: string;
  /** Whether older code breaks on it (default false). */
  readonly breaking?: boolean;
  readonly up: readonly string[];
  readonly down: readonly string[];
  /** JavaScript run at the start of `up` (e.g. a delay). */
  readonly upPrelude?: string;
  /** The file name after the id (default `fixture`). */
  readonly slug?: string;
}

/** Writes a revision file into `<root>/<dialect>/<database>/`. */
export function addRevision(root: string, set: `${Dialect}/${DatabaseName}`, revision: FixtureRevision): string {
  const dir = join(root, set);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${revision.id}_${revision.slug ?? 'fixture'}.js`);
  writeFileSync(
    file,
    [
      `import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';`,
      `export class Revision_${revision.id} extends RevisionMigration {`,
      `  static revision = ${JSON.stringify({ id: revision.id, parents: revision.parents, message: revision.message, breaking: revision.breaking ?? false })};`,
      `  async up() {`,
      `    ${revision.upPrelude ?? ''}`,
      `    for (const sql of ${JSON.stringify(revision.up)}) this.addSql(sql);`,
      `  }`,
      `  async down() {`,
      `    for (const sql of ${JSON.stringify(revision.down)}) this.addSql(sql);`,
      `  }`,
      `}`,
      '',
    ].join('\n'),
  );
  return file;
}

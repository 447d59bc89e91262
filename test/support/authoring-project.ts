import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { childEnv, runAppProcess, type AppRun, type ProcessResult } from './processes.js';
import { writeMigrationSetFiles } from '../../src/scripts/migration-sets.writer.js';
import { transpileFiles } from '../../src/scripts/transpile.js';
import { typeCheck } from './type-check.js';
import { ROOT } from './paths.js';
import { runToEnd } from './commands.js';

/** The four migration sets as directories under `migrations/` (and `dist/migrations/`). */
export const SET_DIRS = ['sqlite/agent', 'sqlite/ops', 'mysql/agent', 'mysql/ops', 'postgresql/agent', 'postgresql/ops'] as const;
export type SetDir = (typeof SET_DIRS)[number];

/** `sqlite/agent` -> `sqlite_agent`. */
export const setName = (set: SetDir) => set.replace('/', '_');

/** What a set's built manifest says about one revision. */
export interface ManifestEntry {
  readonly id: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly breaking: boolean;
  readonly file: string;
  readonly checksum: string;
}

/** File name -> sha256 of its bytes, per migration set directory. */
export type MigrationFiles = Record<SetDir, Record<string, string>>;

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Runs a command to its end in a child with only the given variables, as `ProcessResult`. */
async function runInCopy(command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<ProcessResult> {
  return { ...(await runToEnd(command, args, { cwd: options.cwd, env: childEnv(options.env ?? {}), timeoutMs: options.timeoutMs ?? 120_000 })), started: false };
}

/** Files of the working tree that git would commit: tracked ones (still present) and untracked, not ignored ones. */
function projectFiles(): string[] {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  return [...new Set(listed.stdout.split('\0').filter(Boolean))].filter((file) => existsSync(join(ROOT, file)));
}

/** TypeScript sources that the build compiles (`tsconfig.build.json`): the app's and the migration sets'. */
const isBuiltSource = (file: string) => /^(src|migrations)\/.+(?<!\.d)\.ts$/.test(file);

/** Where the build writes a source: `src/a.ts` -> `dist/src/a.js`. */
const builtPathOf = (file: string) => join('dist', file.replace(/\.ts$/, '.js'));

/** Source files under `src/` and `migrations/` of a tree, relative to it. */
function builtSourcesIn(root: string): string[] {
  return ['src', 'migrations'].flatMap((top) =>
    existsSync(join(root, top)) ? (readdirSync(join(root, top), { recursive: true, encoding: 'utf8' }) as string[]).map((f) => `${top}/${f}`).filter(isBuiltSource) : [],
  );
}

/**
 * A private copy of the project (its git files and the project's current `dist/`; `node_modules`
 * linked to the real one) to change entities and write revisions in, and to build and run as a
 * developer would.
 */
export class ProjectCopy {
  /** Source file -> sha256 of the content `dist/` was last built from. */
  private readonly built: Map<string, string>;

  private constructor(readonly root: string) {
    this.built = new Map(builtSourcesIn(ROOT).map((file) => [file, sha256(join(ROOT, file))]));
  }

  static create(): ProjectCopy {
    const root = mkdtempSync(join(tmpdir(), 'guard-authoring-'));
    for (const file of projectFiles()) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(root, file));
    }
    // the project's own build (made by `npm test` before the suite runs) is the copy's first build,
    // with its build stamp: the copy's `npm run build` finds it current (`cp -a`: the stamp records
    // each output's mtime to the nanosecond). Nothing may write into `dist/` while the suite runs;
    // fixtures live in the temporary directory (`copyBuiltMigrations`)
    execFileSync('cp', ['-a', join(ROOT, 'dist'), root]);
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    return new ProjectCopy(root);
  }

  /**
   * Brings `dist/` up to date with the copy's sources as `npm run build` would, compiling only what
   * changed since `dist/` was last built (at first, the project's own build): sources added or
   * changed are compiled, removed ones leave `dist/`, the migration sets' manifests and bundles are
   * rewritten, and the entry-point bundle too when code under `src/` changed. The changed sources
   * are type-checked first (tsc, with everything they import), as `npm test` would, unless the test
   * wrote them itself (`typeCheck: false`).
   */
  async buildChanges({ typeCheck = true }: { typeCheck?: boolean } = {}): Promise<void> {
    const sources = new Map(builtSourcesIn(this.root).map((file) => [file, sha256(join(this.root, file))]));
    const changed = [...sources].filter(([file, hash]) => this.built.get(file) !== hash).map(([file]) => file);
    const removed = [...this.built.keys()].filter((file) => !sources.has(file));
    for (const file of removed) rmSync(join(this.root, builtPathOf(file)), { force: true });
    if (changed.length > 0 && typeCheck) await this.typeCheck(changed);
    if (changed.length > 0) await transpileFiles(join(this.root, 'tsconfig.build.json'), changed);
    if ([...changed, ...removed].some((file) => file.startsWith('src/'))) {
      await this.run(process.execPath, ['dist/src/scripts/finish-build.js']);
    } else {
      await writeMigrationSetFiles(join(this.root, 'dist/migrations'));
    }
    this.built.clear();
    for (const [file, hash] of sources) this.built.set(file, hash);
  }

  private async typeCheck(files: readonly string[]): Promise<void> {
    const errors = [...(await typeCheck(this.root, files)).entries()].filter(([, messages]) => messages.length > 0);
    if (errors.length > 0) throw new Error(`type errors in ${this.root}:\n${errors.map(([file, messages]) => `${file}: ${messages.join('; ')}`).join('\n')}`);
  }

  private async run(command: string, args: string[]): Promise<void> {
    const result = await runInCopy(command, args, { cwd: this.root, timeoutMs: 240_000 });
    if (result.exitCode !== 0) throw new Error(`${args.join(' ')} failed in ${this.root}:\n${result.stdout}\n${result.stderr}`);
  }

  /** `migrations/<set>` of the copy's sources. */
  sourceDir(set: SetDir): string {
    return join(this.root, 'migrations', set);
  }

  /** `npm <args>` in the copy. */
  npm(args: readonly string[], env: Record<string, string> = {}): Promise<ProcessResult> {
    return runInCopy('npm', args, { cwd: this.root, env, timeoutMs: 240_000 });
  }

  /** `npm run db -- <args>` in the copy, as a developer types it. */
  db(args: readonly string[], env: Record<string, string> = {}): Promise<ProcessResult> {
    return this.npm(['run', 'db', '--', ...args], env);
  }

  /** The copy's built CLI: `node dist/src/cli/main.js <args>`, as `npm run db` runs it. */
  cli(args: readonly string[], env: Record<string, string> = {}): Promise<ProcessResult> {
    return runInCopy(process.execPath, [join(this.root, 'dist/src/cli/main.js'), ...args], { cwd: this.root, env });
  }

  /** The copy's built app: `node dist/main.js <args>`. */
  app(options: { env: Record<string, string>; args?: string[]; whileRunning?: (port: number) => Promise<void> }): Promise<AppRun> {
    return runAppProcess({ main: join(this.root, 'dist/main.js'), cwd: this.root, ...options });
  }

  /** Every file of the four source migration directories, with a hash of its content. */
  migrationFiles(): MigrationFiles {
    const files = {} as MigrationFiles;
    for (const set of SET_DIRS) {
      const dir = this.sourceDir(set);
      files[set] = Object.fromEntries(readdirSync(dir).sort().map((name) => [name, sha256(join(dir, name))]));
    }
    return files;
  }

  /** The built manifest of a set (`dist/migrations/<set>/manifest.json`). */
  builtManifest(set: SetDir): ManifestEntry[] {
    return (JSON.parse(readFileSync(join(this.root, 'dist/migrations', set, 'manifest.json'), 'utf8')) as { revisions: ManifestEntry[] }).revisions;
  }

  /** Reads a file of the copy (path relative to its root). */
  read(path: string): string {
    return readFileSync(join(this.root, path), 'utf8');
  }

  /** Rewrites a file of the copy; throws when `change` leaves it as it was. */
  edit(path: string, change: (text: string) => string): void {
    const before = this.read(path);
    const after = change(before);
    if (after === before) throw new Error(`editing ${path} changed nothing`);
    writeFileSync(join(this.root, path), after);
  }

  /** Writes a file of the copy (path relative to its root). */
  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.root, path)), { recursive: true });
    writeFileSync(join(this.root, path), text);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Paths (`<set>/<file>`) present in `after` and not in `before`. */
export function addedFiles(before: MigrationFiles, after: MigrationFiles): string[] {
  return SET_DIRS.flatMap((set) => Object.keys(after[set]).filter((f) => !(f in before[set])).map((f) => `${set}/${f}`));
}

/** Paths (`<set>/<file>`) present in both whose content changed, or present only in `before`. */
export function changedOrRemovedFiles(before: MigrationFiles, after: MigrationFiles): string[] {
  return SET_DIRS.flatMap((set) => Object.keys(before[set]).filter((f) => after[set][f] !== before[set][f]).map((f) => `${set}/${f}`));
}

/** The heads of a revision list: those no other revision names as parent. */
export function headsOf(entries: readonly { id: string; parents: readonly string[] }[]): string[] {
  const parents = new Set(entries.flatMap((e) => e.parents));
  return entries.filter((e) => !parents.has(e.id)).map((e) => e.id);
}

/** The revisions in apply order; throws unless they form one linear chain. */
export function linearChain(entries: readonly { id: string; parents: readonly string[] }[]): string[] {
  const order: string[] = [];
  let next = entries.filter((e) => e.parents.length === 0);
  while (next.length > 0) {
    if (next.length !== 1 || next[0].parents.length > 1) throw new Error('the history is not one linear chain');
    order.push(next[0].id);
    next = entries.filter((e) => e.parents.includes(order.at(-1)!));
  }
  if (order.length !== entries.length) throw new Error('not every revision is on the chain');
  return order;
}

/** Identity of each revision source file of a directory, read from its `static revision` block (no import). */
export function sourceRevisions(dir: string): { id: string; parents: string[]; file: string }[] {
  return readdirSync(dir)
    .filter((file) => /^[0-9a-f]{12}_.*\.ts$/.test(file))
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const id = /\bid: '([0-9a-f]{12})'/.exec(text)?.[1];
      const parents = /\bparents: \[([^\]]*)\]/.exec(text)?.[1];
      if (!id || parents === undefined) throw new Error(`${file}: no static revision block`);
      return { id, parents: [...parents.matchAll(/'([0-9a-f]{12})'/g)].map((m) => m[1]), file };
    });
}

/** The source of a revision file: its class, identity and the bodies of `up` and `down`. */
function revisionFile(info: { id: string; parents: readonly string[]; message: string; breaking: boolean }, up: string, down: string): string {
  const { id, parents, message, breaking } = info;
  return `import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** ${message} */
export class Revision_${id} extends RevisionMigration {
  static readonly revision = {
    id: '${id}',
    parents: [${parents.map((p) => `'${p}'`).join(', ')}],
    message: ${JSON.stringify(message)},
    breaking: ${breaking},
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
${up}
  }

  override async down(): Promise<void> {
${down}
  }
}
`;
}

/** TypeScript source of a revision that creates (and drops) one small table, guarded like the shipped ones. */
export function tableRevisionSource(revision: { id: string; parents: readonly string[]; message: string; table: string }): string {
  const { table } = revision;
  return revisionFile(
    { ...revision, breaking: false },
    `    if (!(await this.tableExists('${table}'))) this.addSql('create table \`${table}\` (\`id\` varchar(36) not null primary key, \`note\` text null);');`,
    `    if (await this.tableExists('${table}')) this.addSql('drop table \`${table}\`;');`,
  );
}

/** TypeScript source of a revision running `up` / `down` statements as written (unquoted names work on every dialect). */
export function statementRevisionSource(revision: {
  id: string;
  parents: readonly string[];
  message: string;
  breaking: boolean;
  up: readonly string[];
  down: readonly string[];
}): string {
  const body = (statements: readonly string[]) => statements.map((sql) => `    this.addSql(${JSON.stringify(sql)});`).join('\n');
  return revisionFile(revision, body(revision.up), body(revision.down));
}

/** The body of `up()` or `down()` in a revision source. */
export function methodBody(source: string, method: 'up' | 'down'): string {
  const match = new RegExp(`async ${method}\\(\\)[^{]*\\{([\\s\\S]*?)\\n  \\}`).exec(source);
  if (!match) throw new Error(`no ${method}() in:\n${source}`);
  return match[1];
}

/** Lines of a method body that are code, not comments or blank. */
export const codeLines = (body: string) =>
  body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('//'));

/** The single head of a built set's entries (throws when there are several). */
export const singleHead = (entries: readonly ManifestEntry[]) => {
  const heads = headsOf(entries);
  if (heads.length !== 1) throw new Error(`expected one head, found ${heads.join(', ')}`);
  return heads[0];
};

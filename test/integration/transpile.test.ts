import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { transpileFiles, transpileProject } from '../../src/scripts/transpile.js';
import { build } from '../../src/scripts/build.js';
import { ROOT } from '../support/paths.js';

const REVISION = 'migrations/sqlite/agent/aaaaaaaaaaaa_add_note.ts';

/** A small project laid out like this one: sources, a migration set, and a helper outside both. */
const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ type: 'module' }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2023',
      lib: ['es2023'],
      types: [],
      rootDir: '.',
      outDir: 'dist',
      sourceMap: true,
      strict: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      skipLibCheck: true,
    },
    include: ['src/**/*.ts', 'migrations/**/*.ts'],
  }),
  'src/main.ts': [
    "import { greeting } from '../lib/greeting.js';",
    'declare const process: { stdout: { write(text: string): void } };',
    'const mark = (): PropertyDecorator => () => undefined;',
    'export class Entity {',
    '  @mark() name?: string;',
    '}',
    'process.stdout.write(`${greeting(new Entity().name ?? "world")}\\n`);',
    '',
  ].join('\n'),
  'lib/greeting.ts': 'export const greeting = (name: string): string => `hello ${name}`;\n',
  'lib/source.ts': 'export interface Source {\n  read(): string;\n}\n',
  [REVISION]: [
    "import type { Source } from '../../../lib/source.js';",
    'export class Revision_aaaaaaaaaaaa {',
    "  static readonly revision = { id: 'aaaaaaaaaaaa', parents: [] as string[], message: 'feat: add note', breaking: false };",
    '  private readonly statements: string[] = [];',
    '  constructor(readonly source?: Source) {}',
    '  async up(): Promise<void> {',
    "    this.statements.push('alter table agent add column note text');",
    '  }',
    '}',
    '',
  ].join('\n'),
};

/** A fresh copy of the small project. */
function smallProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'transpile-'));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    writeFileSync(join(project, file), text);
  }
  return project;
}

describe('the build compile step (src/scripts/transpile.ts)', () => {
  let project: string;

  beforeAll(() => {
    project = smallProject();
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('compiles what the tsconfig includes and what it imports by a relative path, into a fresh output directory', async () => {
    mkdirSync(join(project, 'dist'), { recursive: true });
    writeFileSync(join(project, 'dist', 'stale.js'), '');

    const count = await transpileProject(join(project, 'tsconfig.json'));

    expect(count).toBe(4);
    expect(existsSync(join(project, 'dist', 'stale.js'))).toBe(false);
    expect(existsSync(join(project, 'dist', 'lib', 'greeting.js'))).toBe(true);
    expect(readFileSync(join(project, 'dist', 'src', 'main.js'), 'utf8')).toContain('design:type');
    expect(existsSync(join(project, 'dist', 'src', 'main.js.map'))).toBe(true);
    const run = spawnSync(process.execPath, [join(project, 'dist', 'src', 'main.js')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('hello world\n');
  });

  // databases record the checksum of each revision's compiled file: the build and `nest start`
  // (tsc) must write the same bytes, or a start after the other refuses the database as modified
  it('writes revision files byte for byte as tsc does', async () => {
    await transpileProject(join(project, 'tsconfig.json'));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', 'dist-tsc'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);

    const compiled = REVISION.replace(/\.ts$/, '.js');
    expect(readFileSync(join(project, 'dist', compiled), 'utf8')).toBe(readFileSync(join(project, 'dist-tsc', compiled), 'utf8'));
  });

  it('compiles only the given files over an existing build', async () => {
    await transpileProject(join(project, 'tsconfig.json'));
    writeFileSync(join(project, 'lib', 'greeting.ts'), 'export const greeting = (name: string): string => `hi ${name}`;\n');
    writeFileSync(join(project, 'dist', 'kept.js'), '');

    await transpileFiles(join(project, 'tsconfig.json'), ['lib/greeting.ts']);

    expect(existsSync(join(project, 'dist', 'kept.js'))).toBe(true);
    expect(spawnSync(process.execPath, [join(project, 'dist', 'src', 'main.js')], { encoding: 'utf8' }).stdout).toBe('hi world\n');
  });
});

describe('npm run build (src/scripts/build.ts)', () => {
  it('builds, then writes nothing while the sources and dist/ are as the build left them; a change of either builds again', async ({ onTestFinished }) => {
    const project = smallProject();
    onTestFinished(() => rmSync(project, { recursive: true, force: true }));
    const lines: string[] = [];
    let finished = 0;
    const run = (force = false) =>
      build({
        root: project,
        tsconfig: 'tsconfig.json',
        force,
        print: (line) => lines.push(line),
        // as the real build bundles the app: a file only the finishing step writes
        finish: async (dist) => writeFileSync(join(dist, 'bundle.js'), `// bundle ${++finished}\n`),
      });
    const output = (file: string) => join(project, 'dist', file);
    const main = () => spawnSync(process.execPath, [output('src/main.js')], { encoding: 'utf8' }).stdout;

    expect(await run()).toBe('built');
    expect(lines.at(-1)).toBe('compiled 4 files to JavaScript (tsconfig.json)');
    expect(main()).toBe('hello world\n');
    const writtenAt = statSync(output('src/main.js')).mtimeMs;

    expect(await run()).toBe('current');
    expect(lines.at(-1)).toBe('dist/ is the build of the sources as they are: nothing to build (npm run build -- --force builds anyway)');
    expect(statSync(output('src/main.js')).mtimeMs).toBe(writtenAt);
    expect(finished).toBe(1);

    // a file the build compiles because a source imports it, outside the tsconfig's folders
    writeFileSync(join(project, 'lib', 'greeting.ts'), 'export const greeting = (name: string): string => `hi ${name}`;\n');
    expect(await run()).toBe('built');
    expect(lines).toContain('building dist/: lib/greeting.ts changed');
    expect(main()).toBe('hi world\n');

    rmSync(output('bundle.js'));
    expect(await run()).toBe('built');
    expect(lines).toContain('building dist/: dist/bundle.js is gone');
    expect(readFileSync(output('bundle.js'), 'utf8')).toBe('// bundle 3\n');

    writeFileSync(join(project, 'src', 'extra.ts'), 'export const extra = 1;\n');
    expect(await run()).toBe('built');
    expect(lines).toContain('building dist/: src/extra.ts is new');
    expect(existsSync(output('src/extra.js'))).toBe(true);

    rmSync(join(project, 'src', 'extra.ts'));
    expect(await run()).toBe('built');
    expect(lines).toContain('building dist/: src/extra.ts is gone');

    // a source that starts importing a file nothing imported before: that file is compiled too
    writeFileSync(join(project, 'lib', 'shout.ts'), 'export const shout = (text: string): string => text.toUpperCase();\n');
    writeFileSync(join(project, 'src', 'main.ts'), `import { shout } from '../lib/shout.js';\n${FILES['src/main.ts'].replace('${greeting(', '${shout(greeting(').replace('"world")}', '"world"))}')}`);
    expect(await run()).toBe('built');
    expect(lines).toContain('building dist/: lib/shout.ts is new');
    expect(main()).toBe('HI WORLD\n');
    expect(await run()).toBe('current');
    writeFileSync(join(project, 'lib', 'shout.ts'), 'export const shout = (text: string): string => `${text}!`;\n');
    expect(await run()).toBe('built');
    expect(lines).toContain('building dist/: lib/shout.ts changed');
    expect(main()).toBe('hi world!\n');
    // an imported file that goes away and comes back (a stash, a branch switch) is compiled again
    const shout = readFileSync(join(project, 'lib', 'shout.ts'), 'utf8');
    rmSync(join(project, 'lib', 'shout.ts'));
    expect(await run()).toBe('built');
    writeFileSync(join(project, 'lib', 'shout.ts'), shout);
    lines.length = 0;
    expect(await run()).toBe('built');
    expect(lines).toContain('building dist/: lib/shout.ts changed');
    expect(main()).toBe('hi world!\n');

    writeFileSync(join(project, 'tsconfig.json'), FILES['tsconfig.json'].replace('"sourceMap":true', '"sourceMap":false'));
    expect(await run()).toBe('built');
    expect(lines).toContain('building dist/: tsconfig.json changed');
    expect(existsSync(output('src/main.js.map'))).toBe(false);

    expect(await run()).toBe('current');
    expect(await run(true)).toBe('built');
    expect(lines.at(-2)).toBe('building dist/: asked for with --force');
    expect(finished).toBe(11);
  });
});

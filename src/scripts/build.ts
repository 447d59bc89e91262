import { existsSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `npm run build`: compiles the project into `dist/` (`transpile.ts`), then writes the migration
 * sets' manifests and bundles and the app's bundle (`finish-build.ts`), unless `dist/` already is
 * the build of the sources as they are (`build-stamp.ts`): then it writes nothing. `npm start`
 * builds first, and `npm ci` builds before `npm test` builds again; a build that has nothing to do
 * takes about 0.3 s (loading TypeScript to list the sources, and hashing them) instead of three.
 * `--force` builds anyway.
 *
 * It runs before anything is built, so Node runs it as it is (type stripping), with its siblings.
 */

/** A module next to this one: its TypeScript source while this file runs as TypeScript. */
const sibling = <T>(name: string): Promise<T> => import(new URL(`./${name}${extname(import.meta.filename)}`, import.meta.url).href) as Promise<T>;

/** Files besides the sources whose change changes the build: settings, and the exact versions of the tools. */
const BUILD_SETTINGS = ['package.json', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

export interface BuildOptions {
  /** The project's folder. */
  readonly root: string;
  /** The tsconfig the build compiles (relative to `root`). */
  readonly tsconfig: string;
  readonly force?: boolean;
  /** What the build does after compiling, in `dist/`. */
  readonly finish: (dist: string) => Promise<void>;
  readonly print: (line: string) => void;
}

/** Builds `dist/` unless it is current; says which. */
export async function build(options: BuildOptions): Promise<'built' | 'current'> {
  const { root, print } = options;
  const [{ includedSources, relativeImportClosure, transpileProject }, stamps] = await Promise.all([
    sibling<typeof import('./transpile.js')>('transpile'),
    sibling<typeof import('./build-stamp.js')>('build-stamp'),
  ]);
  const tsconfig = resolve(root, options.tsconfig);
  const dist = join(root, 'dist');
  const settings = [...BUILD_SETTINGS.filter((file) => existsSync(join(root, file))), options.tsconfig];
  const included = includedSources(tsconfig);
  const recorded = stamps.readStamp(dist);
  const staleness = (inputs: Record<string, string>) =>
    stamps.staleReason(recorded, { node: process.version, inputs, outputs: existsSync(dist) ? stamps.describeOutputs(dist) : {} });
  const current = () => {
    print(`dist/ is the build of the sources as they are: nothing to build (npm run build -- --force builds anyway)`);
    return 'current' as const;
  };

  // Which files the sources import is decided by the files the last build read: while none of
  // them changed and the tsconfig includes no new one, hashing them again tells that dist/ is
  // current, without reading every source's imports (0.2 s of a build that has nothing to do).
  const known = (file: string) => recorded !== null && file in recorded.inputs;
  if (!options.force && [...settings, ...included.map((file) => relative(root, file))].every(known) && staleness(stamps.hashInputs(root, Object.keys(recorded!.inputs))) === null) {
    return current();
  }
  const { sources, absent } = relativeImportClosure(included);
  // hashed before anything is compiled: a source edited while the build runs makes the next build
  // start over; an imported file that does not exist is recorded as missing, so that its arrival does
  const inputs = stamps.hashInputs(root, [...settings, ...[...sources, ...absent].map((file) => relative(root, file))]);
  const stale = options.force ? 'asked for with --force' : staleness(inputs);
  if (stale === null) return current();
  print(`building dist/: ${stale}`);
  stamps.removeStamp(dist);
  const count = await transpileProject(tsconfig, sources);
  print(`compiled ${count} files to JavaScript (${options.tsconfig})`);
  await options.finish(dist);
  stamps.writeStamp(dist, { node: process.version, inputs, outputs: stamps.describeOutputs(dist) });
  return 'built';
}

if (process.argv[1] === import.meta.filename) {
  // Node's compile cache, as the app and the CLI keep it (README, "Start time"): TypeScript, which
  // every build loads to list the sources, takes about 0.3 s to compile without it
  (await import('node:module')).enableCompileCache?.();
  const root = resolve(import.meta.dirname, '..', '..');
  const print = (line: string) => process.stdout.write(`${line}\n`);
  await build({
    root,
    tsconfig: 'tsconfig.build.json',
    force: process.argv.includes('--force'),
    print,
    finish: async (dist) => {
      const { finishBuild } = (await import(pathToFileURL(join(dist, 'src', 'scripts', 'finish-build.js')).href)) as typeof import('./finish-build.js');
      await finishBuild(dist, print);
    },
  });
}

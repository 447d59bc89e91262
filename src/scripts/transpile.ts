import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { transformFile, type Options } from '@swc/core';
import type * as TS from 'typescript';

// TypeScript is one large CommonJS file: required, it loads about 0.2 s faster than imported (an ES
// import scans it for its exports and detects its format first)
const ts: typeof TS = createRequire(import.meta.url)('typescript');

/**
 * The build's compile step: every source `tsconfig.build.json` includes (as TypeScript reads it),
 * compiled file by file into `dist/` with the options tsc would apply (ES modules, the target, legacy decorators and
 * their metadata, class fields, source maps). SWC does it in about a second; tsc took ten, most of
 * it type-checking, which `npm run typecheck` (run by `npm test`) does instead.
 *
 * Revision files are the exception: every database records the checksum of a revision's compiled
 * file when it runs it, and refuses a start as `modified` when the file differs later. They are
 * compiled by TypeScript itself (`transpileModule`, no type-checking), whose output is byte for
 * byte what earlier builds and `nest start` produce, so that neither this build nor the way the
 * app is started changes what a database has recorded.
 *
 * It runs before anything is built, so Node runs this file as it is (type stripping) and it
 * imports nothing of the project's.
 */

/** Sources compiled by TypeScript rather than SWC (paths relative to the project). */
const COMPILED_BY_TYPESCRIPT = /^migrations\//;

/** The tsconfig as tsc reads it (`extends`, comments, include and exclude): options and files. */
function readProject(tsconfigPath: string): TS.ParsedCommandLine {
  const fail = (diagnostic: TS.Diagnostic): never => {
    throw new Error(`${tsconfigPath}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: fail });
  if (!parsed) throw new Error(`${tsconfigPath} could not be read`);
  if (parsed.errors.length > 0) fail(parsed.errors[0]);
  return parsed;
}

type SwcTarget = NonNullable<NonNullable<Options['jsc']>['target']>;

/** SWC's options for what tsc would do with these compiler options. */
function swcOptions(options: TS.CompilerOptions): Options {
  const target = options.target ?? ts.ScriptTarget.ES2023;
  const decorators = options.experimentalDecorators ?? false;
  return {
    swcrc: false,
    configFile: false,
    sourceMaps: options.sourceMap ?? false,
    module: { type: 'es6' },
    jsc: {
      target: ts.ScriptTarget[target].toLowerCase() as SwcTarget,
      keepClassNames: true,
      parser: { syntax: 'typescript', decorators },
      transform: {
        legacyDecorator: decorators,
        decoratorMetadata: options.emitDecoratorMetadata ?? false,
        // tsc's default: class fields are defined (not assigned) from ES2022 on
        useDefineForClassFields: options.useDefineForClassFields ?? target >= ts.ScriptTarget.ES2022,
      },
    },
  };
}

/** Writes compiled code and its source map (when there is one) next to each other. */
function writeOutput(outFile: string, code: string, map: string | undefined): void {
  mkdirSync(dirname(outFile), { recursive: true });
  if (map !== undefined) writeFileSync(`${outFile}.map`, map);
  writeFileSync(outFile, code);
}

/** Compiles one source with SWC to `outFile`. */
async function compileWithSwc(source: string, outFile: string, options: Options): Promise<void> {
  const { code, map } = await transformFile(source, { ...options, filename: source, sourceFileName: relative(dirname(outFile), source) });
  writeOutput(outFile, map ? `${code}\n//# sourceMappingURL=${basename(outFile)}.map\n` : code, map);
}

/** Compiles one source with TypeScript's own emitter to `outFile`. */
function compileWithTypeScript(source: string, outFile: string, options: TS.CompilerOptions): void {
  const { outputText, sourceMapText } = ts.transpileModule(readFileSync(source, 'utf8'), { compilerOptions: options, fileName: source });
  writeOutput(outFile, outputText, sourceMapText);
}

/** Where the project's sources are, where their JavaScript goes, and how each is compiled. */
function projectBuild(tsconfigPath: string) {
  const project = readProject(tsconfigPath);
  const root = dirname(tsconfigPath);
  const outDir = project.options.outDir ?? resolve(root, 'dist');
  const rootDir = project.options.rootDir ?? root;
  const swc = swcOptions(project.options);
  // on its own, a file under `nodenext` would be compiled as CommonJS: the package is ES modules
  const typeScript: TS.CompilerOptions = { ...project.options, module: ts.ModuleKind.ESNext };
  const compile = async (source: string): Promise<void> => {
    const outFile = join(outDir, relative(rootDir, source)).replace(/\.ts$/, '.js');
    if (COMPILED_BY_TYPESCRIPT.test(relative(root, source))) compileWithTypeScript(source, outFile, typeScript);
    else await compileWithSwc(source, outFile, swc);
  };
  return { project, root, outDir, compile };
}

/**
 * The sources and every project file they import by a relative path, transitively: tsc compiles
 * those too (the benchmark imports the test suite's MariaDB server helper, for example). `absent`
 * are the files imported that do not exist (yet): the build records them, so that one appearing
 * later makes the next build start over.
 */
export function relativeImportClosure(sources: readonly string[]): { sources: string[]; absent: string[] } {
  const found = new Set(sources);
  const absent = new Set<string>();
  const pending = [...sources];
  while (pending.length > 0) {
    const source = pending.pop()!;
    for (const { fileName } of ts.preProcessFile(readFileSync(source, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const imported = resolve(dirname(source), fileName.replace(/\.js$/, '.ts'));
      if (!imported.endsWith('.ts') || found.has(imported)) continue;
      if (!existsSync(imported)) {
        absent.add(imported);
        continue;
      }
      found.add(imported);
      pending.push(imported);
    }
  }
  return { sources: [...found], absent: [...absent] };
}

/** The sources the tsconfig includes (absolute paths), without what they import. */
export function includedSources(tsconfigPath: string): string[] {
  return readProject(tsconfigPath)
    .fileNames.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => resolve(file));
}

/** Every source the build compiles (absolute paths): what the tsconfig includes, and what that imports by a relative path. */
export function projectSources(tsconfigPath: string): string[] {
  return relativeImportClosure(includedSources(tsconfigPath)).sources;
}

/**
 * Empties the output directory and compiles every included source (and what they import) into it
 * (`sources`: the project's, when the caller has listed them already); returns how many.
 */
export async function transpileProject(tsconfigPath: string, sources: readonly string[] = projectSources(tsconfigPath)): Promise<number> {
  const { outDir, compile } = projectBuild(tsconfigPath);
  rmSync(outDir, { recursive: true, force: true });
  await Promise.all(sources.map(compile));
  return sources.length;
}

/** Compiles only the given sources (paths relative to the tsconfig's folder) over an existing build. */
export async function transpileFiles(tsconfigPath: string, files: readonly string[]): Promise<void> {
  const { root, compile } = projectBuild(tsconfigPath);
  await Promise.all(files.map((file) => compile(resolve(root, file))));
}

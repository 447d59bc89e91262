import { readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { checksumOfBytes, type ManifestEntry } from '../version-guard/engine/revision-catalog.js';
import { BUNDLE_FILE } from '../version-guard/engine/revision-bundle.js';
import { REVISION_HOST_KEY } from '../version-guard/engine/revision-host.js';

// Code a function body cannot hold the same way a module does: left to a separate import.
const MODULE_ONLY = /\bimport\.meta\b|\bimport\s*\(/;

/**
 * Writes `revisions.bundle.js` beside a built migration set: every revision's compiled module,
 * turned into a factory function inside one module, so that a start imports one file instead of
 * one per revision (importing a thousand small ES modules costs seconds). Each module keeps its
 * own scope; its imports are imported once by the bundle, with the same specifiers, from the same
 * directory. Revisions the bundle cannot hold as they are stay out of it and are imported alone.
 */
export async function writeRevisionBundle(dir: string, entries: readonly ManifestEntry[]): Promise<{ bundled: number; separate: number }> {
  // required, not imported: an ES import of TypeScript's one large CommonJS file costs about 0.2 s more
  const ts = createRequire(import.meta.url)('typescript') as typeof import('typescript');
  const specifiers = new Map<string, string>();
  const factories: string[] = [];
  let separate = 0;
  for (const entry of entries) {
    const bytes = await readFile(join(dir, entry.file));
    const source = bytes.toString('utf8');
    // the checksum of the very bytes compiled below (see `factoryParts`)
    if (MODULE_ONLY.test(source) || checksumOfBytes(bytes) !== entry.checksum) {
      separate++;
      continue;
    }
    const { code, imported } = factoryParts(ts, entry, source);
    for (const specifier of imported) {
      if (!specifiers.has(specifier)) specifiers.set(specifier, `__dep${specifiers.size}`);
    }
    factories.push(
      `  ${JSON.stringify(entry.file)}: { checksum: ${JSON.stringify(entry.checksum)}, load: async () => {\n` +
        `    const exports = {};\n    const module = { exports };\n    await (async (exports, module, require) => {\n${code}\n    })(exports, module, __require);\n    return module.exports;\n  } },`,
    );
  }
  // a module of the app's `src/` comes from the running app when it provides one (see revision-host.ts)
  const imports = [...specifiers].map(
    ([specifier, name]) => `const ${name} = await __import(${JSON.stringify(specifier)}, () => import(${JSON.stringify(specifier)}));`,
  );
  // a module namespace has no __esModule flag: without it, compiled default imports would wrap it again
  const table = [...specifiers].map(([specifier, name]) => `  ${JSON.stringify(specifier)}: { __esModule: true, ...${name} },`);
  const code = [
    '// Written by the build: the revisions of this migration set in one module. Do not edit.',
    `const __host = globalThis[Symbol.for(${JSON.stringify(REVISION_HOST_KEY)})];`,
    'function __import(specifier, load) {',
    '  const underSrc = /(?:^|\\/)src\\/(.+)$/.exec(specifier)?.[1];',
    '  const provided = underSrc === undefined ? undefined : __host?.[underSrc];',
    '  return provided ? provided() : load();',
    '}',
    ...imports,
    `const __modules = {\n${table.join('\n')}\n};`,
    'function __require(specifier) {',
    '  const found = __modules[specifier];',
    '  if (!found) throw new Error(`revision bundle: no module ${specifier}`);',
    '  return found;',
    '}',
    `export const revisions = {\n${factories.join('\n')}\n};`,
    '',
  ].join('\n');
  await rm(join(dir, BUNDLE_FILE), { force: true });
  if (factories.length > 0) await writeFile(join(dir, BUNDLE_FILE), code);
  return { bundled: factories.length, separate };
}

/** A revision's module as a factory body, and what it imports. */
interface FactoryParts {
  readonly code: string;
  readonly imported: readonly string[];
}

// By file and checksum of the compiled module: a process that writes the bundles again (the test
// suite's project copies rewrite all six sets after each change) compiles each revision once.
const compiledParts = new Map<string, FactoryParts>();

function factoryParts(ts: typeof import('typescript'), entry: ManifestEntry, source: string): FactoryParts {
  const key = `${entry.file}\0${entry.checksum}`;
  const known = compiledParts.get(key);
  if (known) return known;
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2023, esModuleInterop: true, sourceMap: false },
    fileName: entry.file,
  });
  // the source map comment would point the bundle's stack traces at another file
  const parts = { code: outputText.replace(/^\/\/# sourceMappingURL=.*$/m, ''), imported: importedSpecifiers(ts, entry.file, source) };
  compiledParts.set(key, parts);
  return parts;
}

// The modules a compiled revision imports (static imports and re-exports), read from its syntax tree.
function importedSpecifiers(ts: typeof import('typescript'), file: string, source: string): string[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.ES2023, false, ts.ScriptKind.JS);
  return tree.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
    statement.moduleSpecifier &&
    ts.isStringLiteral(statement.moduleSpecifier)
      ? [statement.moduleSpecifier.text]
      : [],
  );
}

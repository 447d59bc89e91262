import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build, type Plugin } from 'rolldown';

/**
 * Packages the app cannot carry inside a bundle: native addons and database drivers (they load
 * files next to themselves), and optional peers Nest and MikroORM only import when installed.
 */
const KEPT_AS_PACKAGES = [
  'better-sqlite3',
  'mysql2',
  'pg',
  'pg-native',
  'class-transformer',
  'class-validator',
  '@nestjs/microservices',
  '@nestjs/websockets',
  '@nestjs/platform-fastify',
  '@fastify/static',
  '@mikro-orm/mariadb',
  '@mikro-orm/mssql',
  '@mikro-orm/libsql',
  '@mikro-orm/mongodb',
  '@mikro-orm/seeder',
  '@mikro-orm/entity-generator',
  '@mikro-orm/reflection',
  '@mikro-orm/cli',
];

const isKept = (id: string) => KEPT_AS_PACKAGES.some((name) => id === name || id.startsWith(`${name}/`));

// CommonJS modules inside an ES module bundle still expect these
const COMMONJS_GLOBALS = [
  "import { createRequire as __bundleRequire } from 'node:module';",
  "import { fileURLToPath as __bundleFilePath } from 'node:url';",
  "import { dirname as __bundleDirname } from 'node:path';",
  'const require = __bundleRequire(import.meta.url);',
  'const __filename = __bundleFilePath(import.meta.url);',
  'const __dirname = __bundleDirname(__filename);',
].join(' ');

const NODE_HTTP = '\0node-http-through-require';

/**
 * `node:http` loaded as a CommonJS module. Imported as an ES module (Nest's core does), Node 22
 * builds the module's ES facade from every export, and reading its lazy `WebSocket` export loads
 * the bundled undici: about 30 ms of every start, for a client the app never uses. The facade
 * here re-exports the module's plain values only, so a bundle importing anything else from
 * `node:http` fails to build instead of slowing down. CommonJS code keeps its own `require`.
 */
function nodeHttpThroughRequire(): Plugin {
  return {
    name: 'node-http-through-require',
    resolveId: (id, _importer, { kind }) => ((id === 'http' || id === 'node:http') && kind === 'import-statement' ? NODE_HTTP : null),
    load(id) {
      if (id !== NODE_HTTP) return null;
      const exports = Object.entries(Object.getOwnPropertyDescriptors(createRequire(import.meta.url)('node:http')))
        .filter(([name, descriptor]) => 'value' in descriptor && /^[A-Za-z_$][\w$]*$/.test(name))
        .map(([name]) => name);
      return [
        "import { createRequire } from 'node:module';",
        "const http = createRequire(import.meta.url)('node:http');",
        'export default http;',
        `export const { ${exports.join(', ')} } = http;`,
      ].join('\n');
    },
  };
}

/** Modules only the PostgreSQL dialect runs: its driver, kysely's PostgreSQL dialect, `pg`'s helpers. */
const POSTGRESQL_ONLY = /\/node_modules\/(@mikro-orm\/postgresql|@mikro-orm\/sql\/dialects\/postgresql|kysely\/dist\/dialect\/(postgres|pglite)|pg-cursor|postgres-array|postgres-date|postgres-interval)\//;

/**
 * Keeps the PostgreSQL driver out of MySQL and SQLite starts. Their driver chunks import kysely
 * and `@mikro-orm/sql`, whose indexes also name the PostgreSQL dialect, so rolldown gives them a
 * bare `import "./postgresql-….js"` (evaluated for its side effects, no binding used), and every
 * start loaded `pg` (12 ms, about 3 % of a start at head). The chunk holds only PostgreSQL code,
 * whose evaluation nothing else needs: the bare import is blanked out, to the same length so
 * that the source maps stay true. PostgreSQL starts import the chunk through their own driver.
 */
function postgresqlOnlyWhereUsed(): Plugin {
  return {
    name: 'postgresql-only-where-used',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((output) => output.type === 'chunk');
      const postgresqlOnly = chunks.filter((chunk) => chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => POSTGRESQL_ONLY.test(id)));
      for (const target of postgresqlOnly) {
        const specifier = `./${target.fileName.split('/').pop()}`;
        const bare = `import "${specifier}";`;
        for (const chunk of chunks) {
          if (postgresqlOnly.includes(chunk) || !chunk.code.includes(bare)) continue;
          chunk.code = chunk.code.replace(bare, ' '.repeat(bare.length));
        }
      }
    },
  };
}

/**
 * Writes `dist/main.js`, the entry point operators run, as one bundle of the built app and the
 * libraries it imports (`dist/chunks/` holds what loads on demand, such as a dialect's driver). A
 * start then reads a handful of files instead of resolving and loading about two thousand modules,
 * which was most of its time. The CLI is not bundled: an upgrade imports the migration sets'
 * revision bundles, which import the unbundled engine and MikroORM, so a bundled CLI would load
 * both copies (`db upgrade` of 1000 revisions measured slower).
 */
export async function writeAppBundle(dist: string): Promise<void> {
  await rm(join(dist, 'chunks'), { recursive: true, force: true });
  await build({
    input: join(dist, 'src', 'main.js'),
    platform: 'node',
    external: isKept,
    plugins: [nodeHttpThroughRequire(), postgresqlOnlyWhereUsed()],
    logLevel: 'silent',
    output: {
      dir: dist,
      format: 'esm',
      entryFileNames: 'main.js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      banner: COMMONJS_GLOBALS,
      // ASCII only (non-ASCII escaped, doc comments dropped; licence comments are ASCII): Node reads
      // an ASCII module on its fast path and V8 keeps its source one byte per character. With the
      // JSDoc of Nest, MikroORM and kysely inside, every chunk held a few non-ASCII characters:
      // a start at head took about 4 % more CPU
      charset: 'ascii',
      comments: { legal: true, annotation: false, jsdoc: false },
      sourcemap: true,
    },
  });
}

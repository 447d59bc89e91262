import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'rolldown';

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

/** The bundled entry points (written to `dist/<name>.js`) and the built modules they start from. */
const ENTRY_POINTS = {
  main: 'src/main.js',
  db: 'src/cli/main.js',
};

/**
 * Writes the entry points operators run, `dist/main.js` (the app) and `dist/db.js` (the CLI,
 * `npm run db`), as bundles of the built code and the libraries it imports (`dist/chunks/` holds
 * what they share and what loads on demand, such as a dialect's driver). A start then reads a
 * handful of files instead of resolving and loading about two thousand modules, which was most of
 * its time.
 */
export async function writeAppBundle(dist: string): Promise<void> {
  await rm(join(dist, 'chunks'), { recursive: true, force: true });
  await build({
    input: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, file]) => [name, join(dist, file)])),
    platform: 'node',
    external: isKept,
    logLevel: 'silent',
    output: {
      dir: dist,
      format: 'esm',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      banner: COMMONJS_GLOBALS,
      sourcemap: true,
    },
  });
}

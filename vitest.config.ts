import { availableParallelism, tmpdir } from 'node:os';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { suiteCompileCache, useRamDiskForScratch } from './test/support/scratch-dir.js';
import { SlowestFirstSequencer } from './test/support/slowest-first.sequencer.js';
import { integrationTestFiles } from './test/support/test-projects.js';

// before anything asks for os.tmpdir(): every file the suite writes goes to the RAM disk
useRamDiskForScratch();

const integration = integrationTestFiles();

// the workers (which inherit this environment) load Nest, MikroORM and the drivers natively: they
// share one compile cache with the app and CLI processes the tests start (test/support/processes.ts)
process.env.NODE_COMPILE_CACHE = suiteCompileCache();

/**
 * Built JavaScript that the engine imports while tests run: the revisions and modules of `dist/`
 * and of the migration fixtures and project copies the tests write to the scratch directory. Node
 * loads them as they are; through Vite they were transformed again (source maps merged) for every
 * fixture, about 700 files and 10 CPU-seconds a run, and each new path grew the module cache.
 */
const scratch = new RegExp(`^${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`);
// (unless the project itself lies in the scratch directory: its sources must still be transformed)
const builtJavaScript = [/\/dist\//, ...(scratch.test(`${import.meta.dirname}/`) ? [] : [scratch])];

export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    testTimeout: 60_000,
    server: { deps: { external: builtJavaScript } },
    // twice as many files at once as cores: many e2e tests wait on servers, locks, leases and child
    // processes, and another file uses the CPU they leave idle. One more no longer pays since the
    // suite keeps both cores busy throughout: on two cores, 5 workers took 113-123 s and 4 workers
    // 107-119 s (four runs each, alternating)
    maxWorkers: availableParallelism() * 2,
    hookTimeout: 120_000,
    sequence: { sequencer: SlowestFirstSequencer },
    // each project starts only the database servers its tests need
    projects: [
      // pure logic: no server (`npx vitest run --project unit` takes seconds)
      {
        test: {
          name: 'unit',
          isolate: false,
          include: ['test/unit/**/*.test.ts'],
        },
      },
      // the real engine on real SQLite files; no server (`npx vitest run --project sqlite`). Files
      // of a worker share one module graph instead of each loading Nest, MikroORM and the drivers
      // again (about 25 CPU-s of the suite): no test mocks modules, changes process.env or the
      // working directory, and in-process apps release what they hold (see in-process.ts)
      {
        test: {
          name: 'sqlite',
          isolate: false,
          include: integration.sqlite,
        },
      },
      // the engine on MariaDB and PostgreSQL too (most scenarios run for every dialect): the global
      // setup starts private servers, once for this project and `e2e`
      {
        test: {
          name: 'servers',
          isolate: false,
          include: integration.servers,
          globalSetup: ['test/global-setup.ts'],
        },
      },
      // the app and the CLI as a user runs them, on every dialect: in-process where a process adds
      // nothing, as processes for exit statuses, ports, signals, kills, races and built copies
      {
        test: {
          name: 'e2e',
          isolate: false,
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
      {
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          globalSetup: ['test/cluster-setup.ts'],
        },
      },
    ],
  },
});

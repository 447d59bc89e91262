import { tmpdir } from 'node:os';
import { join } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    // the suite starts hundreds of short Node processes: share one compile cache between them
    env: { NODE_COMPILE_CACHE: join(tmpdir(), 'db-version-guard-compile-cache') },
    hookTimeout: 120_000,
  },
});

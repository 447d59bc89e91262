import { resolve } from 'node:path';

/** The project root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The built application entry point, as operators run it (`node dist/main.js`). */
export const APP_MAIN = resolve(ROOT, 'dist/main.js');
/** The built CLI entry point, as `npm run db` runs it. */
export const CLI_MAIN = resolve(ROOT, 'dist/src/cli/main.js');
/** The built migration sets (with manifests). */
export const BUILT_MIGRATIONS = resolve(ROOT, 'dist/migrations');
/** The legacy release baselines. */
export const BASELINES_DIR = resolve(ROOT, 'legacy-baselines');

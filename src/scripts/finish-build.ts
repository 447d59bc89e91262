import { resolve } from 'node:path';
import { DEFAULT_MIGRATIONS_DIR } from '../config/load-config.js';
import { writeAppBundle } from './app-bundle.writer.js';
import { writeMigrationSetFiles } from './migration-sets.writer.js';

/**
 * Runs after the TypeScript build: the manifest and revision bundle of each built migration set,
 * then `dist/main.js`, the app's entry point operators run, as one bundle.
 */
for (const line of await writeMigrationSetFiles(DEFAULT_MIGRATIONS_DIR)) process.stdout.write(`${line}\n`);
await writeAppBundle(resolve(import.meta.dirname, '..', '..'));

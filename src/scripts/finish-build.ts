import { join, resolve } from 'node:path';
import { writeAppBundle } from './app-bundle.writer.js';
import { writeMigrationSetFiles } from './migration-sets.writer.js';

/**
 * Runs after the TypeScript build: the manifest and revision bundle of each built migration set,
 * then `dist/main.js`, the app's entry point operators run, as one bundle.
 */
export async function finishBuild(dist: string, print: (line: string) => void): Promise<void> {
  for (const line of await writeMigrationSetFiles(join(dist, 'migrations'))) print(line);
  await writeAppBundle(dist);
}

if (process.argv[1] === import.meta.filename) {
  await finishBuild(resolve(import.meta.dirname, '..', '..'), (line) => process.stdout.write(`${line}\n`));
}

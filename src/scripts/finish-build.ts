import { resolve } from 'node:path';
import { DEFAULT_MIGRATIONS_DIR } from '../config/load-config.js';
import { ALL_MIGRATION_SETS, migrationSetName } from '../version-guard/revision.js';
import { RevisionCatalog, writeManifest } from '../version-guard/revision-catalog.js';
import { writeAppBundle } from './app-bundle.writer.js';
import { writeRevisionBundle } from './revision-bundle.writer.js';

/**
 * Runs after `nest build`: writes `manifest.json` next to each built migration set, so a start
 * reads one file instead of importing every revision, `revisions.bundle.js`, so an upgrade imports
 * one module instead of one per revision, and `dist/main.js`, the entry point that
 * operators run (`node dist/main.js --migrate`), as one bundle of the app.
 */
const catalog = new RevisionCatalog(DEFAULT_MIGRATIONS_DIR);
for (const set of ALL_MIGRATION_SETS) {
  const entries = await writeManifest(catalog.dirOf(set));
  const { bundled } = await writeRevisionBundle(catalog.dirOf(set), entries);
  process.stdout.write(`manifest: ${migrationSetName(set)} ${entries.length} revisions (${bundled} bundled)\n`);
}
await writeAppBundle(resolve(import.meta.dirname, '..', '..'));

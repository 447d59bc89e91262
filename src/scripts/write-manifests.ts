import { DEFAULT_MIGRATIONS_DIR } from '../config/load-config.js';
import { ALL_MIGRATION_SETS, migrationSetName } from '../version-guard/revision.js';
import { RevisionCatalog, writeManifest } from '../version-guard/revision-catalog.js';

/** Writes `manifest.json` next to each built migration set, so starts read one file, not every revision. */
const catalog = new RevisionCatalog(DEFAULT_MIGRATIONS_DIR);
for (const set of ALL_MIGRATION_SETS) {
  const count = await writeManifest(catalog.dirOf(set));
  process.stdout.write(`manifest: ${migrationSetName(set)} ${count} revisions\n`);
}

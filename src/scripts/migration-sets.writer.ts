import { ALL_MIGRATION_SETS, migrationSetName } from '../version-guard/core/revision.js';
import { RevisionCatalog, writeManifest } from '../version-guard/engine/revision-catalog.js';
import { writeRevisionBundle } from './revision-bundle.writer.js';
import { buildMessages } from '../version-guard/core/messages/index.js';

/**
 * Writes `manifest.json` next to each built migration set under `migrationsDir`, so a start reads
 * one file instead of importing every revision, and `revisions.bundle.js`, so an upgrade imports
 * one module instead of one per revision. Returns one line per set for the build's output.
 */
export async function writeMigrationSetFiles(migrationsDir: string): Promise<string[]> {
  const catalog = new RevisionCatalog(migrationsDir);
  const lines: string[] = [];
  for (const set of ALL_MIGRATION_SETS) {
    const entries = await writeManifest(catalog.dirOf(set), catalog.sourceOf(set));
    const { bundled } = await writeRevisionBundle(catalog.dirOf(set), entries);
    lines.push(buildMessages.manifestWritten(migrationSetName(set), entries.length, bundled));
  }
  return lines;
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The build's one-module copy of a migration set's revisions (see `src/scripts/revision-bundle.writer.ts`). */
export const BUNDLE_FILE = 'revisions.bundle.js';

/** A revision module held by a bundle: the checksum of the file it was made from, and its exports. */
interface BundledModule {
  readonly checksum: string;
  load(): Promise<Record<string, unknown>>;
}

/** Revision modules of a set directory by file name, from its bundle; empty when there is none or it cannot load. */
export async function importBundle(dir: string): Promise<ReadonlyMap<string, BundledModule>> {
  const path = join(dir, BUNDLE_FILE);
  if (!existsSync(path)) return new Map();
  try {
    const { revisions } = (await import(pathToFileURL(path).href)) as { revisions: Record<string, BundledModule> };
    return new Map(Object.entries(revisions));
  } catch {
    // a revision that fails to load is reported by its own import, with its own file name
    return new Map();
  }
}

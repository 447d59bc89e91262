import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALL_MIGRATION_SETS, migrationSetName, type MigrationSetId, type RevisionInfo } from '../core/revision.js';
import { RevisionGraph } from '../core/revision-graph.js';
import { importBundle } from './revision-bundle.js';
import { importRevisionFile, listRevisionFiles, revisionOf, type LoadedRevision } from './revision-modules.js';

/** A revision as listed in a set's manifest: graph identity, file and checksum of its code. */
export interface ManifestEntry extends RevisionInfo {
  readonly file: string;
  readonly checksum: string;
}

export const MANIFEST_FILE = 'manifest.json';

/** One migration set as the code has it: its graph, read without importing revision code. */
export class RevisionSetCode {
  private readonly byId: ReadonlyMap<string, ManifestEntry>;

  constructor(
    readonly set: MigrationSetId,
    readonly dir: string,
    readonly entries: readonly ManifestEntry[],
    readonly graph: RevisionGraph,
  ) {
    this.byId = new Map(entries.map((entry) => [entry.id, entry]));
  }

  get name(): string {
    return migrationSetName(this.set);
  }

  /** The manifest entry of `id`; throws the graph's UnknownRevisionError for an unknown id. */
  entry(id: string): ManifestEntry {
    this.graph.get(id);
    return this.byId.get(id)!;
  }

  private bundle?: ReturnType<typeof importBundle>;

  /**
   * Imports the code of the given revisions, in the given order: from the set's bundle when it
   * holds the same code as the file, otherwise from the file itself, one import at a time.
   */
  async loadRevisions(ids: readonly string[]): Promise<LoadedRevision[]> {
    const bundle = await (this.bundle ??= importBundle(this.dir));
    const loaded: LoadedRevision[] = [];
    for (const id of ids) {
      const { file, checksum } = this.entry(id);
      const bundled = bundle.get(file);
      loaded.push(
        bundled?.checksum === checksum
          ? revisionOf(await bundled.load(), join(this.dir, file), file)
          : await importRevisionFile(this.dir, file),
      );
    }
    return loaded;
  }
}

/** Loads migration sets from `<root>/<dialect>/<database>/`, through their manifest when it is current. */
export class RevisionCatalog {
  private readonly cache = new Map<string, Promise<RevisionSetCode>>();

  constructor(readonly root: string) {}

  dirOf(set: MigrationSetId): string {
    return join(this.root, set.dialect, set.database);
  }

  load(set: MigrationSetId): Promise<RevisionSetCode> {
    const name = migrationSetName(set);
    let loaded = this.cache.get(name);
    if (!loaded) {
      loaded = this.read(set);
      this.cache.set(name, loaded);
      loaded.catch(() => this.cache.delete(name));
    }
    return loaded;
  }

  /** Name of the set other than `own` that has revision `id` (for spotting swapped databases). */
  async setOwning(id: string, own: MigrationSetId): Promise<string | undefined> {
    for (const set of ALL_MIGRATION_SETS) {
      if (migrationSetName(set) === migrationSetName(own)) continue;
      const code = await this.load(set).catch(() => undefined);
      if (code?.graph.has(id)) return code.name;
    }
    return undefined;
  }

  private async read(set: MigrationSetId): Promise<RevisionSetCode> {
    const dir = this.dirOf(set);
    const files = await listRevisionFiles(dir);
    const manifest = await readManifest(dir);
    const current = manifest && sameFiles(manifest, files) ? manifest : await scanRevisions(dir, files);
    return new RevisionSetCode(set, dir, current, RevisionGraph.build(current));
  }
}

async function readManifest(dir: string): Promise<ManifestEntry[] | undefined> {
  try {
    // read synchronously: at start, a trip through the thread pool costs more than the read
    const parsed = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { revisions: ManifestEntry[] };
    return parsed.revisions;
  } catch {
    return undefined;
  }
}

// A manifest is trusted only while it lists exactly the revision files present.
function sameFiles(manifest: readonly ManifestEntry[], files: readonly string[]): boolean {
  if (manifest.length !== files.length) return false;
  const listed = new Set(manifest.map((entry) => entry.file));
  return files.every((file) => listed.has(file));
}

/** sha256 of a revision file's code, recorded when it runs to notice later edits. */
export async function checksumOf(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Imports every revision file to read its identity (the slow path, and how manifests are made). */
export async function scanRevisions(dir: string, files?: readonly string[]): Promise<ManifestEntry[]> {
  const names = files ?? (await listRevisionFiles(dir));
  const entries: ManifestEntry[] = [];
  // one import at a time: Node's loader slows down sharply with a thousand in flight
  for (const file of names) {
    const { info } = await importRevisionFile(dir, file);
    if (typeof info.breaking !== 'boolean') {
      throw new Error(
        `${join(dir, file)} does not declare whether it is breaking: add \`breaking: true\` or \`breaking: false\` to its static revision`,
      );
    }
    entries.push({
      id: info.id,
      parents: [...info.parents],
      message: info.message,
      breaking: info.breaking,
      file,
      checksum: await checksumOf(join(dir, file)),
    });
  }
  return entries;
}

/** Writes `manifest.json` for a migration set directory; returns the revisions it lists. */
export async function writeManifest(dir: string): Promise<ManifestEntry[]> {
  const revisions = await scanRevisions(dir);
  RevisionGraph.build(revisions);
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ revisions }, null, 1) + '\n');
  return revisions;
}

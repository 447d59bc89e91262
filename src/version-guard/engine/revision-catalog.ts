import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { ALL_MIGRATION_SETS, DATABASE_NAMES, migrationSetName, type MigrationSetId, type RevisionInfo } from '../core/revision.js';
import { RevisionGraph, type GraphSource } from '../core/revision-graph.js';
import { RevisionFileError } from '../core/revision-file.errors.js';
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
  /** Sets read completely, by name: what an error about one set may look up in another. */
  private readonly ready = new Map<string, RevisionSetCode>();

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
    const files = listRevisionFiles(dir);
    const manifest = manifestIn(dir);
    const current = manifest && sameFiles(manifest, files) ? manifest : await scanRevisions(dir, files);
    const code = new RevisionSetCode(set, dir, current, RevisionGraph.build(current, this.sourceOf(set)));
    this.ready.set(code.name, code);
    return code;
  }

  /** What the graph of `set` needs to name the set, its files and, for an unknown revision, the set that has it. */
  sourceOf(set: MigrationSetId): GraphSource {
    const dir = this.dirOf(set);
    return { set, pathOf: (file) => displayPath(join(dir, file)), elsewhere: (ref) => this.otherSetWith(set, ref) };
  }

  // The other set of the same dialect whose revisions match `ref` once (id or prefix): a set already
  // read, or else its manifest when current; never an import (the caller is reporting an error).
  private otherSetWith(own: MigrationSetId, ref: string): MigrationSetId | undefined {
    for (const database of DATABASE_NAMES) {
      if (database === own.database) continue;
      const other: MigrationSetId = { dialect: own.dialect, database };
      const ids = this.ready.get(migrationSetName(other))?.entries.map((entry) => entry.id) ?? this.manifestIds(other);
      if (ids && ids.filter((id) => id.startsWith(ref)).length === 1) return other;
    }
    return undefined;
  }

  private manifestIds(set: MigrationSetId): string[] | undefined {
    const dir = this.dirOf(set);
    const manifest = manifestIn(dir);
    return manifest && sameFiles(manifest, listRevisionFiles(dir)) ? manifest.map((entry) => entry.id) : undefined;
  }
}

// A path as messages show it: relative to the working directory when below it.
function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}

function manifestIn(dir: string): ManifestEntry[] | undefined {
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
  return checksumOfBytes(await readFile(path));
}

/** The checksum of a revision file's bytes already read (`checksumOf`). */
export function checksumOfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Imports every revision file to read its identity (the slow path, and how manifests are made). */
export async function scanRevisions(dir: string, files?: readonly string[]): Promise<ManifestEntry[]> {
  const names = files ?? listRevisionFiles(dir);
  const entries: ManifestEntry[] = [];
  // one import at a time: Node's loader slows down sharply with a thousand in flight
  for (const file of names) {
    const { info } = await importRevisionFile(dir, file);
    if (typeof info.breaking !== 'boolean') throw new RevisionFileError(join(dir, file), 'no_breaking_flag');
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

/** Writes `manifest.json` for a migration set directory (`source` names the set in errors); returns the revisions it lists. */
export async function writeManifest(dir: string, source?: GraphSource): Promise<ManifestEntry[]> {
  const revisions = await scanRevisions(dir);
  RevisionGraph.build(revisions, source);
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ revisions }, null, 1) + '\n');
  return revisions;
}

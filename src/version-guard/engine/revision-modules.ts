import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RevisionInfo } from '../core/revision.js';
import { RevisionFileError } from '../core/revision-file.errors.js';
import type { RevisionClass } from './revision-migration.js';

/** A revision file imported from disk: its graph identity and the migration class that runs it. */
export interface LoadedRevision {
  readonly info: RevisionInfo;
  readonly migrationClass: RevisionClass;
  /** File name inside the set's directory. */
  readonly file: string;
}

const REVISION_FILE = /^[0-9a-f]{12}_[\w-]*\.(js|ts|mjs)$/;

/** The revision file names of a migration set directory, sorted (no import happens). */
// read synchronously: at start, a trip through the thread pool costs more than the listing
export function listRevisionFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((name) => REVISION_FILE.test(name) && !name.endsWith('.d.ts')).sort();
}

/** Imports one revision file and returns the class that declares a static `revision`. */
export async function importRevisionFile(dir: string, file: string): Promise<LoadedRevision> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(join(dir, file)).href)) as Record<string, unknown>;
  } catch (error) {
    // a syntax error or a failing import names no file by itself
    throw new RevisionFileError(join(dir, file), 'unloadable', (error instanceof Error ? error.message : String(error)).trim().split('\n')[0]);
  }
  return revisionOf(module, join(dir, file), file);
}

/** The revision class among a module's exports. */
export function revisionOf(module: Record<string, unknown>, path: string, file: string): LoadedRevision {
  const migrationClass = Object.values(module).find(
    (value): value is RevisionClass => typeof value === 'function' && 'revision' in value,
  );
  if (!migrationClass) throw new RevisionFileError(path, 'no_revision_class');
  return { info: migrationClass.revision, migrationClass, file };
}

/**
 * Imports revision files one after the other: Node's loader slows down sharply (and holds hundreds
 * of megabytes) when a thousand imports are in flight at once.
 */
export async function importRevisionFilesInOrder(dir: string, files: readonly string[]): Promise<LoadedRevision[]> {
  const loaded: LoadedRevision[] = [];
  for (const file of files) loaded.push(await importRevisionFile(dir, file));
  return loaded;
}

/** Imports every revision file of a migration set directory. */
export async function importRevisionFiles(dir: string): Promise<LoadedRevision[]> {
  return importRevisionFilesInOrder(dir, listRevisionFiles(dir));
}

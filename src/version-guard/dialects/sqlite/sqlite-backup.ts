import { mkdir, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/** Backups kept per database file; older ones are deleted after a new one is written. */
export const BACKUPS_KEPT = 3;

/** The backup could not be written to `target`; nothing of it is left behind. */
export class BackupWriteError extends Error {
  constructor(readonly target: string, reason: string) {
    super(reason);
    this.name = 'BackupWriteError';
  }
}

/** `agent.db.f006c02a457c.20261122T041500123Z.bak`: file, revision it was taken at, time. */
export function backupFileName(databasePath: string, revisionLabel: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  return `${basename(databasePath)}.${revisionLabel}.${stamp}.bak`;
}

/**
 * Writes a consistent online copy of a SQLite database (SQLite's backup API, safe while other
 * connections read or write it) and keeps the newest BACKUPS_KEPT copies.
 */
export async function backupSqlite(path: string, dir: string | null, revisionLabel: string): Promise<string> {
  const targetDir = dir ?? dirname(path);
  const target = join(targetDir, backupFileName(path, revisionLabel, new Date()));
  const source = new Database(path, { readonly: true, fileMustExist: true });
  try {
    await mkdir(targetDir, { recursive: true });
    await source.backup(target);
  } catch (error) {
    await rm(target, { force: true }).catch(() => {});
    throw new BackupWriteError(targetDir, error instanceof Error ? error.message : String(error));
  } finally {
    source.close();
  }
  await pruneBackups(path, targetDir);
  return target;
}

async function pruneBackups(path: string, dir: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  // names end in a sortable UTC timestamp: the last ones are the newest
  const backups = (await readdir(dir))
    .filter((name) => name.startsWith(prefix) && name.endsWith('.bak'))
    .sort((a, b) => a.split('.').at(-2)!.localeCompare(b.split('.').at(-2)!));
  for (const old of backups.slice(0, Math.max(0, backups.length - BACKUPS_KEPT))) await rm(join(dir, old), { force: true });
}

import { accessSync, chmodSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Linux's RAM-backed file system, present on every distribution the suite runs on. */
const RAM_DISK = '/dev/shm';

/**
 * Points `TMPDIR` (read by `os.tmpdir()` in the runner, its workers and every process they start)
 * at a fresh directory on the RAM disk, removed when the run ends. SQLite files, server data
 * directories and project copies stay real files with real locks; only the disk's flushes are
 * gone (about 50 s of the suite on a virtual disk). Kept as it is when the caller set `TMPDIR`,
 * or when there is no writable RAM disk.
 */
export function useRamDiskForScratch(): string | null {
  if (process.env.TMPDIR || !writableDirectory(RAM_DISK)) return null;
  const dir = mkdtempSync(join(RAM_DISK, 'db-version-guard-tests-'));
  // the Galera nodes run as the mysql user and write their temporary files here too
  chmodSync(dir, 0o1777);
  process.env.TMPDIR = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function writableDirectory(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The one compile cache of a test run, shared by the vitest workers (which inherit the variable)
 * and by the app and CLI processes they start: `NODE_COMPILE_CACHE` when set, else a directory in
 * the run's scratch directory (so read it after `useRamDiskForScratch`).
 */
export function suiteCompileCache(): string {
  return process.env.NODE_COMPILE_CACHE || join(tmpdir(), 'db-version-guard-compile-cache');
}

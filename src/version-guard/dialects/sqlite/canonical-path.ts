import { readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** Links followed before giving up (the same bound as the kernel's ELOOP). */
const MAX_LINKS = 40;

/**
 * The path a file will really have once symbolic links are followed: the file's own real path
 * when it exists, else its nearest existing directory's real path plus the rest; a link to a
 * file that does not exist yet is followed to where that file will be. Two names for one file
 * give the same result.
 */
export function canonicalPath(path: string): string {
  const missing: string[] = [];
  let current = resolve(path);
  for (let links = 0; ; ) {
    try {
      return join(realpathSync(current), ...[...missing].reverse());
    } catch {
      const target = linkTarget(current);
      if (target !== null && links++ < MAX_LINKS) {
        current = resolve(dirname(current), target);
        continue;
      }
      const parent = dirname(current);
      if (parent === current) return resolve(path);
      missing.push(basename(current));
      current = parent;
    }
  }
}

function linkTarget(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}

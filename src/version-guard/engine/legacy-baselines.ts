import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { messages } from '../core/messages/index.js';

/** The schema one release created in one migration set, and the revision id it is stamped with. */
export interface ReleaseSchema {
  readonly revision: string;
  /** Table name to column names in declaration order (protected tables included). */
  readonly tables: Readonly<Record<string, readonly string[]>>;
}

/** `legacy-baselines/baselines.json`: per migration set (`sqlite_agent`, ...), the schema of every release. */
export interface Baselines {
  /** The first release that recorded its revision (older databases must be detected). */
  readonly trackingRelease: string;
  readonly sets: Readonly<Record<string, { readonly releases: Readonly<Record<string, ReleaseSchema>> }>>;
}

/** `legacy-baselines/` next to the project's `package.json` (works from `src/` and from `dist/src/`). */
export function defaultBaselinesDir(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(messages.noPackageJson(import.meta.dirname));
    dir = parent;
  }
  return join(dir, 'legacy-baselines');
}

/** Reads `baselines.json` from `dir` (default: the project's `legacy-baselines/`). */
export async function loadBaselines(dir: string = defaultBaselinesDir()): Promise<Baselines> {
  return JSON.parse(await readFile(join(dir, 'baselines.json'), 'utf8')) as Baselines;
}

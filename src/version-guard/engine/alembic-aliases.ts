import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `legacy-baselines/alembic-aliases.json`: per migration set, old-branch Alembic id → main-line id. */
export interface AlembicAliasesFile {
  readonly sets: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Reads the alias table from a baselines folder; a folder without one has no aliases. */
export async function loadAlembicAliases(dir: string): Promise<AlembicAliasesFile> {
  try {
    return JSON.parse(await readFile(join(dir, 'alembic-aliases.json'), 'utf8')) as AlembicAliasesFile;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return { sets: {} };
    throw error;
  }
}

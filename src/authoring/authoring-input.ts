import { authoringMessages } from '../version-guard/core/messages/index.js';
import { AuthoringInputError } from './authoring.errors.js';
import { ALL_MIGRATION_SETS, migrationSetName, type MigrationSetId } from '../version-guard/core/revision.js';

// What `revision` and `merge` check before loading the authoring machinery (MikroORM's schema
// diff, the TypeScript printer): a refused message or an unknown set is reported at once.

/** Refuses messages that do not start with `feat:` or `fix:` followed by text (pure). */
export function validateMessage(message: string | undefined): string {
  const text = (message ?? '').trim();
  if (!/^(feat|fix):\s*\S/.test(text)) {
    throw new AuthoringInputError(authoringMessages.badMessage(text), authoringMessages.badMessageHelp());
  }
  return text;
}

/** Parses `-d sqlite_agent -d mysql_ops` (all four sets when none is given) (pure). */
export function chooseSets(names: readonly string[]): MigrationSetId[] {
  if (names.length === 0) return [...ALL_MIGRATION_SETS];
  const known = new Map(ALL_MIGRATION_SETS.map((set) => [migrationSetName(set), set]));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new AuthoringInputError(authoringMessages.unknownSets(unknown), authoringMessages.unknownSetsHelp([...known.keys()]));
  }
  return [...new Set(names)].map((name) => known.get(name)!);
}

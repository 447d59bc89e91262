import { quoteInput } from '../quote-input.js';

/** Texts of `db revision` and `db merge`: refused input, refused sets, and what each set got. */
export const authoringMessages = {
  badMessage: (text: string) =>
    `revision message ${quoteInput(text)} is refused: it must start with "feat:" or "fix:" followed by a description`,
  badMessageHelp: () => 'e.g. -m "feat: add user status"',
  unknownSets: (names: readonly string[]) => `unknown migration set ${names.map(quoteInput).join(', ')}`,
  unknownSetsHelp: (known: readonly string[]) => `use one or more of: ${known.join(', ')}`,
  severalHeads: (set: string, heads: readonly string[]) => `${set} has ${heads.length} heads (${heads.join(', ')})`,
  severalHeadsHelp: () => 'run `npm run db -- merge -m "fix: merge heads"` first',
  buildNotCurrent: (set: string, dir: string) => `the build of ${set} is not current with ${dir}`,
  buildNotCurrentHelp: () => 'run `npm run build`, then try again',
  noSnapshot: (set: string) => `${set} has no schema-snapshot.json`,
  noSnapshotHelp: (file: string) => `restore ${file} from version control`,
  noSnapshotToDiff: () => 'no schema snapshot',
  // what a set got, after its name
  manualSkeleton: () => 'manual skeleton',
  noChanges: () => 'no changes',
  statements: (count: number, breaking: boolean) => `${count} statement(s), ${breaking ? 'breaking' : 'not breaking'}`,
  nothingToMerge: () => 'one head, nothing to merge',
  merges: (heads: readonly string[]) => `merges ${heads.join(', ')}`,
};

import { quoteInput } from '../quote-input.js';

const HISTORY_COMMAND = '`npm run db -- history`';

/** Where a revision lives: its migration set (`sqlite_agent`) and, when known, the file declaring it. */
export interface RevisionPlace {
  readonly set: string;
  readonly file?: string;
}

/** Another migration set of the same dialect that has a revision: its name and the `--db` value that selects it. */
export interface OtherSet {
  readonly set: string;
  readonly database: string;
}

// `sqlite_agent: ` before a text about a revision of that set; nothing when the set is not known.
const inSet = (place: RevisionPlace | undefined, text: string) => (place ? `${place.set}: ${text}` : text);
// ` (migrations/sqlite/agent/…_x.ts)` after a revision id, when its file is known.
const fileNote = (file: string | undefined) => (file ? ` (${file})` : '');
const baseName = (file: string) => file.split('/').pop()!;

/** Texts about the revision graph of a migration set; every one names the set (and the file) when the graph knows it. */
export const graphMessages = {
  invalidRevisionId: (revision: string, place?: RevisionPlace) =>
    inSet(place, `invalid revision id ${quoteInput(revision)}${fileNote(place?.file)}: expected 12 lowercase hex characters`),
  invalidRevisionIdHelp: (revision: string) =>
    `rename revision ${quoteInput(revision)} to 12 lowercase hex characters and update the revisions that name it as a parent`,

  duplicateRevision: (revision: string, set?: string, files: readonly string[] = []) =>
    inSet(set === undefined ? undefined : { set }, `revision ${revision} is declared more than once${files.length > 0 ? ` (${files.join(', ')})` : ''}`),
  duplicateRevisionHelp: (revision: string, files: readonly string[] = []) =>
    files.length > 0
      ? `delete the copy or give one of ${files.map(baseName).join(', ')} a new id`
      : `delete the copy or give one of the revision files declaring ${revision} a new id`,

  missingParent: (revision: string, parent: string, place?: RevisionPlace) =>
    place
      ? `${place.set}: revision ${revision}${fileNote(place.file)} names parent ${parent}, which no file of ${place.set} declares`
      : `revision ${revision} names parent ${parent}, which does not exist`,
  missingParentHelp: (revision: string, parent: string, file?: string) =>
    file
      ? `restore that revision's file or fix the parents in ${baseName(file)}`
      : `restore the file of revision ${parent} or fix the parents of ${revision}`,

  duplicateParent: (revision: string, parent: string, place?: RevisionPlace) =>
    inSet(place, `revision ${revision}${fileNote(place?.file)} names parent ${parent} more than once`),
  duplicateParentHelp: (revision: string, parent: string, file?: string) =>
    `list ${parent} only once in the parents ${file ? `in ${baseName(file)}` : `of ${revision}`}`,

  /** `cycle[i]` names `cycle[i + 1]` as a parent. */
  revisionCycle: (cycle: readonly string[], set?: string) =>
    inSet(set === undefined ? undefined : { set }, `revisions form a cycle through their parents: ${[...cycle, cycle[0]].join(' -> ')}`),
  revisionCycleHelp: (cycle: readonly string[], files: readonly string[] = []) =>
    files.length === cycle.length
      ? `fix the parents in one of ${files.map(baseName).join(', ')} so that the history starts at a root revision`
      : `fix the parents of one of ${cycle.join(', ')} so that the history starts at a root revision`,

  unknownRevision: (ref: string, set?: string) => `unknown revision ${quoteInput(ref)}${set ? ` in ${set}` : ''}`,
  /** `minPrefixLength` is set when `ref` was too short to match a prefix; `other` when another set of the dialect has it. */
  unknownRevisionHelp: (ref: string, minPrefixLength?: number, other?: OtherSet) => {
    if (other) return `it is a revision of ${other.set}: use --db ${other.database}`;
    const list = `run ${HISTORY_COMMAND} to list the known revisions`;
    if (minPrefixLength === undefined) return list;
    return `give at least ${minPrefixLength} characters of the revision id (${quoteInput(ref)} has ${[...ref].length}), or ${list}`;
  },

  ambiguousRevision: (ref: string, candidates: readonly string[], set?: string) =>
    `revision prefix ${quoteInput(ref)} is ambiguous${set ? ` in ${set}` : ''}: it matches ${candidates.join(', ')}`,
  ambiguousRevisionHelp: (ref: string) => `give more characters of the revision id than ${quoteInput(ref)}, or the full 12-character id`,

  /** A revision file that cannot be used, by problem. */
  revisionFile: {
    unloadable: (file: string, reason: string) => `revision file ${file} cannot be loaded: ${reason}`,
    no_revision_class: (file: string) => `${file} exports no revision class (a class with a static "revision" field)`,
    no_breaking_flag: (file: string) =>
      `${file} does not declare whether it is breaking: add \`breaking: true\` or \`breaking: false\` to its static revision`,
  },
  revisionFileHelp: (file: string) => `fix ${file} (or restore it from version control), then try again`,

  stepCount: (n: number) => `step count must be a non-negative integer, got ${n}`,
};

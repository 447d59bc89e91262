// Every text the revision graph shows a user lives here, so tests can pin it and wording changes stay in one place.

const HISTORY_COMMAND = '`npm run db -- history`';

/** A revision id that is not 12 lowercase hex characters. */
export function invalidRevisionIdMessage(revision: string): string {
  return `invalid revision id "${revision}": expected 12 lowercase hex characters`;
}

/** What to do about an invalid revision id. */
export function invalidRevisionIdHelp(revision: string): string {
  return `rename revision "${revision}" to 12 lowercase hex characters and update the revisions that name it as a parent`;
}

/** Two revision files declare the same id. */
export function duplicateRevisionMessage(revision: string): string {
  return `revision ${revision} is declared more than once`;
}

/** What to do about a duplicated revision id. */
export function duplicateRevisionHelp(revision: string): string {
  return `delete the copy or give one of the revision files declaring ${revision} a new id`;
}

/** A revision names a parent that no revision declares. */
export function missingParentMessage(revision: string, parent: string): string {
  return `revision ${revision} names parent ${parent}, which does not exist`;
}

/** What to do about a missing parent. */
export function missingParentHelp(revision: string, parent: string): string {
  return `restore the revision file ${parent} or fix the parents of ${revision}`;
}

/** A revision lists the same parent twice. */
export function duplicateParentMessage(revision: string, parent: string): string {
  return `revision ${revision} names parent ${parent} more than once`;
}

/** What to do about a repeated parent. */
export function duplicateParentHelp(revision: string, parent: string): string {
  return `list ${parent} only once in the parents of ${revision}`;
}

/** Revisions that are their own ancestors; `cycle[i]` names `cycle[i + 1]` as a parent. */
export function revisionCycleMessage(cycle: readonly string[]): string {
  return `revisions form a cycle through their parents: ${[...cycle, cycle[0]].join(' -> ')}`;
}

/** What to do about a parent cycle. */
export function revisionCycleHelp(cycle: readonly string[]): string {
  return `fix the parents of one of ${cycle.join(', ')} so that the history starts at a root revision`;
}

/** A revision reference that matches no revision. */
export function unknownRevisionMessage(ref: string): string {
  return `unknown revision "${ref}"`;
}

/** What to do about an unknown revision; `minPrefixLength` is set when `ref` was too short to match a prefix. */
export function unknownRevisionHelp(ref: string, minPrefixLength?: number): string {
  const list = `run ${HISTORY_COMMAND} to list the known revisions`;
  if (minPrefixLength === undefined) return list;
  return `give at least ${minPrefixLength} characters of the revision id ("${ref}" has ${ref.length}), or ${list}`;
}

/** A revision prefix that matches several revisions. */
export function ambiguousRevisionMessage(ref: string, candidates: readonly string[]): string {
  return `revision prefix "${ref}" is ambiguous: it matches ${candidates.join(', ')}`;
}

/** What to do about an ambiguous prefix. */
export function ambiguousRevisionHelp(ref: string): string {
  return `give more characters of the revision id than "${ref}", or the full 12-character id`;
}

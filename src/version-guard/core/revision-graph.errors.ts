import { GuardError } from './errors.js';
import { graphMessages as text, type OtherSet, type RevisionPlace } from './messages/index.js';

/** A revision id does not match `REVISION_ID_PATTERN`. */
export class InvalidRevisionIdError extends GuardError {
  readonly code = 'invalid_revision_id';

  constructor(
    readonly revision: string,
    readonly place?: RevisionPlace,
  ) {
    super(text.invalidRevisionId(revision, place), text.invalidRevisionIdHelp(revision));
  }
}

/** Two revisions declare the same id; `files` are the files declaring it, when known. */
export class DuplicateRevisionError extends GuardError {
  readonly code = 'duplicate_revision';

  constructor(
    readonly revision: string,
    readonly set?: string,
    readonly files: readonly string[] = [],
  ) {
    super(text.duplicateRevision(revision, set, files), text.duplicateRevisionHelp(revision, files));
  }
}

/** A revision names a parent that is not in the graph; `place` is the child's set and file. */
export class MissingParentError extends GuardError {
  readonly code = 'missing_parent';

  constructor(
    readonly revision: string,
    readonly parent: string,
    readonly place?: RevisionPlace,
  ) {
    super(text.missingParent(revision, parent, place), text.missingParentHelp(revision, parent, place?.file));
  }
}

/** A revision lists the same parent more than once (it would pass for a merge revision). */
export class DuplicateParentError extends GuardError {
  readonly code = 'duplicate_parent';

  constructor(
    readonly revision: string,
    readonly parent: string,
    readonly place?: RevisionPlace,
  ) {
    super(text.duplicateParent(revision, parent, place), text.duplicateParentHelp(revision, parent, place?.file));
  }
}

/** Revisions reach themselves through their parents; `cycle[i]` names `cycle[i + 1]` (and the last the first). */
export class RevisionCycleError extends GuardError {
  readonly code = 'revision_cycle';
  readonly cycle: readonly string[];

  constructor(
    cycle: readonly string[],
    readonly set?: string,
    /** The files of the cycle's revisions, in the same order, when known. */
    readonly files: readonly string[] = [],
  ) {
    super(text.revisionCycle(cycle, set), text.revisionCycleHelp(cycle, files));
    this.cycle = [...cycle];
  }
}

/**
 * A revision id or prefix matches no revision of `set`; `minPrefixLength` is set when the prefix was
 * too short to try, `other` when another migration set of the same dialect has that revision.
 */
export class UnknownRevisionError extends GuardError {
  readonly code = 'unknown_revision';

  constructor(
    readonly revision: string,
    readonly minPrefixLength?: number,
    readonly set?: string,
    readonly other?: OtherSet,
  ) {
    super(text.unknownRevision(revision, set), text.unknownRevisionHelp(revision, minPrefixLength, other));
  }
}

/** A revision prefix matches several revisions. */
export class AmbiguousRevisionError extends GuardError {
  readonly code = 'ambiguous_revision';
  readonly candidates: readonly string[];

  constructor(
    readonly revision: string,
    candidates: readonly string[],
    readonly set?: string,
  ) {
    super(text.ambiguousRevision(revision, candidates, set), text.ambiguousRevisionHelp(revision));
    this.candidates = [...candidates];
  }
}

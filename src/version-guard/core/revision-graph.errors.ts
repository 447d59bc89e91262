import { GuardError } from './errors.js';
import * as text from './revision-graph.messages.js';

/** A revision id does not match `REVISION_ID_PATTERN`. */
export class InvalidRevisionIdError extends GuardError {
  readonly code = 'invalid_revision_id';

  constructor(readonly revision: string) {
    super(text.invalidRevisionIdMessage(revision), text.invalidRevisionIdHelp(revision));
  }
}

/** Two revisions declare the same id. */
export class DuplicateRevisionError extends GuardError {
  readonly code = 'duplicate_revision';

  constructor(readonly revision: string) {
    super(text.duplicateRevisionMessage(revision), text.duplicateRevisionHelp(revision));
  }
}

/** A revision names a parent that is not in the graph. */
export class MissingParentError extends GuardError {
  readonly code = 'missing_parent';

  constructor(
    readonly revision: string,
    readonly parent: string,
  ) {
    super(text.missingParentMessage(revision, parent), text.missingParentHelp(revision, parent));
  }
}

/** A revision lists the same parent more than once (it would pass for a merge revision). */
export class DuplicateParentError extends GuardError {
  readonly code = 'duplicate_parent';

  constructor(
    readonly revision: string,
    readonly parent: string,
  ) {
    super(text.duplicateParentMessage(revision, parent), text.duplicateParentHelp(revision, parent));
  }
}

/** Revisions reach themselves through their parents; `cycle[i]` names `cycle[i + 1]` (and the last the first). */
export class RevisionCycleError extends GuardError {
  readonly code = 'revision_cycle';
  readonly cycle: readonly string[];

  constructor(cycle: readonly string[]) {
    super(text.revisionCycleMessage(cycle), text.revisionCycleHelp(cycle));
    this.cycle = [...cycle];
  }
}

/** A revision id or prefix matches no revision; `minPrefixLength` is set when the prefix was too short to try. */
export class UnknownRevisionError extends GuardError {
  readonly code = 'unknown_revision';

  constructor(
    readonly revision: string,
    readonly minPrefixLength?: number,
  ) {
    super(text.unknownRevisionMessage(revision), text.unknownRevisionHelp(revision, minPrefixLength));
  }
}

/** A revision prefix matches several revisions. */
export class AmbiguousRevisionError extends GuardError {
  readonly code = 'ambiguous_revision';
  readonly candidates: readonly string[];

  constructor(
    readonly revision: string,
    candidates: readonly string[],
  ) {
    super(text.ambiguousRevisionMessage(revision, candidates), text.ambiguousRevisionHelp(revision));
    this.candidates = [...candidates];
  }
}

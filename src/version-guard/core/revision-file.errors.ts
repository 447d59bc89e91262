import { GuardError } from './errors.js';
import { graphMessages } from './messages/index.js';

/** Why a revision file cannot be used. */
export type RevisionFileProblem = 'unloadable' | 'no_revision_class' | 'no_breaking_flag';

/** A revision file that cannot be loaded or does not declare a revision as it must; names the file. */
export class RevisionFileError extends GuardError {
  readonly code = 'revision_file';

  constructor(
    readonly file: string,
    readonly problem: RevisionFileProblem,
    /** The loader's own words, for `unloadable`. */
    readonly reason = '',
  ) {
    super(graphMessages.revisionFile[problem](file, reason), graphMessages.revisionFileHelp(file));
  }
}

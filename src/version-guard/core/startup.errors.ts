import { GuardError } from './errors.js';
import { faultMessages, messages } from './messages/index.js';
import { UpgradeLockLostSignal } from './errors.js';

/** The start is refused: one or more databases are in a refusing state. */
export class StartupRefusedError extends GuardError {
  readonly code = 'startup_refused';

  constructor(readonly problems: readonly GuardError[]) {
    super(problems.map((problem) => problem.message).join('\n'), problems.map((problem) => problem.help).join('\n'));
  }
}

/** A revision failed while upgrading; earlier revisions stay applied and the failure is recorded. */
export class UpgradeFailedError extends GuardError {
  readonly code = 'upgrade_failed';

  constructor(
    database: string,
    readonly revision: string,
    override readonly cause: Error,
    readonly current: readonly string[] = [],
    readonly heads: readonly string[] = [],
    /** The cause in plain words, when it is a known fault (its help replaces the generic one). */
    explained?: GuardError | null,
    /** Why recording the failure failed too, if it did. */
    recordingError?: string,
    /** The migration set of the revision (`sqlite_agent`). */
    readonly set?: string,
  ) {
    const lockLost = cause instanceof UpgradeLockLostSignal;
    const cause_ = explained ? explained.message.replace(`${database} database: `, '') : cause.message.split('\n')[0];
    super(
      lockLost
        ? messages.lockLost(database, revision, cause.message)
        : messages.upgradeFailed(database, revision, cause_, set) + recordingNote(cause_, recordingError),
      lockLost
        ? messages.lockLostHelp(database)
        : explained
        ? messages.upgradeFailedExplainedHelp(database, explained.help)
        : messages.upgradeFailedHelp(database),
      database,
    );
  }
}

/** A database could not be reached or opened at start. */
export class DatabaseUnreachableError extends GuardError {
  readonly code = 'database_unreachable';

  constructor(database: string, location: string, key: string, reason: string) {
    super(messages.unreachable(database, location, reason), messages.unreachableHelp(key), database);
  }
}

function recordingNote(cause: string, recordingError?: string): string {
  if (!recordingError) return '';
  return `; ${recordingError === cause ? faultMessages.recordingFailedSame() : faultMessages.recordingFailed(recordingError)}`;
}

import { GuardError } from './errors.js';
import type { DatabaseStatus } from './database-status.js';
import { messages } from './messages/index.js';

type ProblemState = keyof typeof messages.problem;

/** A database the guard will not start with, in one of the refusing states of SPEC §4. */
export class DatabaseRefusedError extends GuardError {
  readonly code: string;
  readonly state: string;
  readonly current: readonly string[];
  readonly heads: readonly string[];
  readonly problem: string;

  constructor(readonly status: DatabaseStatus) {
    const state = status.state as ProblemState;
    const problem = messages.problem[state](status);
    super(messages.refused(status.name, problem), messages.fix[state](status), status.name);
    this.code = `refused_${status.state}`;
    this.state = status.state;
    this.current = status.current;
    this.heads = status.heads;
    this.problem = problem;
  }

  /** The multi-line block printed on stderr. */
  render(): string {
    return [
      messages.refusalHeader(this.status),
      messages.block.current(this.current),
      messages.block.latest(this.heads),
      messages.block.problem(this.problem),
      messages.block.fix(this.help),
    ].join('\n');
  }
}

/** Another process held a database's upgrade lock longer than DB_LOCK_TIMEOUT_S. */
export class UpgradeLockTimeoutError extends GuardError {
  readonly code = 'lock_timeout';

  constructor(database: string, readonly seconds: number, readonly holder: string, lockHint: string) {
    super(messages.lockTimeout(database, seconds, holder), messages.lockTimeoutHelp(database, lockHint), database);
  }
}

/** The backup before an upgrade could not be written; the upgrade did not start. */
export class BackupFailedError extends GuardError {
  readonly code = 'backup_failed';

  constructor(database: string, readonly target: string, reason: string) {
    super(messages.backupFailed(database, target, reason), messages.backupFailedHelp(), database);
  }
}

import { GuardError } from './errors.js';
import type { DatabaseStatus } from './database-status.js';
import { messages } from './messages.js';

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
    super(`${status.name} database: ${problem}`, messages.fix[state](status), status.name);
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
      `   Current version: ${this.current.length > 0 ? this.current.join(',') : '(none)'}`,
      `   Latest version: ${this.heads.join(',')}`,
      `   Problem: ${this.problem}`,
      `   Fix: ${this.help}`,
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
    super(
      `${database} database: the backup before upgrading could not be written to ${target}: ${reason}; nothing was changed`,
      'make the backup directory writable (DB_BACKUP_DIR, default: next to the database file) and start again, or set DB_BACKUP_BEFORE_UPGRADE=false',
      database,
    );
  }
}

import { GuardError } from '../version-guard/core/errors.js';
import { cliMessages } from '../version-guard/core/messages/index.js';

/** Bad command-line input; reported in one line, exit status 2, before any database is touched. */
export class UsageError extends GuardError {
  readonly code = 'usage';

  constructor(message: string, help = cliMessages.help()) {
    super(message, help);
  }
}

/** `status` / `check` could not read a database: the same block, but exit status 2 (SPEC §6). */
export class UnreadableDatabaseError extends GuardError {
  readonly code: string;

  constructor(readonly reason: GuardError) {
    super(reason.message, reason.help, reason.database);
    this.code = reason.code;
  }
}

/** Exit statuses of SPEC §6. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

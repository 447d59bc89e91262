import type { GuardError } from './errors.js';
import { DatabaseRefusedError } from './guard.errors.js';
import { StartupRefusedError, UpgradeFailedError } from './startup.errors.js';
import { messages } from './messages/index.js';

/** The lines an operator reads for a guard error: what is wrong, then what to run. */
export function renderGuardError(error: GuardError): string {
  if (error instanceof StartupRefusedError) return error.problems.map(renderGuardError).join('\n');
  if (error instanceof DatabaseRefusedError) return error.render();
  if (error instanceof UpgradeFailedError) {
    return [
      messages.upgradeFailedHeader(error.database!),
      messages.block.current(error.current),
      messages.block.latestOrNone(error.heads),
      messages.block.problem(error.message),
      messages.block.fix(error.help),
    ].join('\n');
  }
  return messages.plainError(error.message, error.help);
}

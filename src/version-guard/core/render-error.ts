import type { GuardError } from './errors.js';
import { DatabaseRefusedError } from './guard.errors.js';
import { StartupRefusedError, UpgradeFailedError } from './startup.errors.js';

/** The lines an operator reads for a guard error: what is wrong, then what to run. */
export function renderGuardError(error: GuardError): string {
  if (error instanceof StartupRefusedError) return error.problems.map(renderGuardError).join('\n');
  if (error instanceof DatabaseRefusedError) return error.render();
  if (error instanceof UpgradeFailedError) {
    const list = (ids: readonly string[]) => (ids.length > 0 ? ids.join(',') : '(none)');
    return [
      `❌ ${error.database} database: upgrade failed (state: failed)`,
      `   Current version: ${list(error.current)}`,
      `   Latest version: ${list(error.heads)}`,
      `   Problem: ${error.message}`,
      `   Fix: ${error.help}`,
    ].join('\n');
  }
  return `❌ ${error.message}\n   Fix: ${error.help}`;
}

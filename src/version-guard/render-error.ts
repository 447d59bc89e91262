import type { GuardError } from './errors.js';
import { DatabaseRefusedError } from './guard.errors.js';
import { StartupRefusedError } from './startup.errors.js';

/** The lines an operator reads for a guard error: what is wrong, then what to run. */
export function renderGuardError(error: GuardError): string {
  if (error instanceof StartupRefusedError) return error.problems.map(renderGuardError).join('\n');
  if (error instanceof DatabaseRefusedError) return error.render();
  return `❌ ${error.message}\n   Fix: ${error.help}`;
}

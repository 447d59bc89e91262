import { GuardError } from './version-guard/errors.js';
import { renderGuardError } from './version-guard/render-error.js';

/** Prints why the application did not start: the guard's explanation, or the unexpected error. */
export function reportStartupFailure(error: unknown): void {
  if (error instanceof GuardError) {
    process.stderr.write(renderGuardError(error) + '\n');
    return;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`❌ The application failed to start: ${error instanceof Error ? error.message : String(error)}\n${detail}\n`);
}

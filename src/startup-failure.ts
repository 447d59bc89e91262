import { GuardError } from './version-guard/errors.js';
import { renderGuardError } from './version-guard/render-error.js';

/** Prints why the application did not start: the guard's explanation, or the unexpected error. */
export function reportStartupFailure(error: unknown, then: () => void): void {
  if (error instanceof GuardError) {
    process.stderr.write(renderGuardError(error) + '\n', then);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const detail = error instanceof Error ? (error.stack ?? message) : message;
  process.stderr.write(`❌ The application failed to start: ${message}\n${detail}\n`, then);
}

import { GuardError } from '../../src/version-guard/core/errors.js';

/** The GuardError `fn` throws; fails when it throws nothing or something else. */
export function thrown(fn: () => unknown): GuardError {
  try {
    fn();
  } catch (error) {
    if (error instanceof GuardError) return error;
    throw error;
  }
  throw new Error('expected a GuardError, nothing was thrown');
}

/** The GuardError `promise` rejects with; fails when it resolves or rejects with something else. */
export async function rejected(promise: Promise<unknown>): Promise<GuardError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GuardError) return error;
    throw error;
  }
  throw new Error('expected a GuardError, the promise resolved');
}

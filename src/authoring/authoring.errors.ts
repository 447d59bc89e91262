import { GuardError } from '../version-guard/core/errors.js';

/** A revision or merge could not be written; nothing was. */
export class AuthoringError extends GuardError {
  readonly code: string = 'authoring';
}

/** Bad input to `revision` or `merge` (a message, a set name): a usage error, reported in one line. */
export class AuthoringInputError extends AuthoringError {
  override readonly code = 'authoring_input';
}

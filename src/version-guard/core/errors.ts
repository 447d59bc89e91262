/**
 * Base of every error this system reports to a user: a stable `code`, the database it concerns
 * (when there is one) and `help`, the exact command or action that fixes it.
 */
export abstract class GuardError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    readonly help: string,
    readonly database?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Thrown by `assertHeld` when the lock was lost; the engine turns it into a message naming the database. */
export class UpgradeLockLostSignal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UpgradeLockLostSignal';
  }
}

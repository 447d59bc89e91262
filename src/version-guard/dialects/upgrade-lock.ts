/** A table a dialect may keep its upgrade lock in (one lease row); never user data. */
export const LOCK_TABLE = 'schema_upgrade_lock';

/** Releases a held upgrade lock. */
export type ReleaseLock = () => Promise<void>;

/** The lock was not acquired in time; `holder` says who has it, as far as can be told. */
export interface LockTimedOut {
  readonly timedOut: true;
  readonly holder: string;
}

/** A cross-process lock on one database's upgrades. */
export interface UpgradeLock {
  /** Waits at most `timeoutMs`; calls `onWait` once, with the holder, when it has to wait. */
  acquire(timeoutMs: number, onWait: (holder: string) => void): Promise<ReleaseLock | LockTimedOut>;
  /** How to clear a lock left by a process that is gone (for the timeout message). */
  readonly clearHint: string;
  /** Which lock this is, for the log line of the process that holds it. */
  readonly description: string;
  /** The file the lock lives in, named when it cannot be created or opened; absent for a lock on a server. */
  readonly file?: string;
  /** Throws when the lock was lost since it was acquired (a lease not renewed in time). */
  assertHeld?(): void;
  /**
   * Waits, writing nothing, until no other process holds the lock (for reads that must not see a
   * half-done upgrade). Locks that cannot be observed without taking them leave it out.
   */
  waitUntilFree?(timeoutMs: number, onWait: (holder: string) => void): Promise<true | LockTimedOut>;
}

/** A lock that can only be tried, not waited for: polled until a deadline. */
export interface TryLock {
  tryAcquire(): Promise<ReleaseLock | null>;
  describeHolder(): Promise<string>;
}

/** Polls `lock` until acquired or `timeoutMs` has passed. */
export async function pollForLock(
  lock: TryLock,
  timeoutMs: number,
  onWait: (holder: string) => void,
  pollMs = 50,
): Promise<ReleaseLock | LockTimedOut> {
  const deadline = Date.now() + timeoutMs;
  let waited = false;
  for (;;) {
    const release = await lock.tryAcquire();
    if (release) return release;
    if (!waited) {
      waited = true;
      onWait(await lock.describeHolder());
    }
    if (Date.now() >= deadline) return { timedOut: true, holder: await lock.describeHolder() };
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}

/** Releases a held upgrade lock. */
export type ReleaseLock = () => Promise<void>;

/** A cross-process lock on one database's upgrades. */
export interface UpgradeLock {
  /** Tries once; returns the release function, or null when another process holds the lock. */
  tryAcquire(): Promise<ReleaseLock | null>;
  /** Who holds the lock now, as far as can be told (for messages). */
  describeHolder(): Promise<string>;
  /** How to clear a lock left by a process that is gone (for the timeout message). */
  readonly clearHint: string;
}

/** Waits for `lock` at most `timeoutMs`, polling; calls `onWait` once when it has to wait. */
export async function acquireWithin(
  lock: UpgradeLock,
  timeoutMs: number,
  onWait: (holder: string) => void,
  pollMs = 50,
): Promise<ReleaseLock | { timedOut: true; holder: string }> {
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

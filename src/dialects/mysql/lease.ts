/**
 * Timing rules of the upgrade lease (pure). The holder renews its lease every `heartbeatMs`; a
 * lease whose last renewal is older than `ttlMs` on the server's clock may be taken over. The
 * holder itself gives the lease up earlier, after `ttlMs - marginMs` without a confirmed renewal,
 * so that it always stops before anyone else can take over, whatever the network does.
 */
export interface LeaseTiming {
  readonly heartbeatMs: number;
  readonly ttlMs: number;
  readonly marginMs: number;
}

/** Renew every 2 s, taken over 10 s after the last renewal, self-revoked after 7 s. */
export const DEFAULT_LEASE_TIMING: LeaseTiming = { heartbeatMs: 2_000, ttlMs: 10_000, marginMs: 3_000 };

/** What the holder knows about its own lease. */
export interface LeaseView {
  /** Local time (ms) at which the last renewal was confirmed by the server. */
  readonly lastConfirmedAt: number;
  /** The server said another holder owns the lease now. */
  readonly takenOver: boolean;
}

/** Why the holder must consider its lease lost at `now`, or null while it still holds it. */
export function leaseLostReason(view: LeaseView, now: number, timing: LeaseTiming): string | null {
  if (view.takenOver) return 'another process took the lock over';
  const silentMs = now - view.lastConfirmedAt;
  if (silentMs > timing.ttlMs - timing.marginMs) {
    return `the lock could not be renewed for ${(silentMs / 1000).toFixed(1)} s (connection to the server lost)`;
  }
  return null;
}

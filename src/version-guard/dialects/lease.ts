import { lockMessages } from '../core/messages/index.js';

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

/**
 * The timing of a lease taken over `ttlMs` after its last renewal: renewed five times per TTL (at
 * least every second), self-revoked after 70 % of it without a confirmed renewal. 10 s: renew every
 * 2 s, revoke after 7 s; 30 s (the default): every 6 s, after 21 s, so a server that stalls on I/O
 * for a quarter of a minute does not stop a long upgrade.
 */
export function leaseTiming(ttlMs: number): LeaseTiming {
  return { heartbeatMs: Math.max(1_000, Math.round(ttlMs / 5)), ttlMs, marginMs: Math.round(ttlMs * 0.3) };
}

/** DB_LOCK_LEASE_S's default: taken over 30 s after the last renewal. */
export const DEFAULT_LEASE_TIMING: LeaseTiming = leaseTiming(30_000);

/** What the holder knows about its own lease. */
export interface LeaseView {
  /** Local time (ms) at which the last renewal was confirmed by the server. */
  readonly lastConfirmedAt: number;
  /** The server said another holder owns the lease now. */
  readonly takenOver: boolean;
}

/** Why the holder must consider its lease lost at `now`, or null while it still holds it. */
export function leaseLostReason(view: LeaseView, now: number, timing: LeaseTiming): string | null {
  if (view.takenOver) return lockMessages.lease.takenOver();
  const silentMs = now - view.lastConfirmedAt;
  if (silentMs > timing.ttlMs - timing.marginMs) {
    return lockMessages.lease.notRenewed((silentMs / 1000).toFixed(1));
  }
  return null;
}

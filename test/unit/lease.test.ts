import { describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_TIMING, leaseLostReason, leaseTiming } from '../../src/version-guard/dialects/mysql/lease.js';
import { describeTopology } from '../../src/version-guard/dialects/mysql/mysql-topology.js';

describe('the upgrade lease (pure timing)', () => {
  const timing = { heartbeatMs: 2_000, ttlMs: 10_000, marginMs: 3_000 };

  it('is held while renewals are confirmed within TTL minus the margin', () => {
    expect(leaseLostReason({ lastConfirmedAt: 1_000, takenOver: false }, 1_000 + 6_999, timing)).toBeNull();
  });

  it('is given up by its holder before anyone else may take it over', () => {
    expect(leaseLostReason({ lastConfirmedAt: 1_000, takenOver: false }, 1_000 + 7_001, timing)).toBe(
      'the lock could not be renewed for 7.0 s (connection to the server lost)',
    );
    // the holder stops at TTL - margin, others may take over only at TTL
    expect(DEFAULT_LEASE_TIMING.ttlMs - DEFAULT_LEASE_TIMING.marginMs).toBeLessThan(DEFAULT_LEASE_TIMING.ttlMs);
    expect(DEFAULT_LEASE_TIMING.heartbeatMs * 2).toBeLessThan(DEFAULT_LEASE_TIMING.ttlMs - DEFAULT_LEASE_TIMING.marginMs);
  });

  it('is timed from DB_LOCK_LEASE_S: renewed five times per lease, given up after 70 % of it', () => {
    expect(leaseTiming(10_000)).toEqual(timing);
    expect(DEFAULT_LEASE_TIMING).toEqual({ heartbeatMs: 6_000, ttlMs: 30_000, marginMs: 9_000 });
    // a server that does not answer for 20 s does not make the holder give up a 30 s lease
    expect(leaseLostReason({ lastConfirmedAt: 0, takenOver: false }, 20_000, DEFAULT_LEASE_TIMING)).toBeNull();
    expect(leaseLostReason({ lastConfirmedAt: 0, takenOver: false }, 21_001, DEFAULT_LEASE_TIMING)).not.toBeNull();
    // never renewed less than once a second
    expect(leaseTiming(5_000).heartbeatMs).toBe(1_000);
  });

  it('is lost at once when the server says another holder owns it', () => {
    expect(leaseLostReason({ lastConfirmedAt: 1_000, takenOver: true }, 1_001, timing)).toBe('another process took the lock over');
  });
});

describe('MySQL topology words', () => {
  it('names single servers, Galera clusters and Group Replication', () => {
    expect(describeTopology({ kind: 'single' })).toBe('single server');
    expect(describeTopology({ kind: 'galera', nodes: 3 })).toBe('Galera cluster of 3 nodes');
    expect(describeTopology({ kind: 'galera', nodes: 1 })).toBe('Galera cluster of 1 node');
    expect(describeTopology({ kind: 'group_replication', members: 5 })).toBe('Group Replication of 5 members');
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_TIMING, leaseLostReason, leaseTiming } from '../../src/version-guard/dialects/lease.js';
import { describeTopology } from '../../src/version-guard/dialects/mysql/mysql-topology.js';
import { optionalSessionSettings, serverKeepalive, settingsStatement } from '../../src/version-guard/dialects/postgresql/postgresql-sessions.js';

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

describe('the PostgreSQL server keepalive of a lease (pure)', () => {
  const freedAfterS = (leaseS: number) => {
    const { idleS, intervalS, count } = serverKeepalive(leaseS * 1000);
    return idleS + intervalS * count;
  };

  it("frees a vanished holder's session about one lease after its last packet, never before the holder gives the lock up", () => {
    expect(serverKeepalive(30_000)).toEqual({ idleS: 12, intervalS: 5, count: 4, unacknowledgedMs: 32_000 });
    expect(freedAfterS(30)).toBe(32);
    for (let leaseS = 5; leaseS <= 3_600; leaseS++) {
      const timing = leaseTiming(leaseS * 1000);
      // the holder stops (70 % of the lease without a confirmed check) before the server frees the lock
      expect(freedAfterS(leaseS) * 1000).toBeGreaterThan(timing.ttlMs - timing.marginMs);
      expect(freedAfterS(leaseS)).toBeLessThanOrEqual(Math.ceil(leaseS * 1.25));
      // a live holder's checks keep its session busier than the server's idle time: no probe is ever sent
      expect(timing.heartbeatMs).toBeLessThan(serverKeepalive(leaseS * 1000).idleS * 1000);
    }
  });

  it("is set with the session's other settings in one statement, its values quoted; a setting older servers lack only where it exists", () => {
    expect(settingsStatement({ tcp_keepalives_idle: '12', application_name: "it's" })).toBe(
      "select set_config('tcp_keepalives_idle', '12', false), set_config('application_name', 'it''s', false)",
    );
    expect(settingsStatement({ tcp_keepalives_idle: '12' }, optionalSessionSettings(30_000))).toBe(
      "select set_config('tcp_keepalives_idle', '12', false), " +
        "(select set_config('tcp_user_timeout', '32000', false) from pg_catalog.pg_settings where name = 'tcp_user_timeout'), " +
        "(select set_config('client_connection_check_interval', '6000', false) from pg_catalog.pg_settings where name = 'client_connection_check_interval')",
    );
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

import { createHash } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_LEASE_TIMING, leaseLostReason, type LeaseTiming } from '../lease.js';
import { pollForLock, type LockTimedOut, type ReleaseLock, type UpgradeLock } from '../upgrade-lock.js';
import { CONNECT_TIMEOUT_MS, keepaliveSettings, optionalSessionSettings, serverKeepalive, settingsStatement } from './postgresql-sessions.js';
import { UpgradeLockLostSignal } from '../../core/errors.js';
import { lockMessages } from '../../core/messages/index.js';

/** A stable 64-bit advisory lock key for a database name (PostgreSQL takes a bigint). */
export function advisoryKey(database: string): string {
  return BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(`db_version_guard:${database}`).digest('hex').slice(0, 16)}`)).toString();
}

/**
 * Upgrade lock for a PostgreSQL database: a session advisory lock on a connection of its own. The
 * server releases it when that session ends, so a killed process never leaves it behind; DDL is
 * transactional, so a holder that dies mid-revision leaves nothing of that revision either.
 *
 * A holder whose host vanishes (it crashed, or the network to it broke) cannot end its session:
 * the server's TCP keepalive, set on the session, ends it about one lease (DB_LOCK_LEASE_S) after
 * the last packet. The holder checks its session every fifth of a lease, and gives the lock up
 * (`assertHeld` throws before its next statement) once the session has ended, been ended by
 * someone, or gone unconfirmed for 70 % of a lease: always before the server could free the lock
 * for anyone else.
 */
export class PostgresqlUpgradeLock implements UpgradeLock {
  private readonly key: string;
  private client: pg.Client | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private checking = false;
  private lastConfirmedAt = 0;
  private ended: string | null = null;

  constructor(
    private readonly url: string,
    database: string,
    private readonly timing: LeaseTiming = DEFAULT_LEASE_TIMING,
  ) {
    this.key = advisoryKey(database);
  }

  get clearHint(): string {
    return lockMessages.postgresql.clearHint();
  }

  get description(): string {
    return lockMessages.postgresql.description(serverKeepalive(this.timing.ttlMs).unacknowledgedMs / 1000);
  }

  async acquire(timeoutMs: number, onWait: (holder: string) => void): Promise<ReleaseLock | LockTimedOut> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'db-version-guard lock', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    this.client = client;
    this.ended = null;
    client.on('error', (error) => (this.ended ??= error.message));
    client.on('end', () => (this.ended ??= 'connection closed'));
    await client.connect();
    try {
      await client.query(settingsStatement(keepaliveSettings(this.timing.ttlMs), optionalSessionSettings(this.timing.ttlMs)));
      const acquired = await pollForLock({ tryAcquire: () => this.tryTake(client), describeHolder: () => this.describeHolder(client) }, timeoutMs, onWait, 100);
      if ('timedOut' in acquired) await this.close();
      return acquired;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  private async tryTake(client: pg.Client): Promise<ReleaseLock | null> {
    const sentAt = Date.now();
    const { rows } = await client.query('select pg_try_advisory_lock($1::bigint) as got', [this.key]);
    if (rows[0]?.got !== true) return null;
    this.lastConfirmedAt = sentAt;
    return this.hold(client);
  }

  /** Throws when the lock's session is gone, or has not been confirmed for too long; call before every statement that changes the database. */
  assertHeld(): void {
    if (this.ended !== null) throw new UpgradeLockLostSignal(lockMessages.postgresql.sessionEnded(this.ended));
    const reason = leaseLostReason({ lastConfirmedAt: this.lastConfirmedAt, takenOver: false }, Date.now(), this.timing);
    if (reason) throw new UpgradeLockLostSignal(reason);
  }

  private hold(client: pg.Client): ReleaseLock {
    this.heartbeat = setInterval(() => void this.confirm(client), this.timing.heartbeatMs);
    this.heartbeat.unref();
    return async () => {
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
      // freed at once for the next process; ending the session would free it too
      if (this.ended === null) await this.bounded(client.query('select pg_advisory_unlock($1::bigint)', [this.key]));
      await this.close();
    };
  }

  // One check at a time: a check that hangs (the server is unreachable) is not piled on.
  private async confirm(client: pg.Client): Promise<void> {
    if (this.checking || this.ended !== null) return;
    this.checking = true;
    const sentAt = Date.now();
    try {
      await client.query('select 1');
      this.lastConfirmedAt = sentAt;
    } catch (error) {
      this.ended ??= (error as Error).message;
    } finally {
      this.checking = false;
    }
  }

  /** The backend holding the lock: pid, application name, client address and since when. */
  private async describeHolder(client: pg.Client): Promise<string> {
    const { rows } = await client.query(
      `select a.pid, a.application_name, a.client_addr, a.backend_start
         from pg_locks l join pg_stat_activity a on a.pid = l.pid
        where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())
          and ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint`,
      [this.key],
    );
    const row = rows[0] as { pid: number; application_name: string; client_addr: string | null; backend_start: Date } | undefined;
    if (!row) return lockMessages.postgresql.justFinished();
    return lockMessages.postgresql.holder(row.pid, row.application_name, row.client_addr, row.backend_start.toISOString());
  }

  // Ends the session, without waiting on a server that no longer answers: an open socket would
  // keep a CLI process from exiting.
  private async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client && !(await this.bounded(client.end()))) client.connection.stream.destroy();
  }

  /** Whether `work` settled (either way) within a heartbeat. */
  private bounded(work: Promise<unknown>): Promise<boolean> {
    const settled = work.then(
      () => true,
      () => true,
    );
    const gaveUp = new Promise<false>((resolve) => setTimeout(() => resolve(false), this.timing.heartbeatMs).unref());
    return Promise.race([settled, gaveUp]);
  }
}

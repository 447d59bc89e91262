import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createConnection, type Connection, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { DEFAULT_LEASE_TIMING, leaseLostReason, type LeaseTiming } from '../lease.js';
import { isLostRace, retryLostRace } from './mysql-conflicts.js';
import { createDatabaseIfMissing } from './mysql-database.js';
import { readCausally, rememberOwnConnection } from './mysql-sessions.js';
import { describeTopology, detectTopology } from './mysql-topology.js';
import { LOCK_TABLE, pollForLock, type LockTimedOut, type ReleaseLock, type UpgradeLock } from '../upgrade-lock.js';
import { UpgradeLockLostSignal } from '../../core/errors.js';
import { lockMessages } from '../../core/messages/index.js';


const LEASE_NAME = 'upgrade';

const DDL = `create table if not exists ${LOCK_TABLE} (
  name varchar(64) not null primary key,
  token varchar(64) null,
  holder varchar(255) null,
  connection_id bigint null,
  acquired_at datetime(6) null,
  heartbeat_at datetime(6) null
) engine=InnoDB`;

/**
 * Upgrade lock for a MySQL database that holds on a single server, across a Galera cluster and
 * under Group Replication: a lease row in the database itself (`schema_upgrade_lock`), replicated
 * like any other row, where session-level `GET_LOCK` is local to one node. The holder renews the
 * lease from a connection of its own; a lease not renewed for the TTL (its holder died, or lost
 * the server) is taken over; a holder that cannot renew gives up before anyone can take over, and
 * `assertHeld` makes it stop before its next statement.
 */
export class MysqlUpgradeLock implements UpgradeLock {
  private readonly token = randomUUID();
  private readonly holder = `${hostname()} pid ${process.pid}`.slice(0, 255);
  private lastConfirmedAt = 0;
  private takenOver = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private renewing = false;
  private connection: Connection | null = null;
  private topologyWords = lockMessages.mysql.topology.single();

  constructor(
    private readonly url: string,
    private readonly timing: LeaseTiming = DEFAULT_LEASE_TIMING,
  ) {}

  get clearHint(): string {
    return lockMessages.mysql.clearHint(this.timing.ttlMs / 1000, LOCK_TABLE);
  }

  /** Which lock this is, for the log (after `acquire`). */
  get description(): string {
    return lockMessages.mysql.description(LOCK_TABLE, this.topologyWords, this.timing.ttlMs / 1000);
  }

  async acquire(timeoutMs: number, onWait: (holder: string) => void): Promise<ReleaseLock | LockTimedOut> {
    const connection = await this.connect();
    try {
      this.topologyWords = describeTopology(await detectTopology(connection));
      await this.ensureLeaseRow(connection);
      const lease = { tryAcquire: async () => ((await this.tryTake(connection)) ? this.hold() : null), describeHolder: () => this.describeHolder(connection) };
      const acquired = await pollForLock(lease, timeoutMs, onWait, 250);
      if ('timedOut' in acquired) await this.close();
      return acquired;
    } catch (error) {
      // (a read-only server, a user that may not write the lease row): an open connection would
      // keep a CLI process from ever exiting
      await this.close();
      throw error;
    }
  }

  async waitUntilFree(timeoutMs: number, onWait: (holder: string) => void): Promise<true | LockTimedOut> {
    let connection: Connection;
    try {
      connection = await createConnection({ uri: this.url, connectTimeout: this.timing.heartbeatMs * 2 });
    } catch (error) {
      // no database yet: nobody is upgrading it
      if ((error as { code?: string }).code === 'ER_BAD_DB_ERROR') return true;
      throw error;
    }
    try {
      // a lease taken on another node must be seen here before this process judges the database
      await readCausally(async (sql) => (await connection.query<RowDataPacket[]>(sql))[0]);
      const deadline = Date.now() + timeoutMs;
      let waited = false;
      while (await this.heldByOther(connection)) {
        if (!waited) {
          waited = true;
          onWait(await this.describeHolder(connection));
        }
        if (Date.now() >= deadline) return { timedOut: true, holder: await this.describeHolder(connection) };
        await sleep(Math.min(250, Math.max(1, deadline - Date.now())));
      }
      return true;
    } finally {
      await connection.end().catch(() => connection.destroy());
    }
  }

  // A live lease of another process (read only; a missing table means no lease was ever taken).
  private async heldByOther(connection: Connection): Promise<boolean> {
    const [tables] = await connection.query<RowDataPacket[]>(
      'select 1 from information_schema.tables where table_schema = database() and table_name = ?',
      [LOCK_TABLE],
    );
    if (tables.length === 0) return false;
    const [rows] = await connection.query<RowDataPacket[]>(
      `select 1 from ${LOCK_TABLE} where name = ? and token is not null and heartbeat_at >= now(6) - interval ? microsecond`,
      [LEASE_NAME, this.timing.ttlMs * 1000],
    );
    return rows.length > 0;
  }

  /** Throws when the lease is no longer this process's; call before every statement that changes the database. */
  assertHeld(): void {
    const reason = leaseLostReason({ lastConfirmedAt: this.lastConfirmedAt, takenOver: this.takenOver }, Date.now(), this.timing);
    if (reason) throw new UpgradeLockLostSignal(reason);
  }

  private async connect(): Promise<Connection> {
    try {
      this.connection = await createConnection({ uri: this.url, connectTimeout: this.timing.heartbeatMs * 2 });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ER_BAD_DB_ERROR') throw error;
      await createDatabaseIfMissing(this.url);
      this.connection = await createConnection({ uri: this.url, connectTimeout: this.timing.heartbeatMs * 2 });
    }
    // a broken socket must not hang a renewal past the point where the lease could be taken over
    this.connection.on('error', () => undefined);
    rememberOwnConnection(this.connection.threadId ?? Number.NaN);
    return this.connection;
  }

  // Processes starting at once on several cluster nodes all create the same table and row: a
  // conflict only means another node did it first, so the step is tried again.
  private async ensureLeaseRow(connection: Connection): Promise<void> {
    await retryLostRace(async () => {
      // `create table if not exists` needs the CREATE privilege even when the table exists
      const [tables] = await connection.query<RowDataPacket[]>(
        'select 1 from information_schema.tables where table_schema = database() and table_name = ?',
        [LOCK_TABLE],
      );
      if (tables.length === 0) await connection.query(DDL);
      await connection.query(`insert ignore into ${LOCK_TABLE} (name) values (?)`, [LEASE_NAME]);
    });
  }

  private async tryTake(connection: Connection): Promise<boolean> {
    const sentAt = Date.now();
    try {
      const [result] = await connection.query<ResultSetHeader>(
        `update ${LOCK_TABLE} set token = ?, holder = ?, connection_id = connection_id(), acquired_at = now(6), heartbeat_at = now(6)
         where name = ? and (token is null or heartbeat_at < now(6) - interval ? microsecond)`,
        [this.token, this.holder, LEASE_NAME, this.timing.ttlMs * 1000],
      );
      if (result.affectedRows !== 1) return false;
      // counted from before the request: the server wrote heartbeat_at later than that
      this.lastConfirmedAt = sentAt;
      return true;
    } catch (error) {
      if (isLostRace(error)) return false;
      throw error;
    }
  }

  private hold(): ReleaseLock {
    this.heartbeat = setInterval(() => void this.renew(), this.timing.heartbeatMs);
    this.heartbeat.unref();
    return async () => {
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
      try {
        await this.withLiveConnection((c) =>
          c.query(`update ${LOCK_TABLE} set token = null, heartbeat_at = null where name = ? and token = ?`, [LEASE_NAME, this.token]),
        );
      } catch {
        // the lease expires by itself after its TTL
      } finally {
        await this.close();
      }
    };
  }

  // One renewal at a time; a lost connection is replaced, so a network blip does not lose the lease.
  private async renew(): Promise<void> {
    if (this.renewing || this.takenOver) return;
    this.renewing = true;
    const sentAt = Date.now();
    try {
      const [result] = await this.withLiveConnection((c) =>
        c.query<ResultSetHeader>({
          sql: `update ${LOCK_TABLE} set heartbeat_at = now(6), connection_id = connection_id() where name = ? and token = ?`,
          values: [LEASE_NAME, this.token],
          timeout: this.timing.heartbeatMs * 2,
        }),
      );
      if (result.affectedRows === 1) this.lastConfirmedAt = sentAt;
      else this.takenOver = true;
    } catch {
      this.connection?.destroy();
      this.connection = null;
    } finally {
      this.renewing = false;
    }
  }

  private async withLiveConnection<T>(work: (c: Connection) => Promise<T>): Promise<T> {
    const connection = this.connection ?? (await this.connect());
    return work(connection);
  }

  private async describeHolder(connection: Connection): Promise<string> {
    const [rows] = await connection.query<RowDataPacket[]>(
      `select holder, connection_id, acquired_at, timestampdiff(microsecond, heartbeat_at, now(6)) as silent_us
       from ${LOCK_TABLE} where name = ? and token is not null`,
      [LEASE_NAME],
    );
    const row = rows[0];
    if (!row) return lockMessages.mysql.justFinished();
    const since = row.acquired_at instanceof Date ? row.acquired_at.toISOString() : String(row.acquired_at);
    const silent = (Number(row.silent_us) / 1e6).toFixed(1);
    return lockMessages.mysql.holder(row.holder, row.connection_id, since, silent);
  }

  private async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    if (!connection) return;
    try {
      await connection.end();
    } catch {
      connection.destroy();
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

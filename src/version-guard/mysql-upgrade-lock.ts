import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import type { LockTimedOut, ReleaseLock, UpgradeLock } from './upgrade-lock.js';

/**
 * Upgrade lock for a MySQL database: a session-level named lock (`GET_LOCK`) held on a connection
 * of its own. The server releases it when that connection ends, so a killed process frees it.
 */
export class MysqlUpgradeLock implements UpgradeLock {
  private readonly name: string;

  constructor(
    private readonly url: string,
    dbName: string,
  ) {
    // lock names are server-wide and at most 64 characters
    this.name = `db_version_guard.${dbName}`.slice(0, 64);
  }

  get clearHint(): string {
    return `the server frees the lock "${this.name}" when the holding connection closes; find it with SELECT IS_USED_LOCK('${this.name}') and end it with KILL <id>`;
  }

  async acquire(timeoutMs: number, onWait: (holder: string) => void): Promise<ReleaseLock | LockTimedOut> {
    const connection = await createConnection({ uri: this.url });
    try {
      if (await this.getLock(connection, 0)) return this.releaser(connection);
      onWait(await this.describeHolder(connection));
      if (timeoutMs > 0 && (await this.getLock(connection, timeoutMs / 1000))) return this.releaser(connection);
      const holder = await this.describeHolder(connection);
      await connection.end();
      return { timedOut: true, holder };
    } catch (error) {
      connection.destroy();
      throw error;
    }
  }

  private async getLock(connection: Connection, seconds: number): Promise<boolean> {
    const [rows] = await connection.query<RowDataPacket[]>('select get_lock(?, ?) as got', [this.name, seconds]);
    return Number(rows[0]?.got) === 1;
  }

  private releaser(connection: Connection): ReleaseLock {
    return async () => {
      try {
        await connection.query('select release_lock(?)', [this.name]);
      } finally {
        await connection.end();
      }
    };
  }

  /** The connection holding the lock: id, user, host and for how long. */
  private async describeHolder(connection: Connection): Promise<string> {
    const [rows] = await connection.query<RowDataPacket[]>(
      'select p.id, p.user, p.host, p.time from information_schema.processlist p where p.id = is_used_lock(?)',
      [this.name],
    );
    const row = rows[0];
    return row ? `MySQL connection ${row.id} (${row.user}@${row.host}, ${row.time} s)` : 'a connection that just finished';
  }
}

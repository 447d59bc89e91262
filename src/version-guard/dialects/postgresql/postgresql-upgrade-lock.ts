import { createHash } from 'node:crypto';
import pg from 'pg';
import type { LockTimedOut, ReleaseLock, UpgradeLock } from '../upgrade-lock.js';
import { lockMessages } from '../../core/messages/index.js';

/** A stable 64-bit advisory lock key for a database name (PostgreSQL takes a bigint). */
export function advisoryKey(database: string): string {
  return BigInt.asIntN(64, BigInt(`0x${createHash('sha256').update(`db_version_guard:${database}`).digest('hex').slice(0, 16)}`)).toString();
}

/**
 * Upgrade lock for a PostgreSQL database: a session advisory lock on a connection of its own. The
 * server releases it when that session ends, so a killed process never leaves it behind; DDL is
 * transactional, so a holder that dies mid-revision leaves nothing of that revision either.
 */
export class PostgresqlUpgradeLock implements UpgradeLock {
  private readonly key: string;

  constructor(
    private readonly url: string,
    database: string,
  ) {
    this.key = advisoryKey(database);
  }

  get clearHint(): string {
    return lockMessages.postgresql.clearHint();
  }

  get description(): string {
    return lockMessages.postgresql.description();
  }

  async acquire(timeoutMs: number, onWait: (holder: string) => void): Promise<ReleaseLock | LockTimedOut> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'db-version-guard lock' });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const deadline = Date.now() + timeoutMs;
      let waited = false;
      for (;;) {
        const { rows } = await client.query('select pg_try_advisory_lock($1::bigint) as got', [this.key]);
        if (rows[0]?.got === true) return this.releaser(client);
        if (!waited) {
          waited = true;
          onWait(await this.describeHolder(client));
        }
        if (Date.now() >= deadline) {
          const holder = await this.describeHolder(client);
          await client.end();
          return { timedOut: true, holder };
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(1, deadline - Date.now()))));
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  private releaser(client: pg.Client): ReleaseLock {
    return async () => {
      try {
        await client.query('select pg_advisory_unlock($1::bigint)', [this.key]);
      } finally {
        await client.end().catch(() => undefined);
      }
    };
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
}

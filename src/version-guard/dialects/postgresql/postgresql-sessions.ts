import type { AbstractSqlConnection } from '@mikro-orm/sql';
import { lockMessages } from '../../core/messages/index.js';

/** A Kysely connection as MikroORM hands it to `onCreateConnection`. */
interface RawConnection {
  executeQuery(query: { sql: string; parameters: readonly unknown[] }): Promise<unknown>;
}

/**
 * How long opening a session may take. node-postgres waits for the system's TCP timeout by
 * default: over two minutes for a server whose packets are dropped (a firewall, a wrong address in
 * a private network), during which a start or a CLI command says nothing. mysql2's default, the
 * same for both dialects.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The server's TCP keepalive for a session (`tcp_keepalives_*`, whole seconds), and how long sent data may stay unacknowledged. */
export interface ServerKeepalive {
  readonly idleS: number;
  readonly intervalS: number;
  readonly count: number;
  /** `tcp_user_timeout`: a reply the client never acknowledged is retried for this long, not for the system's 15 minutes. */
  readonly unacknowledgedMs: number;
}

/**
 * How soon the server gives up a session whose client's host stopped answering (it died, or the
 * network between them broke): about `leaseMs` (DB_LOCK_LEASE_S) after the last packet, instead of
 * the system's default of over two hours, so an upgrade lock held by a vanished host is freed, and
 * its open transaction rolled back, within the lease. Probes start after 40 % of it; a live
 * holder's lock session sends its check every fifth of it and never gets that far. A session
 * whose last reply was never acknowledged is not probed but retried: that is bounded the same.
 * Pure.
 */
export function serverKeepalive(leaseMs: number): ServerKeepalive {
  const leaseS = leaseMs / 1000;
  const [idleS, intervalS, count] = [Math.max(1, Math.round(leaseS * 0.4)), Math.max(1, Math.round(leaseS * 0.15)), 4];
  return { idleS, intervalS, count, unacknowledgedMs: (idleS + intervalS * count) * 1000 };
}

/** The settings that give a session this keepalive, on every version (the server ignores them on a Unix socket). */
export function keepaliveSettings(leaseMs: number): Record<string, string> {
  const { idleS, intervalS, count } = serverKeepalive(leaseMs);
  return { tcp_keepalives_idle: String(idleS), tcp_keepalives_interval: String(intervalS), tcp_keepalives_count: String(count) };
}

/**
 * The rest of the keepalive, in settings an older server does not know: set where it has them,
 * left out elsewhere. `tcp_user_timeout` (PostgreSQL 12): a reply never acknowledged is retried
 * for the keepalive's time, not the system's 15 minutes. `client_connection_check_interval`
 * (PostgreSQL 14): while a statement runs, the server checks that its client is still there, so
 * the statement of a holder whose host vanished is cancelled, and its transaction's locks freed,
 * once the keepalive has given the host up, not when it ends.
 */
export function optionalSessionSettings(leaseMs: number): Record<string, string> {
  return {
    tcp_user_timeout: String(serverKeepalive(leaseMs).unacknowledgedMs),
    client_connection_check_interval: String(Math.max(1_000, Math.round(leaseMs / 5))),
  };
}

/** One statement that sets every given setting for the session (one round trip instead of one each). */
export function settingsStatement(settings: Record<string, string>, optional: Record<string, string> = {}): string {
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const set = (name: string, value: string) => `set_config(${literal(name)}, ${literal(value)}, false)`;
  return `select ${[
    ...Object.entries(settings).map(([name, value]) => set(name, value)),
    ...Object.entries(optional).map(([name, value]) => `(select ${set(name, value)} from pg_catalog.pg_settings where name = ${literal(name)})`),
  ].join(', ')}`;
}

/**
 * `onCreateConnection` for PostgreSQL pools: bounds each statement's wait for a lock
 * (DB_DDL_LOCK_TIMEOUT_S), names the session, has the server drop it about `leaseMs` after its
 * client's host vanished (a dead holder's open transaction or running statement must not block
 * its successor for hours), and sets `searchPath` when given.
 */
export function postgresqlSessionSetup(ddlLockTimeoutS: number, leaseMs: number, searchPath: string | null = null): (connection: unknown) => Promise<void> {
  const statement = settingsStatement(
    {
      lock_timeout: `${Math.trunc(ddlLockTimeoutS)}s`,
      application_name: 'db-version-guard',
      ...keepaliveSettings(leaseMs),
      ...(searchPath ? { search_path: `"${searchPath.replace(/"/g, '""')}"` } : {}),
    },
    optionalSessionSettings(leaseMs),
  );
  // a compiled query is just its text and parameters for the pg driver underneath
  return async (connection) => void (await (connection as RawConnection).executeQuery({ sql: statement, parameters: [] }));
}

/** Whether a driver error is a lock wait that ran out (SQLSTATE 55P03 lock_not_available). */
export function isPostgresLockTimeout(error: unknown): boolean {
  const e = error as { code?: string; cause?: unknown };
  if (e?.code === '55P03') return true;
  return e?.cause !== undefined && e.cause !== error && isPostgresLockTimeout(e.cause);
}

/** The backends holding locks that others of this database wait for: pid, application, address, what they run. */
export async function describePostgresLockHolders(connection: AbstractSqlConnection): Promise<string> {
  const rows = (await connection.execute(
    `select distinct b.pid, b.application_name, b.client_addr, b.state, b.query
       from pg_stat_activity w cross join lateral unnest(pg_blocking_pids(w.pid)) as blocker(pid)
       join pg_stat_activity b on b.pid = blocker.pid
      where w.datname = current_database()
     union
     select a.pid, a.application_name, a.client_addr, a.state, a.query
       from pg_stat_activity a
      where a.datname = current_database() and a.pid <> pg_backend_pid() and a.state like 'idle in transaction%'`,
    [],
    'all',
  )) as { pid: number; application_name: string; client_addr: string | null; state: string; query: string }[];
  const others = rows.filter((row) => row.application_name !== 'db-version-guard' && row.application_name !== 'db-version-guard lock').slice(0, 3);
  if (others.length === 0) return lockMessages.sessionEnded();
  return others
    .map(
      (row) =>
        lockMessages.postgresql.session(row.pid, row.application_name, row.client_addr, row.state, String(row.query).replace(/\s+/g, ' ').slice(0, 120)),
    )
    .join('; ');
}

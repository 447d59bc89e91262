import type { AbstractSqlConnection } from '@mikro-orm/sql';
import { lockMessages } from '../../core/messages/index.js';

/** A Kysely connection as MikroORM hands it to `onCreateConnection`. */
interface RawConnection {
  executeQuery(query: { sql: string; parameters: readonly unknown[] }): Promise<unknown>;
}

/**
 * `onCreateConnection` for PostgreSQL pools: bounds each statement's wait for a lock
 * (DB_DDL_LOCK_TIMEOUT_S), names the session, and sets `searchPath` when given.
 */
export function postgresqlSessionSetup(ddlLockTimeoutS: number, searchPath: string | null = null): (connection: unknown) => Promise<void> {
  return async (connection) => {
    const run = (sql: string) => (connection as RawConnection).executeQuery({ sql, parameters: [] });
    // a compiled query is just its text and parameters for the pg driver underneath
    await run(`set lock_timeout = '${Math.trunc(ddlLockTimeoutS)}s'`);
    await run(`set application_name = 'db-version-guard'`);
    if (searchPath) await run(`set search_path = "${searchPath.replace(/"/g, '""')}"`);
  };
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

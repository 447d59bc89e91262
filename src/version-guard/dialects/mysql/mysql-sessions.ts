import type { AbstractSqlConnection } from '@mikro-orm/sql';
import { faultMessages, lockMessages } from '../../core/messages/index.js';
import { isGaleraNode, WSREP_ON_QUERY } from './mysql-topology.js';

/** Server connection ids opened by this process (ORM pools and lock connections): never blamed for a lock wait. */
const ownConnectionIds = new Set<number>();

/** Remembers a connection of this process. */
export function rememberOwnConnection(id: number): void {
  if (Number.isFinite(id)) ownConnectionIds.add(id);
}

/** A Kysely connection as MikroORM hands it to `onCreateConnection`. */
interface RawConnection {
  executeQuery(query: { sql: string; parameters: readonly unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/** Runs one statement on a session and returns its rows. */
type SessionQuery = (sql: string) => Promise<readonly Record<string, unknown>[]>;

/** The error code of a Galera node that serves no clients (`classifyFault` names it `node_not_ready`). */
export const NODE_NOT_READY = 'WSREP_NOT_READY';

/**
 * On a Galera node, makes the session's reads wait until the node has applied every write the
 * cluster committed before them (`wsrep_sync_wait`). Without it, a node may already show the tables
 * another node's upgrade created (DDL is applied everywhere at once) but not yet its bookkeeping
 * rows or its lease (rows are applied a moment later), and a starting process would judge the
 * database half-made. Other servers are left as they are.
 *
 * A node outside the primary component (or still joining) is refused here: its causal reads would
 * only wait, and end in a lock wait timeout that names nothing of the cause.
 */
export async function readCausally(query: SessionQuery): Promise<void> {
  // a server built without Galera has no such variable
  const rows = await query(WSREP_ON_QUERY).catch(() => []);
  if (!isGaleraNode(rows[0]?.v)) return;
  const [ready] = await query("show status like 'wsrep_ready'");
  if (String(ready?.Value ?? 'ON').toUpperCase() !== 'ON') {
    throw Object.assign(new Error(faultMessages.galeraNodeNotReady()), { code: NODE_NOT_READY });
  }
  await query('set session wsrep_sync_wait = 1');
}

/**
 * `onCreateConnection` for MySQL pools: bounds each statement's wait for a table lock
 * (DB_DDL_LOCK_TIMEOUT_S), reads causally on a Galera node, and remembers the connection as this
 * process's own.
 */
export function mysqlSessionSetup(ddlLockTimeoutS: number): (connection: unknown) => Promise<void> {
  return async (connection) => {
    const raw = connection as RawConnection;
    // a compiled query is just its text and parameters for the mysql2 driver underneath
    await raw.executeQuery({ sql: `set session lock_wait_timeout = ${Math.trunc(ddlLockTimeoutS)}`, parameters: [] });
    await readCausally(async (sql) => (await raw.executeQuery({ sql, parameters: [] })).rows);
    const { rows } = await raw.executeQuery({ sql: 'select connection_id() as id', parameters: [] });
    rememberOwnConnection(Number(rows[0]?.id));
  };
}

/** Whether a driver error is a lock wait that ran out (MySQL 1205). */
export function isLockWaitTimeout(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; cause?: unknown };
  if (e?.code === 'ER_LOCK_WAIT_TIMEOUT' || e?.errno === 1205) return true;
  return e?.cause !== undefined && e.cause !== error && isLockWaitTimeout(e.cause);
}

/**
 * The other sessions that may hold the lock a statement waited for: sessions on this database
 * first (a server may host other applications' databases, whose open transactions are not the
 * cause), then those in an open transaction, then the longest-running; id, user, host, what they do.
 */
export async function describeLockHolders(connection: AbstractSqlConnection): Promise<string> {
  const rows = (await connection.execute(
    `select p.id, p.user, p.host, p.command, p.time, p.info, t.trx_started
     from information_schema.processlist p
     left join information_schema.innodb_trx t on t.trx_mysql_thread_id = p.id
     where p.id <> connection_id() and (p.db = database() or t.trx_id is not null) and p.command not in ('Daemon', 'Binlog Dump')
     order by (p.db <=> database()) desc, (t.trx_id is null), p.time desc`,
    [],
    'all',
  )) as Record<string, unknown>[];
  const others = rows.filter((row) => !ownConnectionIds.has(Number(row.id))).slice(0, 3);
  if (others.length === 0) return lockMessages.sessionEnded();
  return others
    .map((row) => {
      const doing = row.info
        ? lockMessages.mysql.running(String(row.info).replace(/\s+/g, ' ').slice(0, 120))
        : lockMessages.mysql.idle(String(row.command).toLowerCase(), row.time);
      return lockMessages.mysql.session(row.id, row.user, row.host, Boolean(row.trx_started), doing);
    })
    .join('; ');
}

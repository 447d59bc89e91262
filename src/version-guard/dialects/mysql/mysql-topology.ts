import type { Connection, RowDataPacket } from 'mysql2/promise';
import { lockMessages } from '../../core/messages/index.js';

/** How the MySQL server behind a URL is deployed, as far as locking is concerned. */
export type MysqlTopology =
  | { readonly kind: 'single' }
  | { readonly kind: 'galera'; readonly nodes: number }
  | { readonly kind: 'group_replication'; readonly members: number };

/** Human words for a topology, for the log line naming the lock in use. */
export function describeTopology(topology: MysqlTopology): string {
  switch (topology.kind) {
    case 'galera':
      return lockMessages.mysql.topology.galera(topology.nodes);
    case 'group_replication':
      return lockMessages.mysql.topology.group_replication(topology.members);
    default:
      return lockMessages.mysql.topology.single();
  }
}

/** Asks a server whether it is a Galera node (an error on a server built without Galera). */
export const WSREP_ON_QUERY = 'select @@wsrep_on as v';

/** Whether the answer to `WSREP_ON_QUERY` says Galera replication is on. */
export function isGaleraNode(wsrepOn: unknown): boolean {
  return /^(1|on)$/i.test(String(wsrepOn ?? ''));
}

async function firstValue(connection: Connection, sql: string): Promise<unknown> {
  try {
    const [rows] = await connection.query<RowDataPacket[]>(sql);
    const row = rows[0];
    return row ? Object.values(row).at(-1) : undefined;
  } catch {
    // the variable or table does not exist on this server flavour
    return undefined;
  }
}

/** Detects Galera (wsrep) and Group Replication; anything else is a single server. */
export async function detectTopology(connection: Connection): Promise<MysqlTopology> {
  if (isGaleraNode(await firstValue(connection, WSREP_ON_QUERY))) {
    const size = Number(await firstValue(connection, "show status like 'wsrep_cluster_size'"));
    return { kind: 'galera', nodes: Number.isFinite(size) && size > 0 ? size : 1 };
  }
  const members = Number(
    await firstValue(connection, "select count(*) as n from performance_schema.replication_group_members where member_state = 'ONLINE'"),
  );
  if (Number.isFinite(members) && members > 0) return { kind: 'group_replication', members };
  return { kind: 'single' };
}

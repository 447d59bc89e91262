import { serverLocation } from '../server-url.js';
import type { DialectSupport, FaultKind, MysqlLocation, SchemaQueries } from '../dialect-support.js';
import { isLostRace } from './mysql-conflicts.js';
import { describeLockHolders, isLockWaitTimeout, mysqlSessionSetup, NODE_NOT_READY } from './mysql-sessions.js';
import { faultMessages, lockMessages } from '../../core/messages/index.js';

const QUERIES: SchemaQueries = {
  listTables:
    `select table_name as name from information_schema.tables ` +
    `where table_schema = database() and table_type = 'BASE TABLE' order by table_name`,
  // the tables as a subquery, not a join: MariaDB reads `information_schema.tables` of every
  // database on the server for the join (30 ms instead of 1 ms beside 40 other databases)
  tablesWithColumns:
    `select c.table_name as table_name, c.column_name as column_name from information_schema.columns c ` +
    `where c.table_schema = database() and c.table_name in (select t.table_name from information_schema.tables t ` +
    `where t.table_schema = database() and t.table_type = 'BASE TABLE') order by c.table_name, c.ordinal_position`,
  tableExists:
    `select 1 as found from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE' and table_name = ?`,
  columnExists:
    `select 1 as found from information_schema.columns where table_schema = database() and table_name = ? and column_name = ?`,
  indexExists:
    `select 1 as found from information_schema.statistics where table_schema = database() and table_name = ? and index_name = ? limit 1`,
  // (one row per index: its first column's; the primary key is the index named PRIMARY)
  tablesWithIndexes:
    `select table_name as table_name, index_name as index_name from information_schema.statistics ` +
    `where table_schema = database() and index_name <> 'PRIMARY' and seq_in_index = 1 order by table_name, index_name`,
};

const PRIVILEGE_CODES = ['ER_DBACCESS_DENIED', 'ER_TABLEACCESS_DENIED', 'ER_SPECIFIC_ACCESS_DENIED', 'ER_COLUMNACCESS_DENIED'];
const LOST_CODES = ['PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN', 'ECONNRESET', 'EPIPE'];
const CONNECT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH'];
// a replica or a server in read-only mode (read_only, super_read_only, innodb_read_only, a read-only transaction)
const READ_ONLY_CODES = ['ER_READ_ONLY_MODE', 'ER_INNODB_READ_ONLY', 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION'];
const has = (codes: readonly string[], ...wanted: string[]) => codes.some((code) => wanted.some((w) => code.startsWith(w)));

/** MySQL and MariaDB (a single server, a Galera cluster or Group Replication), through mysql2. */
export const mysqlDialect: DialectSupport<MysqlLocation> = {
  name: 'mysql',
  label: 'MySQL',
  driverClass: 'MySqlDriver',
  location: {
    kind: 'url',
    key: (database) => `${database.toUpperCase()}_DB_URL`,
    example: 'mysql://user:password@host:port/database',
  },

  ...serverLocation('mysql', ['mysql:'], '3306'),
  privilegeHelp: (location) => faultMessages.privileges.mysql(location.dbName),

  // DDL commits implicitly: a wrapping transaction would only pretend
  transactionalDdl: false,
  indexNamesSchemaWide: false,
  singleConnection: false,
  schemaQueries: QUERIES,
  insertIgnoringDuplicate: (table, columns) => `insert ignore into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,

  async ormOptions(location, { mode, ddlLockTimeoutS }) {
    const { MySqlDriver } = await import('@mikro-orm/mysql');
    if (mode === 'write') {
      // instead of MikroORM's check-then-create, which races when several processes start at once
      const { createDatabaseIfMissing } = await import('./mysql-database.js');
      await createDatabaseIfMissing(location.url);
    }
    return {
      driver: MySqlDriver,
      clientUrl: location.url,
      dbName: location.dbName,
      ensureDatabase: false,
      onCreateConnection: mysqlSessionSetup(ddlLockTimeoutS),
    };
  },

  async offlineOptions() {
    return { driver: (await import('@mikro-orm/mysql')).MySqlDriver, dbName: 'offline' };
  },

  // `information_schema` holds no base tables: queries against it see an empty schema
  emptyStandIn: (location) => ({ ...location, dbName: 'information_schema' }),

  // read-only connections do not create the database, and report it as unknown
  async isMissing(_location, db) {
    if (!('orm' in db) || db.orm.config.get('ensureDatabase')) return false;
    try {
      await (db.orm.em.getConnection() as { execute(sql: string): Promise<unknown> }).execute('select 1');
      return false;
    } catch (error) {
      if (isMissingDatabaseError(error)) return true;
      throw error;
    }
  },

  async upgradeLock(location, { leaseMs }) {
    // mysql2 is only loaded when MySQL is in use
    const { MysqlUpgradeLock } = await import('./mysql-upgrade-lock.js');
    const { leaseTiming } = await import('../lease.js');
    return new MysqlUpgradeLock(location.url, leaseTiming(leaseMs));
  },

  classifyFault(codes, text, midway): FaultKind | null {
    if (has(codes, ...PRIVILEGE_CODES)) return 'privilege_missing';
    // (the server names the option that prevents the statement: only read-only ones count)
    if (has(codes, ...READ_ONLY_CODES) || (has(codes, 'ER_OPTION_PREVENTS_STATEMENT') && /read.only/i.test(text))) return 'read_only_server';
    // a Galera node outside the primary component (or not yet synced): found at connection, or
    // answered so by the node itself
    if (has(codes, NODE_NOT_READY) || (has(codes, 'ER_UNKNOWN_COM_ERROR') && /WSREP has not yet prepared node/i.test(text))) return 'node_not_ready';
    if (has(codes, ...LOST_CODES) || /closed state|connection lost|server has gone away/i.test(text)) return 'connection_lost';
    // a server that stops answering part-way through a write was lost, not never reached
    if (has(codes, ...CONNECT_CODES)) return midway ? 'connection_lost' : 'unreachable';
    if (has(codes, 'ER_ACCESS_DENIED', 'ER_BAD_DB_ERROR')) return 'unreachable';
    return null;
  },

  // Galera aborts a session whose rows or tables a replicated change touched (ER_LOCK_DEADLOCK)
  isTransientConflict: isLostRace,

  async explainLockWait(error, connection) {
    if (!isLockWaitTimeout(error)) return null;
    const [row] = (await connection.execute('select @@session.lock_wait_timeout as s', [], 'all')) as { s: unknown }[];
    const holders = await describeLockHolders(connection).catch(() => lockMessages.sessionUnidentified());
    return { seconds: Number(row?.s), holders };
  },
};

/** Whether a driver error says the database does not exist (ER_BAD_DB_ERROR). */
function isMissingDatabaseError(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === 'ER_BAD_DB_ERROR' || e.errno === 1049) return true;
  return e.cause !== undefined && e.cause !== error && isMissingDatabaseError(e.cause);
}

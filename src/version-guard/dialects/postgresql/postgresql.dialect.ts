import { serverLocation } from '../server-url.js';
import type { DialectSupport, FaultKind, PostgresqlLocation, SchemaQueries } from '../dialect-support.js';
import { CONNECT_TIMEOUT_MS, describePostgresLockHolders, isPostgresLockTimeout, postgresqlSessionSetup } from './postgresql-sessions.js';
import { faultMessages, lockMessages } from '../../core/messages/index.js';

// Everything is read from the connection's current schema (`public` unless the URL's user or
// search_path says otherwise), the way MikroORM creates the tables. From the system catalogs, not
// information_schema, whose views check privileges row by row and take longer to plan: beside 300
// tables, the columns of all took 8.7 ms instead of 23.5, one table 0.35 ms instead of 0.6, one
// column 1.1 ms instead of 2.2; a table the user may not read still counts (it is there).
const IN_SCHEMA = `join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema()`;
// Tables: relkind r (plain) and p (partitioned), what information_schema calls BASE TABLE, except
// those an extension owns (PostGIS's spatial_ref_sys): they are not the app's, and a database that
// holds nothing else is empty.
const TABLES =
  `c.relkind in ('r', 'p') ` +
  `and not exists (select 1 from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')`;
// A schema's own tables as the drift report compares them (as MikroORM's introspection reads
// them): not a partition or an inheritance child either, which are part of their parent.
const OWN_TABLES = `${TABLES} and not exists (select 1 from pg_catalog.pg_inherits h where h.inhrelid = c.oid)`;
const LIVE_COLUMN = `a.attnum > 0 and not a.attisdropped`;
const QUERIES: SchemaQueries = {
  listTables: `select c.relname as name from pg_catalog.pg_class c ${IN_SCHEMA} and ${TABLES} order by c.relname`,
  tablesWithColumns:
    `select c.relname as table_name, a.attname as column_name from pg_catalog.pg_attribute a ` +
    `join pg_catalog.pg_class c on c.oid = a.attrelid ${IN_SCHEMA} and ${OWN_TABLES} and ${LIVE_COLUMN} order by c.relname, a.attnum`,
  tableExists: `select 1 as found from pg_catalog.pg_class c ${IN_SCHEMA} and ${TABLES} and c.relname = ?`,
  // (any relation with columns, as information_schema.columns answers it: tables, views, foreign tables)
  columnExists:
    `select 1 as found from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid ${IN_SCHEMA} ` +
    `and c.relkind in ('r', 'p', 'v', 'f') and c.relname = ? and a.attname = ? and ${LIVE_COLUMN}`,
  indexExists: `select 1 as found from pg_indexes where schemaname = current_schema() and tablename = ? and indexname = ?`,
  // (the index of an exclusion constraint is not listed, as MikroORM does not list it)
  tablesWithIndexes:
    `select c.relname as table_name, i.relname as index_name from pg_catalog.pg_index x ` +
    `join pg_catalog.pg_class i on i.oid = x.indexrelid join pg_catalog.pg_class c on c.oid = x.indrelid ${IN_SCHEMA} and ${OWN_TABLES} ` +
    `and not x.indisprimary and not exists (select 1 from pg_catalog.pg_constraint k where k.conindid = x.indexrelid and k.contype = 'x') ` +
    `order by c.relname, i.relname`,
  currentSchema: 'select current_schema() as name',
};

// SQLSTATE classes and node errors (https://www.postgresql.org/docs/current/errcodes-appendix.html)
const PRIVILEGE_CODES = ['42501'];
/** read_only_sql_transaction: a hot standby, or default_transaction_read_only set. */
const READ_ONLY_CODES = ['25006'];
const LOST_CODES = ['57P01', '57P02', '57P03', '08006', '08003', 'ECONNRESET', 'EPIPE'];
const CONNECT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH'];
/** invalid_catalog_name: the database does not exist. */
const MISSING_DATABASE = '3D000';
const UNREACHABLE_CODES = ['28P01', '28000', MISSING_DATABASE];
/** node-postgres's words when CONNECT_TIMEOUT_MS ran out (the client's, and the pool's). */
const CONNECT_TIMED_OUT = /connection terminated due to connection timeout|timeout exceeded when trying to connect|\btimeout expired\b/i;
const has = (codes: readonly string[], ...wanted: string[]) => codes.some((code) => wanted.includes(code));

/** PostgreSQL, through node-postgres: transactional DDL, session advisory locks. */
export const postgresqlDialect: DialectSupport<PostgresqlLocation> = {
  name: 'postgresql',
  label: 'PostgreSQL',
  driverClass: 'PostgreSqlDriver',
  location: {
    kind: 'url',
    key: (database) => `${database.toUpperCase()}_DB_URL`,
    example: 'postgresql://user:password@host:port/database',
  },

  ...serverLocation('postgresql', ['postgresql:', 'postgres:'], '5432'),
  privilegeHelp: (location) => faultMessages.privileges.postgresql(location.dbName),

  transactionalDdl: true,
  indexNamesSchemaWide: true,
  // NAMEDATALEN - 1
  maxIdentifierLength: 63,
  singleConnection: false,
  schemaQueries: QUERIES,
  insertIgnoringDuplicate: (table, columns) =>
    `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) on conflict do nothing`,

  async ormOptions(location, { mode, ddlLockTimeoutS, leaseMs }) {
    const { PostgreSqlDriver } = await import('@mikro-orm/postgresql');
    if (mode === 'write' && !location.emptySchema) {
      const { createDatabaseIfMissing } = await import('./postgresql-database.js');
      await createDatabaseIfMissing(location.url, location.dbName);
    }
    return {
      driver: PostgreSqlDriver,
      clientUrl: location.url,
      dbName: location.dbName,
      ensureDatabase: false,
      driverOptions: { connectionTimeoutMillis: CONNECT_TIMEOUT_MS },
      onCreateConnection: postgresqlSessionSetup(ddlLockTimeoutS, leaseMs, location.emptySchema ? EMPTY_SEARCH_PATH : null),
    };
  },

  async offlineOptions() {
    return { driver: (await import('@mikro-orm/postgresql')).PostgreSqlDriver, dbName: 'offline' };
  },

  // the server's maintenance database, read through a search path that names no schema: every
  // query of the inspector sees nothing, and nothing is created
  emptyStandIn: (location) => {
    const url = new URL(location.url);
    url.pathname = '/postgres';
    return { ...location, url: url.toString(), dbName: 'postgres', emptySchema: true };
  },

  async isMissing(_location, db) {
    if (!('orm' in db)) return false;
    try {
      await (db.orm.em.getConnection() as { execute(sql: string): Promise<unknown> }).execute('select 1');
      return false;
    } catch (error) {
      if (codeChain(error).includes(MISSING_DATABASE)) return true;
      throw error;
    }
  },

  async upgradeLock(location, { leaseMs }) {
    const [{ PostgresqlUpgradeLock }, { leaseTiming }] = await Promise.all([import('./postgresql-upgrade-lock.js'), import('../lease.js')]);
    return new PostgresqlUpgradeLock(location.url, location.dbName, leaseTiming(leaseMs));
  },

  classifyFault(codes, text, midway): FaultKind | null {
    if (has(codes, ...PRIVILEGE_CODES)) return 'privilege_missing';
    if (has(codes, ...READ_ONLY_CODES)) return 'read_only_server';
    // (node-postgres's own connect timeout also reads "Connection terminated": it never opened)
    if (CONNECT_TIMED_OUT.test(text)) return 'unreachable';
    if (has(codes, ...LOST_CODES) || /connection terminated|terminating connection|server closed the connection/i.test(text)) return 'connection_lost';
    if (has(codes, ...CONNECT_CODES)) return midway ? 'connection_lost' : 'unreachable';
    if (has(codes, ...UNREACHABLE_CODES)) return 'unreachable';
    return null;
  },

  async explainLockWait(error, connection) {
    if (!isPostgresLockTimeout(error)) return null;
    const [row] = (await connection.execute(`select current_setting('lock_timeout') as s`, [], 'all')) as { s: unknown }[];
    const holders = await describePostgresLockHolders(connection).catch(() => lockMessages.sessionUnidentified());
    return { seconds: parseSeconds(String(row?.s ?? '')), holders };
  },
};

/** A search path naming a schema that never exists: `current_schema()` is null under it. */
const EMPTY_SEARCH_PATH = 'db_version_guard_no_schema';

function codeChain(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
    e = e.cause === e ? undefined : (e.cause as typeof e);
  }
  return codes;
}

// `lock_timeout` reads back as `30s`, `1min`, `500ms`
function parseSeconds(setting: string): number {
  const match = /^(\d+)(ms|s|min|h)?$/.exec(setting.trim());
  if (!match) return Number.NaN;
  const unit = { ms: 0.001, s: 1, min: 60, h: 3600 }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
}

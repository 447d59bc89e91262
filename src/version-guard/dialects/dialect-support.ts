import type { Options } from '@mikro-orm/core';
import type { AbstractSqlConnection } from '@mikro-orm/sql';
import type { DatabaseName, Dialect } from '../core/revision.js';
import type { DatabaseReader, ReadableDatabase } from '../core/database-handle.js';
import type { ServerUrl } from './server-url.js';
import type { UpgradeLock } from './upgrade-lock.js';

/** A SQLite database: one file. */
export interface SqliteLocation {
  readonly dialect: 'sqlite';
  readonly path: string;
}

/** A database on a MySQL or MariaDB server. */
export interface MysqlLocation extends ServerUrl {
  readonly dialect: 'mysql';
}

/** A database on a PostgreSQL server. */
export interface PostgresqlLocation extends ServerUrl {
  readonly dialect: 'postgresql';
  /** A stand-in that sees no schema at all (planning against a database that does not exist yet). */
  readonly emptySchema?: boolean;
}

/** Where one database lives. */
export type DatabaseLocation = SqliteLocation | MysqlLocation | PostgresqlLocation;

/** How a dialect's databases are located by the environment (SPEC §5). */
export type LocationSource =
  /** `<DB>_DB_PATH`, a file, with a default per database. */
  | { readonly kind: 'path'; readonly key: (database: DatabaseName) => string; readonly defaultPath: (database: DatabaseName) => string }
  /** `<DB>_DB_URL`, required, with the URL scheme and an example for the error message. */
  | { readonly kind: 'url'; readonly key: (database: DatabaseName) => string; readonly example: string };

/** Known driver faults an operator can fix; the guard words each one (fault.messages.ts). */
export type FaultKind =
  | 'locked'
  | 'damaged'
  | 'disk_full'
  | 'read_only'
  /** A server that accepts no writes: a replica, a reader endpoint, a read-only mode. */
  | 'read_only_server'
  /** A cluster node that serves no clients: cut off from the primary component, or still joining. */
  | 'node_not_ready'
  | 'cannot_create'
  | 'privilege_missing'
  | 'connection_lost'
  /** Could not connect at all (reported like a database the app cannot open). */
  | 'unreachable';

/** What opening for reading or writing may do. */
export type AccessMode = 'read' | 'write';

/** A location that can never hold the database (reported like a database that cannot be opened). */
export class UnusableLocationError extends Error {
  constructor(
    /** A file standing where a directory is needed, when that is the reason. */
    readonly notADirectory: string | null,
    reason: string,
  ) {
    super(reason);
    this.name = 'UnusableLocationError';
  }
}

/** A statement that waited too long for a lock another session holds. */
export interface LockWait {
  readonly seconds: number;
  readonly holders: string;
}

/** The SQL that answers the schema inspector's questions (parameters in order). */
export interface SchemaQueries {
  /** Base tables, column `name`, sorted (the dialect's internal tables excluded). */
  readonly listTables: string;
  /** Every base table's columns in declaration order: `table_name`, `column_name`. */
  readonly tablesWithColumns: string;
  /** (table) → a row when it exists. */
  readonly tableExists: string;
  /** (table, column) → a row when it exists. */
  readonly columnExists: string;
  /** (table, index) → a row when it exists. */
  readonly indexExists: string;
  /**
   * Indexes by table, `table_name` and `index_name`, as MikroORM's introspection lists them (the
   * drift report compares them with the entities'): not the primary key, nor an index the database
   * makes for itself (SQLite's sqlite_autoindex_*, PostgreSQL's for an exclusion constraint).
   * Rows of tables the columns query does not list are not read.
   */
  readonly tablesWithIndexes: string;
  /**
   * The schema unqualified names resolve to, column `name` (null when none exists), where a
   * database has several and the session chooses (PostgreSQL's search_path); absent where not.
   */
  readonly currentSchema?: string;
}

/**
 * Everything the guard needs to know about one SQL dialect. The engine, the CLI and the config
 * ask the registry (`dialectSupport`) and never branch on the dialect themselves; adding a dialect
 * is a folder implementing this plus its migration sets.
 */
export interface DialectSupport<L extends DatabaseLocation = DatabaseLocation> {
  readonly name: Dialect;
  /** How operators name it: `SQLite`, `MySQL`. */
  readonly label: string;
  readonly location: LocationSource;
  /** The class name of its MikroORM driver (how a running migration tells its dialect). */
  readonly driverClass: string;
  /** The location a valid environment value names, or null when the value is not one. */
  parseLocation(value: string): L | null;
  /** Whether two locations are the same database (two names for one file, one server and schema). */
  sameDatabase(a: L, b: L): boolean;
  /** The location as it may be printed: a path, or a URL with its password masked. */
  printable(location: L): string;
  /** How to give the configured user the privileges revisions need (the fix of a privilege fault). */
  privilegeHelp(location: L): string;
  /** `text` with the location's secrets masked. */
  redact(text: string, location: L): string;
  /**
   * Index names must be unique in the whole schema, not only per table (SQLite, PostgreSQL): the
   * migration sets then suffix each index name with its table, as the SQLite history does.
   */
  readonly indexNamesSchemaWide: boolean;
  /** The longest identifier the server keeps (PostgreSQL silently cuts longer ones); absent when unbounded. */
  readonly maxIdentifierLength?: number;
  /** Whether DDL is transactional: a revision and its bookkeeping commit or roll back together. */
  readonly transactionalDdl: boolean;
  /** The driver keeps one connection, which a failed commit leaves unusable until reopened. */
  readonly singleConnection: boolean;
  readonly schemaQueries: SchemaQueries;
  /** An insert of one row (`?` placeholders) that does nothing when its key exists. */
  insertIgnoringDuplicate(table: string, columns: readonly string[]): string;
  /** Driver and connection options for MikroORM; `read` creates nothing, and throws UnusableLocationError for a location that can never hold the database. */
  ormOptions(
    location: L,
    settings: { readonly mode: AccessMode; readonly lockTimeoutMs: number; readonly ddlLockTimeoutS: number; readonly leaseMs: number },
  ): Promise<Partial<Options>>;
  /** MikroORM options with no database at all (offline schema diffs). */
  offlineOptions(): Promise<Partial<Options>>;
  /** An empty schema in place of a database that does not exist yet; opening it creates nothing. */
  emptyStandIn(location: L): L;
  /** Whether the database does not exist yet; reads only and creates nothing. */
  isMissing(location: L, db: ReadableDatabase): Promise<boolean>;
  /** The cross-process lock that serialises changes to the database (`leaseMs` where the lock is a lease). */
  upgradeLock(location: L, settings: { readonly leaseMs: number }): Promise<UpgradeLock>;
  /** Copies the database before a change and returns the copy; absent where the server's own backups apply. */
  backup?(location: L, dir: string | null, label: string): Promise<string>;
  /** Opens the database for reads without MikroORM (a CLI status costs less than loading it); absent to use MikroORM. */
  openReader?(database: DatabaseName, location: L): Promise<{ reader: DatabaseReader; close(): void }>;
  /** Which known fault a driver error is (its codes and messages, outermost first); `midway` when a write was under way. */
  classifyFault(codes: readonly string[], text: string, midway: boolean): FaultKind | null;
  /**
   * Whether an error only means another session or cluster node won a race (a certification
   * conflict, a deadlock): the same idempotent step may simply run again. Absent: never.
   */
  isTransientConflict?(error: unknown): boolean;
  /** The lock a statement waited for too long and who holds it, or null when `error` is not such a wait. */
  explainLockWait?(error: unknown, connection: AbstractSqlConnection): Promise<LockWait | null>;
}

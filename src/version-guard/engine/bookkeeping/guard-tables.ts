import { LOCK_TABLE } from '../../dialects/upgrade-lock.js';

/** MikroORM's migrations table: one row per applied revision, named by revision id. */
export const BOOKKEEPING_TABLE = 'mikro_orm_migrations';
/** The last failed upgrade of a database, if any. */
export const FAILURE_TABLE = 'schema_upgrade_failure';
/** Checksum of each applied revision's code, as it was when it ran (or was stamped or repaired). */
export const CHECKSUM_TABLE = 'schema_revision_checksum';
/** Settings recorded on first start (the vector store kind). */
export const SETTINGS_TABLE = 'schema_guard_setting';
export { LOCK_TABLE };
/** Parents and breaking flag of each applied revision, as its code said when it ran (read by older builds). */
export const LINEAGE_TABLE = 'schema_revision_lineage';
/** The table the Python app's Alembic records its current revision(s) in, one row per head. */
export const ALEMBIC_VERSION_TABLE = 'alembic_version';
/** Tables this system owns (and Alembic's `alembic_version`, which it keeps in step); legacy detection and drift checks ignore them. */
export const GUARD_TABLES: readonly string[] = [
  BOOKKEEPING_TABLE,
  FAILURE_TABLE,
  CHECKSUM_TABLE,
  SETTINGS_TABLE,
  LOCK_TABLE,
  LINEAGE_TABLE,
  ALEMBIC_VERSION_TABLE,
];

/** The unique index that makes recording one revision twice impossible, whatever races. */
export const UNIQUE_BOOKKEEPING_INDEX = 'uq_mikro_orm_migrations_name';

/** Rows per insert statement: far below the bound-parameter limits of SQLite and MySQL. */
export const ROWS_PER_INSERT = 500;

/**
 * The guard's own small tables, created on first write (portable DDL for every dialect). Each has a
 * primary key: servers that require one (MySQL's sql_require_primary_key, MariaDB's
 * innodb_force_primary_key, Group Replication) refuse a table without, and Galera replicates its rows
 * unreliably. (The failure table holds one row; tables made by earlier versions keep their shape.)
 */
export const GUARD_TABLE_DDL = {
  [FAILURE_TABLE]: `create table if not exists ${FAILURE_TABLE} (revision varchar(64) not null primary key, error text not null, failed_at varchar(32) not null)`,
  [CHECKSUM_TABLE]: `create table if not exists ${CHECKSUM_TABLE} (revision varchar(64) not null primary key, checksum varchar(64) not null)`,
  [LINEAGE_TABLE]: `create table if not exists ${LINEAGE_TABLE} (revision varchar(64) not null primary key, parents text not null, breaking int not null)`,
  [SETTINGS_TABLE]: `create table if not exists ${SETTINGS_TABLE} (name varchar(64) not null primary key, value varchar(255) not null)`,
} as const;

import type { AbstractSqlConnection } from '@mikro-orm/sql';
import { createSchemaInspector, withTableSnapshot, type SchemaInspector } from './schema-inspector.js';
import type { DatabaseReader, ManagedDatabase, QueryRunner, ReadableDatabase } from '../core/database-handle.js';
import { ALEMBIC_VERSION_TABLE } from './alembic-version.store.js';
import type { DatabaseName, Dialect } from '../core/revision.js';
import type { UpgradeFailure } from '../core/database-status.js';
import type { RecordedLineage } from '../core/ahead-compatibility.js';
import { GuardError } from '../core/errors.js';
import { faultMessages } from '../core/messages/index.js';
import { LOCK_TABLE } from '../dialects/upgrade-lock.js';

/** A bookkeeping row without a revision name: the table was edited by hand or damaged. */
export class DamagedBookkeepingError extends GuardError {
  readonly code = 'bookkeeping_damaged';

  constructor(database: string, table: string, count: number) {
    super(faultMessages.damagedBookkeeping(database, table, count), faultMessages.damagedBookkeepingHelp(database, table), database);
  }
}

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

/** The read function of a database, through its MikroORM connection when it has one. */
export function readQueryOf(db: ReadableDatabase): QueryRunner {
  if ('query' in db) return db.query;
  return (sql, params = []) => (db.orm.em.getConnection() as AbstractSqlConnection).execute(sql, params, 'all');
}

/**
 * Reads a database's bookkeeping and schema; never writes. One instance per read: which tables
 * exist is listed once, at its first question.
 */
export class VersionRepository {
  readonly inspector: SchemaInspector;

  private readonly query: QueryRunner;

  constructor(
    private readonly db: ReadableDatabase,
    private readonly protectedTables: ReadonlySet<string>,
  ) {
    this.query = readQueryOf(db);
    this.inspector = withTableSnapshot(createSchemaInspector(db.dialect, this.query));
  }

  /** Applied revision ids in the order they were applied; null when there is no bookkeeping table. */
  async readApplied(): Promise<string[] | null> {
    if (!(await this.inspector.tableExists(BOOKKEEPING_TABLE))) return null;
    const rows = await this.query(`select name from ${BOOKKEEPING_TABLE} order by id`);
    const names = rows.map((row: Record<string, unknown>) => row.name);
    const damaged = names.filter((name: unknown) => typeof name !== 'string' || name.trim() === '').length;
    if (damaged > 0) throw new DamagedBookkeepingError(this.db.name, BOOKKEEPING_TABLE, damaged);
    return names.map(String);
  }

  /** The recorded failure of the last upgrade, or null. */
  async readFailure(): Promise<UpgradeFailure | null> {
    if (!(await this.inspector.tableExists(FAILURE_TABLE))) return null;
    const rows = await this.query(`select revision, error, failed_at from ${FAILURE_TABLE} order by failed_at desc limit 1`);
    const row = rows[0] as Record<string, unknown> | undefined;
    return row ? { revision: String(row.revision), error: String(row.error), failedAt: String(row.failed_at) } : null;
  }

  /** Recorded checksum per applied revision (revisions applied before checksums existed are absent). */
  async readChecksums(): Promise<Map<string, string>> {
    if (!(await this.inspector.tableExists(CHECKSUM_TABLE))) return new Map();
    const rows = await this.query(`select revision, checksum from ${CHECKSUM_TABLE}`);
    return new Map(rows.map((row: Record<string, unknown>) => [String(row.revision), String(row.checksum)]));
  }

  /** Parents and breaking flag recorded per applied revision. */
  async readLineage(): Promise<Map<string, RecordedLineage>> {
    if (!(await this.inspector.tableExists(LINEAGE_TABLE))) return new Map();
    const rows = await this.query(`select revision, parents, breaking from ${LINEAGE_TABLE}`);
    return new Map(
      rows.map((row: Record<string, unknown>) => [
        String(row.revision),
        { parents: String(row.parents ?? '').split(',').filter((p) => p.length > 0), breaking: Number(row.breaking) !== 0 },
      ]),
    );
  }

  /** Tables other than the guard's own and the protected ones. */
  async readUserTables(): Promise<string[]> {
    return (await this.inspector.listTables()).filter((table) => this.isUserTable(table));
  }

  /** User tables with their columns, for legacy detection. */
  async readUserSchema(): Promise<Map<string, string[]>> {
    const all = await this.inspector.listTablesWithColumns();
    return new Map([...all].filter(([table]) => this.isUserTable(table)));
  }

  private isUserTable(table: string): boolean {
    return !GUARD_TABLES.includes(table) && !this.protectedTables.has(table);
  }
}

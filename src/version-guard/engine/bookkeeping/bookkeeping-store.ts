import type { AbstractSqlConnection, Transaction } from '@mikro-orm/sql';
import { createSchemaInspector, withTableSnapshot, type SchemaInspector } from '../../dialects/schema-inspector.js';
import { dialectSupport } from '../../dialects/registry.js';
import type { QueryRunner, ReadableDatabase } from '../../core/database-handle.js';
import type { UpgradeFailure } from '../../core/database-status.js';
import type { RecordedLineage } from '../../core/ahead-compatibility.js';
import { alembicRowsFor } from '../../core/alembic-adoption.js';
import type { RevisionGraph } from '../../core/revision-graph.js';
import { GuardError } from '../../core/errors.js';
import { faultMessages, messages } from '../../core/messages/index.js';
import {
  ALEMBIC_VERSION_TABLE,
  BOOKKEEPING_TABLE,
  CHECKSUM_TABLE,
  FAILURE_TABLE,
  GUARD_TABLE_DDL,
  LINEAGE_TABLE,
  ROWS_PER_INSERT,
  SETTINGS_TABLE,
  UNIQUE_BOOKKEEPING_INDEX,
} from './guard-tables.js';

/** A bookkeeping row without a revision name: the table was edited by hand or damaged. */
export class DamagedBookkeepingError extends GuardError {
  readonly code = 'bookkeeping_damaged';

  constructor(database: string, table: string, count: number) {
    super(faultMessages.damagedBookkeeping(database, table, count), faultMessages.damagedBookkeepingHelp(database, table), database);
  }
}

/** A revision's lineage as recorded when it runs: what older builds read to judge it. */
export interface LineageEntry {
  readonly revision: string;
  readonly parents: readonly string[];
  readonly breaking: boolean;
}

/** The checksum of a revision's code, as recorded when it ran, was stamped or was repaired. */
export interface ChecksumEntry {
  readonly revision: string;
  readonly checksum: string;
}

/** The read function of a database, through its MikroORM connection when it has one. */
export function readQueryOf(db: ReadableDatabase): QueryRunner {
  if ('query' in db) return db.query;
  return (sql, params = []) => (db.orm.em.getConnection() as AbstractSqlConnection).execute(sql, params, 'all');
}

/**
 * Everything the guard records in one database, read and written here only: applied revisions,
 * the last failure, checksums, lineage, settings, Alembic's `alembic_version` kept in step, and
 * the guard tables' DDL. Reads go through a plain query (no MikroORM needed, for a status), and
 * `tableExists` of a read is answered from one listing of the tables, made at its first question:
 * one instance per read or per change. Writes go through the MikroORM connection, inside `trx`
 * when given.
 */
export class BookkeepingStore {
  /** Table questions of this read, answered from one listing (shared with the read of the user's schema). */
  readonly tables: SchemaInspector;

  private readonly query: QueryRunner;
  private readonly ensured = new Set<string>();

  constructor(private readonly db: ReadableDatabase) {
    this.query = readQueryOf(db);
    this.tables = withTableSnapshot(createSchemaInspector(db.dialect, this.query));
  }

  /** Applied revision ids in the order they were applied; null when there is no bookkeeping table. */
  async readApplied(): Promise<string[] | null> {
    if (!(await this.tables.tableExists(BOOKKEEPING_TABLE))) return null;
    const rows = await this.query(`select name from ${BOOKKEEPING_TABLE} order by id`);
    const names = rows.map((row: Record<string, unknown>) => row.name);
    const damaged = names.filter((name: unknown) => typeof name !== 'string' || name.trim() === '').length;
    if (damaged > 0) throw new DamagedBookkeepingError(this.db.name, BOOKKEEPING_TABLE, damaged);
    return names.map(String);
  }

  /** The recorded failure of the last upgrade, or null. */
  async readFailure(): Promise<UpgradeFailure | null> {
    if (!(await this.tables.tableExists(FAILURE_TABLE))) return null;
    const rows = await this.query(`select revision, error, failed_at from ${FAILURE_TABLE} order by failed_at desc limit 1`);
    const row = rows[0] as Record<string, unknown> | undefined;
    return row ? { revision: String(row.revision), error: String(row.error), failedAt: String(row.failed_at) } : null;
  }

  /** Recorded checksum per applied revision (revisions applied before checksums existed are absent). */
  async readChecksums(): Promise<Map<string, string>> {
    if (!(await this.tables.tableExists(CHECKSUM_TABLE))) return new Map();
    const rows = await this.query(`select revision, checksum from ${CHECKSUM_TABLE}`);
    return new Map(rows.map((row: Record<string, unknown>) => [String(row.revision), String(row.checksum)]));
  }

  /** Parents and breaking flag recorded per applied revision. */
  async readLineage(): Promise<Map<string, RecordedLineage>> {
    if (!(await this.tables.tableExists(LINEAGE_TABLE))) return new Map();
    const rows = await this.query(`select revision, parents, breaking from ${LINEAGE_TABLE}`);
    return new Map(
      rows.map((row: Record<string, unknown>) => [
        String(row.revision),
        { parents: String(row.parents ?? '').split(',').filter((p) => p.length > 0), breaking: Number(row.breaking) !== 0 },
      ]),
    );
  }

  /** The revision ids Alembic's `alembic_version` holds, or null when the table does not exist. */
  async readAlembicVersion(): Promise<string[] | null> {
    if (!(await this.tables.tableExists(ALEMBIC_VERSION_TABLE))) return null;
    const rows = await this.query(`select version_num from ${ALEMBIC_VERSION_TABLE}`);
    return rows.map((row: Record<string, unknown>) => String(row.version_num));
  }

  /**
   * A recorded setting, or null. Asks whether the settings table exists each time, without the
   * read's listing: another process may record the setting between two calls.
   */
  async readSetting(name: string): Promise<string | null> {
    if (!(await this.liveInspector().tableExists(SETTINGS_TABLE))) return null;
    const rows = await this.connection().execute(`select value from ${SETTINGS_TABLE} where name = ?`, [name], 'all');
    return rows.length > 0 ? String((rows[0] as { value: unknown }).value) : null;
  }

  /** Records a setting unless one is recorded already; several processes may start at once: the first insert wins. */
  async recordSettingOnce(name: string, value: string): Promise<void> {
    const connection = this.connection();
    await connection.execute(GUARD_TABLE_DDL[SETTINGS_TABLE]);
    const insert = dialectSupport(this.db.dialect).insertIgnoringDuplicate(SETTINGS_TABLE, ['name', 'value']);
    await connection.execute(insert, [name, value]);
  }

  /** Records `names` as applied, in this order, with one insert per `ROWS_PER_INSERT` rows (the table exists). */
  async recordApplied(names: readonly string[], trx?: Transaction): Promise<void> {
    const table = this.connection().getPlatform().quoteIdentifier(BOOKKEEPING_TABLE);
    await this.insertRows(table, ['name'], names.map((name) => [name]), trx);
  }

  /**
   * Makes revision names unique in the bookkeeping (once per store): rows recorded twice by
   * older versions are merged first, keeping the earliest.
   */
  async ensureUniqueBookkeeping(): Promise<void> {
    if (this.ensured.has(UNIQUE_BOOKKEEPING_INDEX)) return;
    const connection = this.connection();
    const rows = await connection.execute(
      `select count(*) as n from ${BOOKKEEPING_TABLE} a where exists (select 1 from ${BOOKKEEPING_TABLE} b where b.name = a.name and b.id < a.id)`,
      [],
      'all',
    );
    if (Number((rows[0] as { n: unknown }).n) > 0) {
      // MySQL cannot delete from a table it reads in a subquery of the same statement: go through a derived table
      await connection.execute(
        `delete from ${BOOKKEEPING_TABLE} where id not in (select keep from (select min(id) as keep from ${BOOKKEEPING_TABLE} group by name) kept)`,
      );
    }
    // asked live: the read's listing may predate the table
    if (!(await this.liveInspector().indexExists(BOOKKEEPING_TABLE, UNIQUE_BOOKKEEPING_INDEX))) {
      await connection.execute(`create unique index ${UNIQUE_BOOKKEEPING_INDEX} on ${BOOKKEEPING_TABLE} (name)`);
    }
    this.ensured.add(UNIQUE_BOOKKEEPING_INDEX);
  }

  /**
   * Records the checksums of revisions that just ran or were stamped, with one insert per
   * `ROWS_PER_INSERT` rows: their rows were removed when they were reverted or unstamped.
   * `replace` first deletes existing rows (for `repair`).
   */
  async recordChecksums(entries: readonly ChecksumEntry[], trx?: Transaction, replace = false): Promise<void> {
    if (entries.length === 0) return;
    await this.ensure(CHECKSUM_TABLE, trx);
    if (replace) await this.forgetChecksums(entries.map((entry) => entry.revision), trx);
    await this.insertRows(CHECKSUM_TABLE, ['revision', 'checksum'], entries.map(({ revision, checksum }) => [revision, checksum]), trx);
  }

  /** Forgets the checksums of revisions that were reverted or unstamped. */
  async forgetChecksums(revisions: readonly string[], trx?: Transaction): Promise<void> {
    await this.forget(CHECKSUM_TABLE, revisions, trx);
  }

  /** Records the parents and breaking flag of revisions that ran or were stamped (rows of earlier runs replaced). */
  async recordLineage(entries: readonly LineageEntry[], trx?: Transaction): Promise<void> {
    if (entries.length === 0) return;
    await this.forgetLineage(entries.map((entry) => entry.revision), trx);
    const rows = entries.map(({ revision, parents, breaking }) => [revision, parents.join(','), breaking ? 1 : 0]);
    await this.insertRows(LINEAGE_TABLE, ['revision', 'parents', 'breaking'], rows, trx);
  }

  /** Forgets the lineage of revisions that were reverted or unstamped. */
  async forgetLineage(revisions: readonly string[], trx?: Transaction): Promise<void> {
    await this.forget(LINEAGE_TABLE, revisions, trx);
  }

  /** Replaces the recorded failure with this one. */
  async recordFailure(revision: string, error: string): Promise<void> {
    await this.ensure(FAILURE_TABLE);
    const connection = this.connection();
    await connection.execute(`delete from ${FAILURE_TABLE}`);
    await connection.execute(`insert into ${FAILURE_TABLE} (revision, error, failed_at) values (?, ?, ?)`, [
      revision,
      error.slice(0, 2000),
      new Date().toISOString(),
    ]);
  }

  /** Clears the recorded failure (after a successful upgrade or an operator's stamp). */
  async clearFailure(): Promise<void> {
    await this.ensure(FAILURE_TABLE);
    await this.connection().execute(`delete from ${FAILURE_TABLE}`);
  }

  /**
   * Makes `alembic_version` hold the current heads of what the bookkeeping records as applied,
   * read inside `trx` so that, on SQLite, it commits or rolls back with the change itself.
   */
  async syncAlembicVersion(graph: RevisionGraph, trx?: Transaction): Promise<void> {
    const connection = this.connection();
    const rows = await connection.execute(`select name from ${BOOKKEEPING_TABLE}`, [], 'all', trx);
    const heads = alembicRowsFor(graph, rows.map((row: Record<string, unknown>) => String(row.name)));
    await connection.execute(`delete from ${ALEMBIC_VERSION_TABLE}`, [], 'run', trx);
    for (const head of heads) {
      await connection.execute(`insert into ${ALEMBIC_VERSION_TABLE} (version_num) values (?)`, [head], 'run', trx);
    }
  }

  // One insert per `ROWS_PER_INSERT` rows, in order.
  private async insertRows(table: string, columns: readonly string[], rows: readonly (readonly unknown[])[], trx?: Transaction): Promise<void> {
    const row = `(${columns.map(() => '?').join(', ')})`;
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT);
      const values = chunk.map(() => row).join(', ');
      await this.connection().execute(`insert into ${table} (${columns.join(', ')}) values ${values}`, chunk.flat(), 'run', trx);
    }
  }

  private async forget(table: typeof CHECKSUM_TABLE | typeof LINEAGE_TABLE, revisions: readonly string[], trx?: Transaction): Promise<void> {
    if (revisions.length === 0) return;
    await this.ensure(table, trx);
    const marks = revisions.map(() => '?').join(', ');
    await this.connection().execute(`delete from ${table} where revision in (${marks})`, [...revisions], 'run', trx);
  }

  // Table questions asked now (inside `trx` when given), not from the read's listing (which may predate a table).
  private liveInspector(trx?: Transaction): SchemaInspector {
    return createSchemaInspector(this.db.dialect, (sql, params) => this.connection().execute(sql, params, 'all', trx));
  }

  // Asked before creating: `create table if not exists` needs the privilege to create tables even
  // when the table is there, which a user who may only write rows (an app's, beside a deploy job's) lacks.
  private async ensure(table: typeof FAILURE_TABLE | typeof CHECKSUM_TABLE | typeof LINEAGE_TABLE, trx?: Transaction): Promise<void> {
    if (this.ensured.has(table)) return;
    if (!(await this.liveInspector(trx).tableExists(table))) await this.connection().execute(GUARD_TABLE_DDL[table], [], 'run', trx);
    this.ensured.add(table);
  }

  // Writes need the MikroORM connection; a database opened only to be read has none.
  private connection(): AbstractSqlConnection {
    if (!('orm' in this.db)) throw new Error(messages.readOnlyOpened(this.db.name));
    return this.db.orm.em.getConnection() as AbstractSqlConnection;
  }
}

import type { AbstractSqlConnection, Transaction } from '@mikro-orm/sql';
import { createSchemaInspector, type SchemaInspector } from './schema-inspector.js';
import type { Dialect } from '../core/revision.js';
import { BOOKKEEPING_TABLE, CHECKSUM_TABLE, FAILURE_TABLE, LINEAGE_TABLE } from './version.repository.js';

/** The unique index that makes recording one revision twice impossible, whatever races. */
export const UNIQUE_BOOKKEEPING_INDEX = 'uq_mikro_orm_migrations_name';

/** A revision's lineage as recorded when it runs: what older builds read to judge it. */
export interface LineageEntry {
  readonly revision: string;
  readonly parents: readonly string[];
  readonly breaking: boolean;
}

/** Rows per insert statement: far below the bound-parameter limits of SQLite and MySQL. */
export const ROWS_PER_INSERT = 500;

/** The guard's own small tables, created on first write (portable DDL for both dialects). */
const DDL: Record<string, string> = {
  [FAILURE_TABLE]: `create table if not exists ${FAILURE_TABLE} (revision varchar(64) not null, error text not null, failed_at varchar(32) not null)`,
  [CHECKSUM_TABLE]: `create table if not exists ${CHECKSUM_TABLE} (revision varchar(64) not null primary key, checksum varchar(64) not null)`,
  [LINEAGE_TABLE]: `create table if not exists ${LINEAGE_TABLE} (revision varchar(64) not null primary key, parents text not null, breaking int not null)`,
};

/** Writes to the guard's failure and checksum tables, inside `trx` when given. */
export class GuardTables {
  private readonly ensured = new Set<string>();

  private readonly inspector: SchemaInspector;

  constructor(
    private readonly connection: AbstractSqlConnection,
    dialect: Dialect,
  ) {
    this.inspector = createSchemaInspector(dialect, (sql, params) => this.connection.execute(sql, params, 'all'));
  }

  /**
   * Records the checksums of revisions that just ran or were stamped, with one insert per
   * `ROWS_PER_INSERT` rows: their rows were removed when they were reverted or unstamped.
   * `replace` first deletes existing rows (for `repair`).
   */
  async recordChecksums(entries: readonly { revision: string; checksum: string }[], trx?: Transaction, replace = false): Promise<void> {
    if (entries.length === 0) return;
    await this.ensure(CHECKSUM_TABLE, trx);
    if (replace) await this.forgetChecksums(entries.map((entry) => entry.revision), trx);
    for (let start = 0; start < entries.length; start += ROWS_PER_INSERT) {
      const chunk = entries.slice(start, start + ROWS_PER_INSERT);
      const values = chunk.map(() => '(?, ?)').join(', ');
      const params = chunk.flatMap(({ revision, checksum }) => [revision, checksum]);
      await this.connection.execute(`insert into ${CHECKSUM_TABLE} (revision, checksum) values ${values}`, params, 'run', trx);
    }
  }

  /** Forgets the checksums of revisions that were reverted or unstamped. */
  async forgetChecksums(revisions: readonly string[], trx?: Transaction): Promise<void> {
    if (revisions.length === 0) return;
    await this.ensure(CHECKSUM_TABLE, trx);
    const marks = revisions.map(() => '?').join(', ');
    await this.connection.execute(`delete from ${CHECKSUM_TABLE} where revision in (${marks})`, [...revisions], 'run', trx);
  }

  /**
   * Makes revision names unique in the bookkeeping (once per database): rows recorded twice by
   * older versions are merged first, keeping the earliest.
   */
  async ensureUniqueBookkeeping(): Promise<void> {
    if (this.ensured.has(UNIQUE_BOOKKEEPING_INDEX)) return;
    const rows = await this.connection.execute(
      `select count(*) as n from ${BOOKKEEPING_TABLE} a where exists (select 1 from ${BOOKKEEPING_TABLE} b where b.name = a.name and b.id < a.id)`,
      [],
      'all',
    );
    if (Number((rows[0] as { n: unknown }).n) > 0) {
      // MySQL cannot delete from a table it reads in a subquery of the same statement: go through a derived table
      await this.connection.execute(
        `delete from ${BOOKKEEPING_TABLE} where id not in (select keep from (select min(id) as keep from ${BOOKKEEPING_TABLE} group by name) kept)`,
      );
    }
    if (!(await this.inspector.indexExists(BOOKKEEPING_TABLE, UNIQUE_BOOKKEEPING_INDEX))) {
      await this.connection.execute(`create unique index ${UNIQUE_BOOKKEEPING_INDEX} on ${BOOKKEEPING_TABLE} (name)`);
    }
    this.ensured.add(UNIQUE_BOOKKEEPING_INDEX);
  }

  /** Records the parents and breaking flag of revisions that ran or were stamped (rows of earlier runs replaced). */
  async recordLineage(entries: readonly LineageEntry[], trx?: Transaction): Promise<void> {
    if (entries.length === 0) return;
    await this.forgetLineage(entries.map((entry) => entry.revision), trx);
    for (let start = 0; start < entries.length; start += ROWS_PER_INSERT) {
      const chunk = entries.slice(start, start + ROWS_PER_INSERT);
      const values = chunk.map(() => '(?, ?, ?)').join(', ');
      const params = chunk.flatMap(({ revision, parents, breaking }) => [revision, parents.join(','), breaking ? 1 : 0]);
      await this.connection.execute(`insert into ${LINEAGE_TABLE} (revision, parents, breaking) values ${values}`, params, 'run', trx);
    }
  }

  /** Forgets the lineage of revisions that were reverted or unstamped. */
  async forgetLineage(revisions: readonly string[], trx?: Transaction): Promise<void> {
    if (revisions.length === 0) return;
    await this.ensure(LINEAGE_TABLE, trx);
    const marks = revisions.map(() => '?').join(', ');
    await this.connection.execute(`delete from ${LINEAGE_TABLE} where revision in (${marks})`, [...revisions], 'run', trx);
  }

  /** Replaces the recorded failure with this one. */
  async recordFailure(revision: string, error: string): Promise<void> {
    await this.ensure(FAILURE_TABLE);
    await this.connection.execute(`delete from ${FAILURE_TABLE}`);
    await this.connection.execute(`insert into ${FAILURE_TABLE} (revision, error, failed_at) values (?, ?, ?)`, [
      revision,
      error.slice(0, 2000),
      new Date().toISOString(),
    ]);
  }

  /** Clears the recorded failure (after a successful upgrade or an operator's stamp). */
  async clearFailure(): Promise<void> {
    await this.ensure(FAILURE_TABLE);
    await this.connection.execute(`delete from ${FAILURE_TABLE}`);
  }

  private async ensure(table: string, trx?: Transaction): Promise<void> {
    if (this.ensured.has(table)) return;
    await this.connection.execute(DDL[table], [], 'run', trx);
    this.ensured.add(table);
  }
}

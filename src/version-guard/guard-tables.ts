import type { AbstractSqlConnection, Transaction } from '@mikro-orm/sql';
import { CHECKSUM_TABLE, FAILURE_TABLE, LINEAGE_TABLE } from './version.repository.js';

/** A revision's lineage as recorded when it runs: what older builds read to judge it. */
export interface LineageEntry {
  readonly revision: string;
  readonly parents: readonly string[];
  readonly breaking: boolean;
}

/** The guard's own small tables, created on first write (portable DDL for both dialects). */
const DDL: Record<string, string> = {
  [FAILURE_TABLE]: `create table if not exists ${FAILURE_TABLE} (revision varchar(64) not null, error text not null, failed_at varchar(32) not null)`,
  [CHECKSUM_TABLE]: `create table if not exists ${CHECKSUM_TABLE} (revision varchar(64) not null primary key, checksum varchar(64) not null)`,
  [LINEAGE_TABLE]: `create table if not exists ${LINEAGE_TABLE} (revision varchar(64) not null primary key, parents text not null, breaking int not null)`,
};

/** Writes to the guard's failure and checksum tables, inside `trx` when given. */
export class GuardTables {
  private readonly ensured = new Set<string>();

  constructor(private readonly connection: AbstractSqlConnection) {}

  /**
   * Records the checksums of revisions that just ran or were stamped. One insert per revision:
   * their rows were removed when they were reverted or unstamped. `replace` first deletes
   * existing rows (for `repair`).
   */
  async recordChecksums(entries: readonly { revision: string; checksum: string }[], trx?: Transaction, replace = false): Promise<void> {
    if (entries.length === 0) return;
    await this.ensure(CHECKSUM_TABLE, trx);
    if (replace) await this.forgetChecksums(entries.map((entry) => entry.revision), trx);
    for (const { revision, checksum } of entries) {
      await this.connection.execute(`insert into ${CHECKSUM_TABLE} (revision, checksum) values (?, ?)`, [revision, checksum], 'run', trx);
    }
  }

  /** Forgets the checksums of revisions that were reverted or unstamped. */
  async forgetChecksums(revisions: readonly string[], trx?: Transaction): Promise<void> {
    if (revisions.length === 0) return;
    await this.ensure(CHECKSUM_TABLE, trx);
    const marks = revisions.map(() => '?').join(', ');
    await this.connection.execute(`delete from ${CHECKSUM_TABLE} where revision in (${marks})`, [...revisions], 'run', trx);
  }

  /** Records the parents and breaking flag of revisions that ran or were stamped (rows of earlier runs replaced). */
  async recordLineage(entries: readonly LineageEntry[], trx?: Transaction): Promise<void> {
    if (entries.length === 0) return;
    await this.forgetLineage(entries.map((entry) => entry.revision), trx);
    for (const { revision, parents, breaking } of entries) {
      await this.connection.execute(
        `insert into ${LINEAGE_TABLE} (revision, parents, breaking) values (?, ?, ?)`,
        [revision, parents.join(','), breaking ? 1 : 0],
        'run',
        trx,
      );
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

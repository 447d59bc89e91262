import type { EntityManager } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { AbstractSqlConnection, Transaction } from '@mikro-orm/sql';
import type { LoadedRevision } from './revision-modules.js';
import { FAILURE_TABLE, type ManagedDatabase } from './version.repository.js';

/** MikroORM's migrator, fed with exactly the revisions of one plan (already in apply order). */
class PlanMigrator extends Migrator {
  constructor(
    em: EntityManager,
    private readonly revisions: readonly LoadedRevision[],
  ) {
    super(em as never);
  }

  protected override async discoverMigrations() {
    return this.revisions.map((revision) => this.initialize(revision.migrationClass, revision.info.id));
  }
}

/** Outcome of applying a plan: what ran, and the failure that stopped it, if any. */
export interface ApplyResult {
  readonly applied: readonly string[];
  readonly failure: { readonly revision: string; readonly error: Error } | null;
}

/** Called after each revision with its id and duration. */
export type ProgressListener = (revision: string, ms: number) => void;

/**
 * Runs, reverts and stamps revisions of one database through MikroORM's migrator. On SQLite a
 * plan runs in one transaction with a savepoint per revision: a failing revision is rolled back
 * alone, the ones before it are kept, and a killed process leaves the database as it was.
 */
export class RevisionRunner {
  constructor(private readonly db: ManagedDatabase) {}

  /** Applies `revisions` in order; stops at the first failure, which it records. */
  async apply(revisions: readonly LoadedRevision[], onApplied: ProgressListener = () => {}): Promise<ApplyResult> {
    const migrator = await this.migrator(revisions);
    const applied: string[] = [];
    let running = '';
    let started = 0;
    migrator.on('migrating', (event) => {
      running = event.name;
      started = performance.now();
    });
    migrator.on('migrated', (event) => {
      applied.push(event.name);
      onApplied(event.name, Math.round(performance.now() - started));
    });
    let failure: ApplyResult['failure'] = null;
    const names = revisions.map((revision) => revision.info.id);
    await this.inTransaction(async (trx) => {
      try {
        await migrator.up({ migrations: names, transaction: trx });
      } catch (error) {
        failure = { revision: running, error: error instanceof Error ? error : new Error(String(error)) };
      }
    });
    if (failure) await this.recordFailure(failure);
    else if (applied.length > 0) await this.clearFailures();
    return { applied, failure };
  }

  /** Reverts `revisions` (children first), each with its `down`. */
  async revert(revisions: readonly LoadedRevision[], onReverted: ProgressListener = () => {}): Promise<void> {
    const migrator = await this.migrator(revisions);
    let started = 0;
    migrator.on('reverting', () => {
      started = performance.now();
    });
    migrator.on('reverted', (event) => onReverted(event.name, Math.round(performance.now() - started)));
    const names = revisions.map((revision) => revision.info.id);
    await this.inTransaction((trx) => migrator.down({ migrations: names, transaction: trx }));
  }

  /** Records `add` as applied and `remove` as not applied, without running any migration code. */
  async stamp(add: readonly string[], remove: readonly string[]): Promise<void> {
    const migrator = await this.migrator([]);
    const storage = migrator.getStorage();
    await this.inTransaction(async (trx) => {
      for (const name of remove) await storage.unlogMigration({ name }, trx);
      for (const name of add) await storage.logMigration({ name }, trx);
    });
    await this.clearFailures();
  }

  private async migrator(revisions: readonly LoadedRevision[]): Promise<PlanMigrator> {
    const migrator = new PlanMigrator(this.db.orm.em, revisions);
    // creates the bookkeeping table before any transaction: SQLite has a single connection
    await migrator.getExecuted();
    return migrator;
  }

  private async inTransaction<T>(work: (trx: Transaction | undefined) => Promise<T>): Promise<T> {
    if (this.db.dialect !== 'sqlite') return work(undefined);
    return this.connection().transactional((trx) => work(trx));
  }

  private async recordFailure(failure: NonNullable<ApplyResult['failure']>): Promise<void> {
    const connection = this.connection();
    await connection.execute(
      `create table if not exists ${FAILURE_TABLE} (revision varchar(64) not null, error text not null, failed_at varchar(32) not null)`,
    );
    await connection.execute(`delete from ${FAILURE_TABLE}`);
    await connection.execute(`insert into ${FAILURE_TABLE} (revision, error, failed_at) values (?, ?, ?)`, [
      failure.revision,
      failure.error.message.slice(0, 2000),
      new Date().toISOString(),
    ]);
  }

  private async clearFailures(): Promise<void> {
    const connection = this.connection();
    const exists = await connection.execute(
      this.db.dialect === 'sqlite'
        ? `select 1 from sqlite_master where type = 'table' and name = '${FAILURE_TABLE}'`
        : `select 1 from information_schema.tables where table_schema = database() and table_name = '${FAILURE_TABLE}'`,
    );
    if (exists.length > 0) await connection.execute(`delete from ${FAILURE_TABLE}`);
  }

  private connection(): AbstractSqlConnection {
    return this.db.orm.em.getConnection() as AbstractSqlConnection;
  }
}

import type { EntityManager } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { AbstractSqlConnection, Transaction } from '@mikro-orm/sql';
import type { LoadedRevision } from './revision-modules.js';
import { GuardTables } from './guard-tables.js';
import type { ManagedDatabase } from './version.repository.js';

/** A revision ready to run: its code and the checksum recorded when it runs. */
export interface RunnableRevision extends LoadedRevision {
  readonly checksum: string;
}

/** MikroORM's migrator, fed with exactly the revisions of one plan (already in apply order). */
class PlanMigrator extends Migrator {
  constructor(
    em: EntityManager,
    private readonly revisions: readonly RunnableRevision[],
    private readonly tables: GuardTables,
  ) {
    super(em as never);
  }

  // The checksum row is written with the bookkeeping row, inside the revision's own savepoint:
  // a revision that fails leaves neither behind.
  protected override createStorage() {
    const storage = super.createStorage();
    const logMigration = storage.logMigration.bind(storage);
    // built on first use: `createStorage` runs inside `super()`, before this class's fields exist
    let checksums: Map<string, string> | undefined;
    storage.logMigration = async (params, trx) => {
      await logMigration(params, trx);
      checksums ??= new Map(this.revisions.map((revision) => [revision.info.id, revision.checksum]));
      const checksum = checksums.get(params.name);
      // `replace`: a row left by an emptied bookkeeping table must not make the insert fail
      if (checksum) await this.tables.recordChecksums([{ revision: params.name, checksum }], trx as Transaction | undefined, true);
    };
    return storage;
  }

  protected override async discoverMigrations() {
    return this.revisions.map((revision) => this.initialize(revision.migrationClass, revision.info.id));
  }
}

/** Outcome of applying a plan: what ran, and the failure that stopped it, if any. */
export interface ApplyResult {
  readonly applied: readonly string[];
  /** `recordingError`: recording the failure failed too (the original error is kept). */
  readonly failure: { readonly revision: string; readonly error: Error; readonly recordingError?: Error } | null;
}

/** Called after each revision with its id and duration. */
export type ProgressListener = (revision: string, ms: number) => void;

/**
 * Runs, reverts and stamps revisions of one database through MikroORM's migrator. On SQLite a
 * plan runs in one transaction with a savepoint per revision: a failing revision is rolled back
 * alone, the ones before it are kept, and a killed process leaves the database as it was.
 */
export class RevisionRunner {
  private readonly tables: GuardTables;

  constructor(private readonly db: ManagedDatabase) {
    this.tables = new GuardTables(this.connection());
  }

  /** Applies `revisions` in order; stops at the first failure, which it records. */
  async apply(revisions: readonly RunnableRevision[], onApplied: ProgressListener = () => {}): Promise<ApplyResult> {
    const migrator = await this.migrator(revisions);
    const applied: string[] = [];
    let running = '';
    let started = 0;
    let failure: ApplyResult['failure'] = null;
    const names = revisions.map((revision) => revision.info.id);
    const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
    try {
      await this.inTransaction(async (trx) => {
        migrator.on('migrating', (event) => {
          running = event.name;
          started = performance.now();
        });
        migrator.on('migrated', (event) => {
          applied.push(event.name);
          onApplied(event.name, Math.round(performance.now() - started));
        });
        try {
          await migrator.up({ migrations: names, transaction: trx });
        } catch (error) {
          failure = { revision: running, error: asError(error) };
        }
      });
    } catch (error) {
      // the commit itself failed (a full disk, a file turned read-only): SQLite rolled everything back
      failure ??= { revision: running || names[0], error: asError(error) };
      if (this.db.dialect === 'sqlite') {
        applied.length = 0;
        // SQLite already ended the transaction, so Kysely's rollback fails and never releases its
        // only connection: every later query would wait forever. A fresh connection is clean.
        await this.connection().close(true).catch(() => undefined);
      }
    }
    const failed = failure as ApplyResult['failure'];
    if (!failed) {
      if (applied.length > 0) await this.tables.clearFailure();
      return { applied, failure: null };
    }
    // recording runs after the rollback; if it fails too, the original error is what counts
    try {
      await this.tables.recordFailure(failed.revision, failed.error.message);
      return { applied, failure: failed };
    } catch (error) {
      return { applied, failure: { ...failed, recordingError: asError(error) } };
    }
  }

  /** Reverts `revisions` (children first), each with its `down`. */
  async revert(revisions: readonly RunnableRevision[], onReverted: ProgressListener = () => {}): Promise<void> {
    const migrator = await this.migrator(revisions);
    let started = 0;
    const names = revisions.map((revision) => revision.info.id);
    await this.inTransaction(async (trx) => {
      migrator.on('reverting', () => {
        started = performance.now();
      });
      migrator.on('reverted', async (event) => {
        await this.tables.forgetChecksums([event.name], trx);
        onReverted(event.name, Math.round(performance.now() - started));
      });
      await migrator.down({ migrations: names, transaction: trx });
    });
  }

  /** Records `add` as applied and `remove` as not applied, without running any migration code. */
  async stamp(add: readonly { revision: string; checksum: string }[], remove: readonly string[]): Promise<void> {
    const migrator = await this.migrator([]);
    const storage = migrator.getStorage();
    await this.inTransaction(async (trx) => {
      for (const name of remove) await storage.unlogMigration({ name }, trx);
      await this.tables.forgetChecksums(remove, trx);
      for (const { revision } of add) await storage.logMigration({ name: revision }, trx);
      await this.tables.recordChecksums(add, trx, true);
    });
    await this.tables.clearFailure();
  }

  /** Records the current checksums of applied revisions (accepting their edited code). */
  async acceptChecksums(entries: readonly { revision: string; checksum: string }[]): Promise<void> {
    await this.inTransaction((trx) => this.tables.recordChecksums(entries, trx, true));
  }

  private async migrator(revisions: readonly RunnableRevision[]): Promise<PlanMigrator> {
    const migrator = new PlanMigrator(this.db.orm.em, revisions, this.tables);
    // creates the bookkeeping table before any transaction: SQLite has a single connection
    await migrator.getExecuted();
    return migrator;
  }

  private async inTransaction<T>(work: (trx: Transaction | undefined) => Promise<T>): Promise<T> {
    if (this.db.dialect !== 'sqlite') return work(undefined);
    return this.connection().transactional((trx) => work(trx));
  }

  private connection(): AbstractSqlConnection {
    return this.db.orm.em.getConnection() as AbstractSqlConnection;
  }
}

import type { EntityManager } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { AbstractSqlConnection, Transaction } from '@mikro-orm/sql';
import type { LoadedRevision } from './revision-modules.js';
import { BookkeepingStorage } from './bookkeeping/bookkeeping-storage.js';
import { BookkeepingStore, type LineageEntry } from './bookkeeping/bookkeeping-store.js';
import { UpgradeLockLostSignal } from '../core/errors.js';
import type { DialectSupport } from '../dialects/dialect-support.js';
import { dialectSupport } from '../dialects/registry.js';
import { messages } from '../core/messages/index.js';
import type { ManagedDatabase } from '../core/database-handle.js';

/** A revision ready to run: its code and the checksum recorded when it runs. */
export interface RunnableRevision extends LoadedRevision {
  readonly checksum: string;
}

/** MikroORM's migrator, fed with exactly the revisions of one plan (already in apply order). */
class PlanMigrator extends Migrator {
  constructor(
    em: EntityManager,
    private readonly revisions: readonly RunnableRevision[],
    private readonly store: BookkeepingStore,
    private readonly fence: () => void,
  ) {
    super(em as never);
  }

  // the upgrade lock is checked before each revision runs and again before it is recorded
  protected override async discoverMigrations() {
    return this.revisions.map((revision) => {
      const migration = this.initialize(revision.migrationClass, revision.info.id);
      const fenced = (method: 'up' | 'down') => (afterRun?: (trx?: Transaction) => Promise<void>) => {
        this.fence();
        return migration[method](async (trx?: Transaction) => {
          this.fence();
          await afterRun?.(trx);
        });
      };
      return { ...migration, up: fenced('up'), down: fenced('down') };
    });
  }

  // Outside a plan-wide transaction (MySQL), the checksum and lineage rows are written with the
  // bookkeeping row, in the revision's own step: a revision that fails leaves none of them behind.
  // Inside one (SQLite), the runner writes them all at the end of the plan, in that transaction.
  protected override createStorage(): BookkeepingStorage {
    const storage = new BookkeepingStorage(this.driver as never, this.options, () => this.store);
    const logOne = storage.logMigration.bind(storage);
    // built on first use: `createStorage` runs inside `super()`, before this class's fields exist
    let byId: Map<string, RunnableRevision> | undefined;
    storage.logMigration = async (params, trx) => {
      if (storage.deferred) return;
      await logOne(params, trx);
      byId ??= new Map(this.revisions.map((revision) => [revision.info.id, revision]));
      const revision = byId.get(params.name);
      if (!revision) return;
      const { id, parents, breaking } = revision.info;
      // `replace`: a row left by an emptied bookkeeping table must not make the insert fail
      await this.store.recordChecksums([{ revision: id, checksum: revision.checksum }], trx as Transaction | undefined, true);
      await this.store.recordLineage([{ revision: id, parents, breaking }], trx as Transaction | undefined);
    };
    return storage;
  }

  override getStorage(): BookkeepingStorage {
    return this.storage as BookkeepingStorage;
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

/** A revision recorded as applied without running: its checksum and lineage, from the code. */
export type RecordedRevision = LineageEntry & { readonly checksum: string };

/** Work done in the same transaction as every change: recording adopted revisions first, and a step after it. */
export interface ChangeHooks {
  /** Revisions to record as applied, running nothing, before the change. */
  readonly adopt: readonly RecordedRevision[];
  /** Runs after the change (also after a failed revision), inside its transaction. */
  afterChange(trx: Transaction | undefined): Promise<void>;
}

/** How a runner takes part in a change: the database's bookkeeping, adoption hooks, and the check that the upgrade lock is still held. */
export interface RunnerOptions {
  /** The store the change records through (a new one when absent). */
  readonly store?: BookkeepingStore;
  readonly hooks?: ChangeHooks;
  readonly fence?: () => void;
}

/**
 * Runs, reverts and stamps revisions of one database through MikroORM's migrator. On SQLite a
 * plan runs in one transaction with a savepoint per revision: a failing revision is rolled back
 * alone, the ones before it are kept, and a killed process leaves the database as it was.
 */
export class RevisionRunner {
  private readonly store: BookkeepingStore;
  private readonly hooks: ChangeHooks | undefined;
  private readonly fence: () => void;
  private readonly support: DialectSupport;

  constructor(
    private readonly db: ManagedDatabase,
    options: RunnerOptions = {},
  ) {
    this.support = dialectSupport(db.dialect);
    this.store = options.store ?? new BookkeepingStore(db);
    this.hooks = options.hooks;
    this.fence = options.fence ?? (() => undefined);
  }

  /**
   * Applies `revisions` in order; stops at the first failure, which it records. Inside a SQLite
   * transaction the bookkeeping, checksum and lineage rows of the applied revisions are written
   * once, at the end, in the same transaction; elsewhere with each revision, as it completes.
   */
  async apply(
    revisions: readonly RunnableRevision[],
    onApplied: ProgressListener = () => {},
    onStarting: (revision: string) => void = () => {},
  ): Promise<ApplyResult> {
    const migrator = await this.migrator(revisions);
    const checksums = new Map(revisions.map((revision) => [revision.info.id, revision.checksum]));
    const checksumRow = (revision: string) => ({ revision, checksum: checksums.get(revision)! });
    const lineage = new Map(revisions.map(({ info }) => [info.id, { revision: info.id, parents: info.parents, breaking: info.breaking }]));
    const applied: string[] = [];
    let running = '';
    let started = 0;
    let failure: ApplyResult['failure'] = null;
    const names = revisions.map((revision) => revision.info.id);
    const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
    try {
      await this.change(migrator, async (trx) => {
        const storage = migrator.getStorage();
        // inside one transaction (SQLite) the rows of the whole plan are written at its end, in bulk
        storage.deferred = trx !== undefined;
        migrator.on('migrating', (event) => {
          running = event.name;
          started = performance.now();
          onStarting(event.name);
        });
        migrator.on('migrated', (event) => {
          applied.push(event.name);
          onApplied(event.name, Math.round(performance.now() - started));
        });
        try {
          await migrator.up({ migrations: names, transaction: trx });
        } catch (error) {
          failure = { revision: running, error: await this.explain(error) };
        }
        if (storage.deferred) {
          storage.deferred = false;
          this.fence();
          await storage.logAll(applied, trx);
          await this.store.recordChecksums(applied.map(checksumRow), trx, true);
          await this.store.recordLineage(applied.map((id) => lineage.get(id)!), trx);
        }
      });
    } catch (error) {
      // the commit itself failed (a full disk, a file turned read-only): with transactional DDL
      // everything was rolled back
      failure ??= { revision: running || names[0], error: asError(error) };
      if (this.support.transactionalDdl) applied.length = 0;
      if (this.support.singleConnection) {
        // SQLite already ended the transaction, so Kysely's rollback fails and never releases its
        // only connection: every later query would wait forever. A fresh connection is clean.
        await this.connection().close(true).catch(() => undefined);
      }
    }
    const failed = failure as ApplyResult['failure'];
    if (!failed) {
      if (applied.length > 0) await this.store.clearFailure();
      return { applied, failure: null };
    }
    // a process that lost its lock records nothing more: another one may be upgrading now
    if (failed.error instanceof UpgradeLockLostSignal) return { applied, failure: failed };
    // recording runs after the rollback; if it fails too, the original error is what counts
    try {
      await this.store.recordFailure(failed.revision, failed.error.message);
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
    await this.change(migrator, async (trx) => {
      migrator.on('reverting', () => {
        started = performance.now();
      });
      migrator.on('reverted', async (event) => {
        await this.store.forgetChecksums([event.name], trx);
        await this.store.forgetLineage([event.name], trx);
        onReverted(event.name, Math.round(performance.now() - started));
      });
      await migrator.down({ migrations: names, transaction: trx });
    });
  }

  /** Records `add` as applied and `remove` as not applied, without running any migration code. */
  async stamp(add: readonly RecordedRevision[], remove: readonly string[]): Promise<void> {
    const migrator = await this.migrator([]);
    const storage = migrator.getStorage();
    await this.change(migrator, async (trx) => {
      for (const name of remove) await storage.unlogMigration({ name }, trx);
      await this.store.forgetChecksums(remove, trx);
      await this.store.forgetLineage(remove, trx);
      await this.record(migrator, add, trx);
    });
    await this.store.clearFailure();
  }

  /** Records the lineage of applied revisions that ran before lineage was recorded. */
  async recordMissingLineage(entries: readonly LineageEntry[]): Promise<void> {
    await this.inTransaction((trx) => this.store.recordLineage(entries, trx));
  }

  /** Records the current checksums of applied revisions (accepting their edited code). */
  async acceptChecksums(entries: readonly { revision: string; checksum: string }[]): Promise<void> {
    await this.inTransaction((trx) => this.store.recordChecksums(entries, trx, true));
  }

  // Recording adopted revisions in the change's own transaction: a change that rolls back leaves no adoption behind.
  private change<T>(migrator: PlanMigrator, work: (trx: Transaction | undefined) => Promise<T>): Promise<T> {
    return this.inTransaction(async (trx) => {
      if (this.hooks && this.hooks.adopt.length > 0) await this.record(migrator, this.hooks.adopt, trx);
      const result = await work(trx);
      await this.hooks?.afterChange(trx);
      return result;
    });
  }

  private async record(migrator: PlanMigrator, entries: readonly RecordedRevision[], trx: Transaction | undefined) {
    await migrator.getStorage().logAll(entries.map((entry) => entry.revision), trx);
    await this.store.recordChecksums(entries, trx, true);
    await this.store.recordLineage(entries, trx);
  }

  // A lock wait that ran out says who held the lock; other errors pass through as they are.
  private async explain(error: unknown): Promise<Error> {
    const plain = error instanceof Error ? error : new Error(String(error));
    const wait = await this.support.explainLockWait?.(error, this.connection());
    return wait ? new Error(messages.ddlLockTimeout(wait.seconds, wait.holders)) : plain;
  }

  private async migrator(revisions: readonly RunnableRevision[]): Promise<PlanMigrator> {
    const migrator = new PlanMigrator(this.db.orm.em, revisions, this.store, this.fence);
    // creates the bookkeeping table before any transaction: SQLite has a single connection
    await migrator.getExecuted();
    await this.store.ensureUniqueBookkeeping();
    return migrator;
  }

  private async inTransaction<T>(work: (trx: Transaction | undefined) => Promise<T>): Promise<T> {
    if (!this.support.transactionalDdl) return work(undefined);
    return this.connection().transactional((trx) => work(trx));
  }

  private connection(): AbstractSqlConnection {
    return this.db.orm.em.getConnection() as AbstractSqlConnection;
  }
}

import type { AppConfig } from '../../config/app-config.js';
import { AlembicBookkeeping } from './alembic-bookkeeping.js';
import { classifyDatabase, type DatabaseStatus, type LegacyMatch } from '../core/database-status.js';
import { compareReleases, detectLegacyRelease } from '../core/legacy-detector.js';
import { ALL_MIGRATION_SETS, migrationSetName } from '../core/revision.js';
import { BackupFailedError, UpgradeLockTimeoutError } from '../core/guard.errors.js';
import { explainFault, explainMidway, faultOf, unreachableError } from './database-fault.js';
import { UpgradeFailedError } from '../core/startup.errors.js';
import type { LegacyBaselines } from '../core/legacy-baselines.port.js';
import type { UpgradeLock } from '../dialects/upgrade-lock.js';
import { supportFor } from '../dialects/registry.js';
import { retryTransient } from '../dialects/transient-retry.js';
import { RevisionCatalog, type RevisionSetCode } from './revision-catalog.js';
import type { ApplyResult, ProgressListener, RevisionRunner, RunnableRevision } from './revision-runner.js';
import { BookkeepingStore } from './bookkeeping/bookkeeping-store.js';
import { GUARD_TABLES } from './bookkeeping/guard-tables.js';
import { UserSchemaReader } from './user-schema.reader.js';
import { type ManagedDatabase, type ReadableDatabase } from '../core/database-handle.js';

/**
 * The operations on one database that both the boot guard and the CLI use: read its status,
 * and apply, revert or stamp revisions of its migration set under its upgrade lock.
 */
export class VersionEngine {
  private readonly protectedTables: ReadonlySet<string>;
  private readonly fences = new Map<string, () => void>();

  constructor(
    readonly config: AppConfig,
    readonly catalog: RevisionCatalog,
    private readonly baselines: LegacyBaselines,
  ) {
    this.protectedTables = new Set(config.protectedTables);
  }

  /** The code's migration set for a database. */
  codeFor(db: ReadableDatabase): Promise<RevisionSetCode> {
    return this.catalog.load({ dialect: db.dialect, database: db.name });
  }

  /**
   * Compares a database with its migration set; reads only. With `lineage`, a database at head
   * also says whether its recorded lineage is incomplete (the start reads it in the same pass).
   */
  async status(db: ReadableDatabase, options: { readonly lineage?: boolean } = {}): Promise<DatabaseStatus> {
    // a cluster node may abort a read that met another node's change: reading again is safe
    return retryTransient(db.dialect, () => this.readStatus(db, options.lineage ?? false));
  }

  private async readStatus(db: ReadableDatabase, withLineage: boolean): Promise<DatabaseStatus> {
    const code = await this.codeFor(db);
    if (await this.isMissing(db)) return this.classifyMissing(db, code);
    const store = new BookkeepingStore(db);
    const userSchema = this.userSchema(store);
    // the checksums are read once: they imply applied revisions and show modified ones
    const checksums = await store.readChecksums();
    const recorded = impliedByChecksums(await store.readApplied(), checksums, code);
    const adoption = await this.bookkeeping(db, store, code).read(recorded);
    const applied = adoption.applied;
    const failure = await store.readFailure();
    const modified = modifiedAmong(checksums, code, applied ?? []);
    const noHistory = (applied?.length ?? 0) === 0;
    const userTables = noHistory ? await userSchema.readUserTables() : [];
    const foreign = new Map<string, string | undefined>();
    for (const id of applied ?? []) {
      if (!code.graph.has(id)) foreign.set(id, await this.catalog.setOwning(id, code.set));
    }
    const unknownCurrent = await this.unknownCurrent(foreign);
    const lineage = foreign.size > 0 || withLineage ? await store.readLineage() : new Map();
    const schema = noHistory && userTables.length > 0 ? await userSchema.readUserSchema() : new Map<string, string[]>();
    const status = classifyDatabase({
      name: db.name,
      dialect: db.dialect,
      graph: code.graph,
      applied,
      userTables,
      failure,
      modified,
      foreignSetOf: (id) => foreign.get(id),
      unknownCurrent,
      detectLegacy: () => this.detectLegacy(db, schema),
      lineageOf: (id) => lineage.get(id),
    });
    const known = (applied ?? []).filter((id) => code.graph.has(id));
    const lineageIncomplete = withLineage && status.state === 'up_to_date' ? known.some((id) => !lineage.has(id)) : undefined;
    return { ...status, adoptedFrom: adoption.adoptedFrom, lineageIncomplete, locationKey: this.locationKey(db) };
  }

  /**
   * Records parents and breaking flag for applied revisions that ran before this was recorded
   * (from the code, which knows them); returns how many. Call under the upgrade lock.
   */
  async backfillLineage(db: ManagedDatabase): Promise<number> {
    const code = await this.codeFor(db);
    const store = new BookkeepingStore(db);
    const applied = ((await store.readApplied()) ?? []).filter((id) => code.graph.has(id));
    const recorded = await store.readLineage();
    const missing = applied.filter((id) => !recorded.has(id));
    if (missing.length === 0) return 0;
    const entries = missing.map((id) => ({ revision: id, parents: code.entry(id).parents, breaking: code.entry(id).breaking }));
    await new (await runnerClass())(db, { store }).recordMissingLineage(entries);
    return missing.length;
  }

  /** Whether some applied revisions of the code lack their recorded lineage (reads only). */
  async lineageIncomplete(db: ManagedDatabase): Promise<boolean> {
    const code = await this.codeFor(db);
    const store = new BookkeepingStore(db);
    const applied = ((await store.readApplied()) ?? []).filter((id) => code.graph.has(id));
    if (applied.length === 0) return false;
    const recorded = await store.readLineage();
    return applied.some((id) => !recorded.has(id));
  }

  // Unknown recorded ids reduced to the heads of the set that owns them (ids of no set stay as they are).
  private async unknownCurrent(owners: ReadonlyMap<string, string | undefined>): Promise<string[]> {
    const current: string[] = [];
    const bySet = new Map<string, string[]>();
    for (const [id, owner] of owners) {
      if (owner) bySet.set(owner, [...(bySet.get(owner) ?? []), id]);
      else current.push(id);
    }
    for (const [owner, ids] of bySet) {
      const set = ALL_MIGRATION_SETS.find((s) => migrationSetName(s) === owner)!;
      current.push(...(await this.catalog.load(set)).graph.currentHeads(ids));
    }
    return current;
  }

  /**
   * Accepts the current code of every applied revision (records its checksum); returns those that
   * changed. Call under the upgrade lock (which also explains any driver error).
   */
  async repair(db: ManagedDatabase): Promise<string[]> {
    const code = await this.codeFor(db);
    const store = new BookkeepingStore(db);
    const applied = ((await store.readApplied()) ?? []).filter((id) => code.graph.has(id));
    const changed = modifiedAmong(await store.readChecksums(), code, applied);
    await new (await runnerClass())(db, { store, fence: this.fenceFor(db) }).acceptChecksums(applied.map((id) => ({ revision: id, checksum: code.entry(id).checksum })));
    return changed;
  }

  /**
   * Backs the database up before anything is applied (DB_BACKUP_BEFORE_UPGRADE), where its dialect
   * takes backups (SQLite files; servers have their own); returns the copy or null.
   */
  async backupBeforeChange(db: ManagedDatabase, status: DatabaseStatus): Promise<string | null> {
    const location = this.config.databases[db.name];
    const support = supportFor(location);
    if (!support.backup || !this.config.backupBeforeUpgrade || status.state === 'empty') return null;
    const label = status.current.length > 0 ? status.current.join('+') : `legacy-${status.legacyRelease ?? 'unknown'}`;
    try {
      return await support.backup(location, this.config.backupDir, label);
    } catch (error) {
      const target = (error as { target?: string }).target ?? this.config.backupDir ?? support.printable(location);
      throw new BackupFailedError(db.name, target, error instanceof Error ? error.message : String(error));
    }
  }

  /** Differences between the live schema and the entities at head (reads only). */
  async drift(db: ManagedDatabase): Promise<string[]> {
    // a database that does not exist yet has no schema to compare; its state says `empty`
    if (await this.isMissing(db)) return [];
    const [{ detectDrift }, live] = await Promise.all([import('./schema-drift.js'), this.userSchema(new BookkeepingStore(db)).readUserShapes()]);
    return detectDrift(db, live, [...GUARD_TABLES, ...this.protectedTables]);
  }

  /** The SQL each revision of `ids` would run, without running it (the checks in `up` do read). */
  async sqlOf(db: ManagedDatabase, ids: readonly string[]): Promise<{ id: string; message: string; statements: string[] }[]> {
    const revisions = await this.load(db, ids);
    if (revisions.length === 0 || !(await this.isMissing(db))) return this.plannedSql(db, revisions);
    // plan against an empty stand-in: the real file or database must not be created
    const { openScratchDatabase } = await import('./scratch-database.js');
    const scratch = await openScratchDatabase(this.config, db);
    try {
      return await this.plannedSql(scratch, revisions);
    } finally {
      await scratch.orm.close(true);
    }
  }

  private async plannedSql(db: ManagedDatabase, revisions: readonly RunnableRevision[]) {
    const planned = [];
    for (const revision of revisions) {
      const migration = new revision.migrationClass(db.orm.em.getDriver() as never, db.orm.config);
      migration.reset();
      await migration.up();
      const statements = migration.getQueries().map((query) => (typeof query === 'string' ? query : String(query)));
      planned.push({ id: revision.info.id, message: revision.info.message, statements });
    }
    return planned;
  }

  /** Legacy detection for a database without history (reads only). */
  async detect(db: ReadableDatabase): Promise<LegacyMatch> {
    if (await this.isMissing(db)) return this.detectLegacy(db, new Map());
    return this.detectLegacy(db, await this.userSchema(new BookkeepingStore(db)).readUserSchema());
  }

  /**
   * Runs `work` while holding the database's upgrade lock, waiting at most DB_LOCK_TIMEOUT_S;
   * `onAcquired` hears which lock it is. Everything applied meanwhile checks the lock is still held.
   */
  async withUpgradeLock<T>(
    db: ManagedDatabase,
    onWait: (holder: string) => void,
    work: () => Promise<T>,
    onAcquired?: (lock: string) => void,
  ): Promise<T> {
    const lock = await this.lockFor(db);
    const acquired = await lock.acquire(this.config.lockTimeoutMs, onWait).catch((error: unknown) => {
      // a lock file that could not be created or opened is named, not the database file;
      // a lock on a server needs a connection first: an unreachable server is reported as the app reports it
      if (lock.file) throw explainFault(this.config, db.name, error, lock.file) ?? faultOf(this.config, db.name, error);
      throw unreachableError(this.config, db.name, error);
    });
    if ('timedOut' in acquired) {
      throw new UpgradeLockTimeoutError(db.name, this.config.lockTimeoutMs / 1000, acquired.holder, lock.clearHint);
    }
    onAcquired?.(lock.description);
    this.fences.set(db.name, () => lock.assertHeld?.());
    try {
      return await work();
    } catch (error) {
      throw faultOf(this.config, db.name, error);
    } finally {
      this.fences.delete(db.name);
      // a lock whose connection died (a server restart) is already gone: that must not replace the real error
      await acquired().catch(() => undefined);
    }
  }

  /**
   * Runs `work` (a read) once no other process is upgrading `db`, waiting at most DB_LOCK_TIMEOUT_S;
   * writes nothing where the lock can be observed without taking it.
   */
  async afterOtherUpgrades<T>(db: ManagedDatabase, onWait: (holder: string) => void, work: () => Promise<T>): Promise<T> {
    const lock = await this.lockFor(db);
    if (!lock.waitUntilFree) return this.withUpgradeLock(db, onWait, work);
    const free = await lock.waitUntilFree(this.config.lockTimeoutMs, onWait);
    if (free !== true) throw new UpgradeLockTimeoutError(db.name, this.config.lockTimeoutMs / 1000, free.holder, lock.clearHint);
    return work();
  }

  // Checks, before each statement that changes `db`, that its upgrade lock is still held.
  private fenceFor(db: ManagedDatabase): () => void {
    return this.fences.get(db.name) ?? (() => undefined);
  }

  /** The block for a failed upgrade: the cause in plain words, and whether recording it failed too. */
  async upgradeFailure(db: ManagedDatabase, failure: NonNullable<ApplyResult['failure']>, before: DatabaseStatus): Promise<UpgradeFailedError> {
    // the database may be gone (a server killed mid-upgrade): then report what was known before
    const now = await this.status(db).catch(() => before);
    const explained = explainMidway(this.config, db.name, failure.error);
    const recording = failure.recordingError ? (explainMidway(this.config, db.name, failure.recordingError)?.message ?? failure.recordingError.message).replace(`${db.name} database: `, '').split('\n')[0] : undefined;
    const set = migrationSetName({ dialect: db.dialect, database: db.name });
    return new UpgradeFailedError(db.name, failure.revision, failure.error, now.current, now.heads, explained, recording, set);
  }

  /** Applies revisions `ids` (in apply order); call under the upgrade lock. */
  async apply(
    db: ManagedDatabase,
    ids: readonly string[],
    onApplied?: ProgressListener,
    onStarting?: (revision: string) => void,
  ): Promise<ApplyResult> {
    const revisions = await this.load(db, ids);
    return (await this.runner(db)).apply(revisions, onApplied, onStarting);
  }

  /** Reverts revisions `ids` (children first); call under the upgrade lock. */
  async revert(db: ManagedDatabase, ids: readonly string[], onReverted?: ProgressListener): Promise<void> {
    const revisions = await this.load(db, ids);
    await (await this.runner(db)).revert(revisions, onReverted);
  }

  /** Makes the recorded history exactly the ancestors of `target` (base when null), running nothing. */
  async stamp(db: ManagedDatabase, target: string | null): Promise<{ added: string[]; removed: string[] }> {
    const code = await this.codeFor(db);
    const store = new BookkeepingStore(db);
    const bookkeeping = this.bookkeeping(db, store, code);
    const adoption = await bookkeeping.read();
    const applied = adoption.applied ?? [];
    const wanted = target ? code.graph.ancestors(target, true) : new Set<string>();
    const removed = applied.filter((id) => !wanted.has(id));
    const have = new Set(applied);
    const added = code.graph.topologicalOrder().filter((id) => wanted.has(id) && !have.has(id));
    const entries = added.map((id) => {
      const { parents, breaking, checksum } = code.entry(id);
      return { revision: id, checksum, parents, breaking };
    });
    await new (await runnerClass())(db, { store, hooks: bookkeeping.hooksFor(adoption), fence: this.fenceFor(db) }).stamp(entries, removed);
    return { added, removed };
  }

  private bookkeeping(db: ReadableDatabase, store: BookkeepingStore, code: RevisionSetCode): AlembicBookkeeping {
    return new AlembicBookkeeping(store, code, this.baselines.alembicAliasesOf({ dialect: db.dialect, database: db.name }));
  }

  // The user's tables, read with the tables listing of `store`'s read.
  private userSchema(store: BookkeepingStore): UserSchemaReader {
    return new UserSchemaReader(store.tables, this.protectedTables);
  }

  // A change first records what was adopted from Alembic, and leaves `alembic_version` in step.
  private async runner(db: ManagedDatabase): Promise<RevisionRunner> {
    const store = new BookkeepingStore(db);
    const bookkeeping = this.bookkeeping(db, store, await this.codeFor(db));
    return new (await runnerClass())(db, { store, hooks: bookkeeping.hooksFor(await bookkeeping.read()), fence: this.fenceFor(db) });
  }

  /** Whether the database exists (a SQLite file, a MySQL database); reads only. */
  async exists(db: ReadableDatabase): Promise<boolean> {
    return !(await this.isMissing(db));
  }

  // Reading must not create a database that does not exist yet (SQLite creates a file on open).
  private async isMissing(db: ReadableDatabase): Promise<boolean> {
    const location = this.config.databases[db.name];
    return supportFor(location).isMissing(location, db);
  }

  private locationKey(db: ReadableDatabase): string {
    return supportFor(this.config.databases[db.name]).location.key(db.name);
  }

  private classifyMissing(db: ReadableDatabase, code: RevisionSetCode): DatabaseStatus {
    const status = classifyDatabase({
      name: db.name,
      dialect: db.dialect,
      graph: code.graph,
      applied: null,
      userTables: [],
      failure: null,
      foreignSetOf: () => undefined,
      detectLegacy: () => this.detectLegacy(db, new Map()),
    });
    return { ...status, locationKey: this.locationKey(db) };
  }

  private async load(db: ManagedDatabase, ids: readonly string[]): Promise<RunnableRevision[]> {
    const code = await this.codeFor(db);
    const loaded = await code.loadRevisions(ids);
    return loaded.map((revision) => ({ ...revision, checksum: code.entry(revision.info.id).checksum }));
  }

  private detectLegacy(db: ReadableDatabase, schema: ReadonlyMap<string, readonly string[]>): LegacyMatch {
    const ignored = new Set([...GUARD_TABLES, ...this.protectedTables]);
    // only releases before tracking began can leave a database without history; stamping the
    // last of them is always safe, because the revisions after it check before acting
    const tracking = this.baselines.trackingRelease;
    const releases = Object.fromEntries(
      Object.entries(this.baselines.releasesOf({ dialect: db.dialect, database: db.name })).filter(
        ([release]) => compareReleases(release, tracking) < 0,
      ),
    );
    return detectLegacyRelease(schema, releases, ignored, tracking);
  }

  private lockFor(db: ManagedDatabase): Promise<UpgradeLock> {
    const location = this.config.databases[db.name];
    return supportFor(location).upgradeLock(location, { leaseMs: this.config.lockLeaseMs });
  }
}

// A bookkeeping table emptied by hand still leaves the checksum rows of what ran: those revisions
// (and, through the graph, their ancestors) are applied and must never run again.
function impliedByChecksums(applied: string[] | null, checksums: ReadonlyMap<string, string>, code: RevisionSetCode): string[] | null {
  const recorded = [...checksums.keys()].filter((id) => code.graph.has(id));
  if (recorded.length === 0) return applied;
  const have = new Set(applied ?? []);
  return [...(applied ?? []), ...recorded.filter((id) => !have.has(id))];
}

// The runner brings MikroORM's migrator; reading a status never needs it.
async function runnerClass(): Promise<typeof RevisionRunner> {
  return (await import('./revision-runner.js')).RevisionRunner;
}

// Applied revisions whose code differs from what ran; revisions recorded before checksums existed are accepted.
function modifiedAmong(recorded: ReadonlyMap<string, string>, code: RevisionSetCode, applied: readonly string[]): string[] {
  return applied.filter((id) => code.graph.has(id) && recorded.has(id) && recorded.get(id) !== code.entry(id).checksum);
}

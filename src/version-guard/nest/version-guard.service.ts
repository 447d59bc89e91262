import { existsSync, statSync } from 'node:fs';
import { Logger, type LoggerService } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { decideBootAction, type BootAction, type UpgradePolicy } from '../core/operation-rules.js';
import { logEvent } from '../../logging/app-logger.js';
import type { DatabaseStatus } from '../core/database-status.js';
import type { GuardError } from '../core/errors.js';
import { DatabaseRefusedError } from '../core/guard.errors.js';
import { IndexManagerGuard } from '../engine/index-manager.guard.js';
import { messages } from '../core/messages/index.js';
import { StartupRefusedError } from '../core/startup.errors.js';
import { faultOf, unreachableError } from '../engine/database-fault.js';
import { retryTransient } from '../dialects/transient-retry.js';
import { BootProgress } from './boot-progress.js';
import { RevisionTicker } from './revision-ticker.js';
import { changeDatabase, type ChangeListener } from '../engine/change-operation.js';
import type { VersionEngine } from '../engine/version-engine.js';
import type { ManagedDatabase } from '../core/database-handle.js';

/** What the boot check found: whether revisions will be applied, and what completes the boot. */
export interface BootPlan {
  readonly upgrades: boolean;
  complete(): Promise<DatabaseStatus[]>;
}

/**
 * How long after the start the drift report waits: its introspection is the heaviest set of
 * queries a start makes (on MariaDB about 60 ms of server CPU per start), so it stays out of the
 * way of the first probes and requests, and a process stopped right after its start never runs it.
 */
export const DRIFT_REPORT_DELAY_MS = 1000;

/**
 * Decides, at every start, what happens to each database (agent, then ops): nothing, an upgrade,
 * or a refusal, by the SPEC §4 table. Refuses before writing anything if any database refuses.
 */
export class VersionGuardService {
  /** The drift report under way, if any (shutdown waits for it). */
  private driftReport: Promise<void> = Promise.resolve();
  /** The drift report waiting for `DRIFT_REPORT_DELAY_MS` to pass, if any. */
  private driftReportTimer: NodeJS.Timeout | undefined;
  private shuttingDown = false;

  constructor(
    private readonly config: AppConfig,
    private readonly engine: VersionEngine,
    private readonly databases: readonly ManagedDatabase[],
    private readonly progress: BootProgress = new BootProgress(),
    private readonly logger: LoggerService = new Logger(VersionGuardService.name),
  ) {}

  /** Brings every database to head, or throws `StartupRefusedError` naming every problem. */
  async verifyAtBoot(policy: UpgradePolicy): Promise<DatabaseStatus[]> {
    return (await this.planAtBoot(policy)).complete();
  }

  /**
   * Reads and judges every database, and refuses (throws) before anything is written; what is
   * left to do runs in `complete`, which may run after the port opened for the probes.
   */
  async planAtBoot(policy: UpgradePolicy): Promise<BootPlan> {
    this.warnAboutOtherDatabaseType();
    const statuses = await this.readStatuses(policy);
    const agent = this.agent();
    const indexManager = agent ? new IndexManagerGuard(agent) : null;
    // a database that does not exist yet records nothing, and reading it must not create it
    const recordedKind =
      indexManager && (await this.engine.exists(agent!))
        ? await retryTransient(agent!.dialect, () => indexManager.recorded()).catch((error: unknown) => Promise.reject(faultOf(this.config, 'agent', error)))
        : null;
    const indexProblem = IndexManagerGuard.problem(recordedKind, this.config.indexManagerType);
    if (policy === 'off') {
      for (const status of statuses) this.logger.warn(logEvent('check_skipped', messages.checkOff(status), fields(status)));
      if (indexProblem) this.logger.warn(logEvent('index_manager_changed', indexProblem.message, { database: 'agent' }));
      return { upgrades: false, complete: async () => statuses };
    }
    const actions = statuses.map((status) => decideBootAction(status, policy));
    const problems: GuardError[] = statuses.filter((_, i) => actions[i].kind === 'refuse').map((status) => new DatabaseRefusedError(status));
    if (indexProblem) problems.push(indexProblem);
    if (problems.length > 0) throw new StartupRefusedError(problems);
    const upgrades = actions.some((action) => action.kind === 'upgrade');
    const complete = async () => {
      const final: DatabaseStatus[] = [];
      for (const [i, db] of this.databases.entries()) {
        // a driver error while settling (a lock held by another program, a read-only file) is explained, never raw
        final.push(await this.settle(db, statuses[i], actions[i], policy).catch((error: unknown) => Promise.reject(faultOf(this.config, db.name, error))));
      }
      await this.recordMissingLineage(final);
      // every replica records it at once on a fresh cluster: a lost race is retried, any other failure explained
      // a kind read at start is recorded already; only a first start records it
      if (indexManager && recordedKind === null) {
        const kind = this.config.indexManagerType;
        await this.unlessDenied(
          'agent',
          async () => {
            const recorded = await retryTransient(agent!.dialect, () => indexManager.recordIfFirst(kind));
            if (recorded) this.logger.log(logEvent('index_manager_recorded', messages.indexManagerRecorded(kind), { database: 'agent' }));
          },
          (denied) => messages.indexManagerNotRecorded(denied, kind),
        );
      }
      return final;
    };
    return { upgrades, complete };
  }

  // Revisions applied before lineage was recorded get it from the code, once, so older builds can judge them.
  private async recordMissingLineage(statuses: readonly DatabaseStatus[]): Promise<void> {
    for (const [i, db] of this.databases.entries()) {
      const status = statuses[i];
      if (status?.state !== 'up_to_date') continue;
      // known from the boot read for a database that was already at head; read now after an upgrade
      const incomplete =
        status.lineageIncomplete ??
        (await retryTransient(db.dialect, () => this.engine.lineageIncomplete(db)).catch((error: unknown) => Promise.reject(faultOf(this.config, db.name, error))));
      if (!incomplete) continue;
      await this.unlessDenied(
        db.name,
        () => this.engine.withUpgradeLock(db, (holder) => this.logWait(db, holder), () => this.engine.backfillLineage(db)),
        (denied) => messages.lineageNotRecorded(denied),
      );
    }
  }

  /**
   * Runs bookkeeping that a start at head adds (lineage, the vector store kind), explaining any
   * failure; one that the user's privileges or a read-only server deny is only a warning. An app's
   * user often holds only SELECT or DML on a database a deploy job upgrades with its own user, and a
   * reader may point at a replica: such a start must not fail.
   */
  private async unlessDenied(database: string, work: () => Promise<unknown>, warning: (denied: string) => string): Promise<void> {
    try {
      await work();
    } catch (error) {
      const fault = faultOf(this.config, database, error);
      if (fault.code !== 'privilege_missing' && fault.code !== 'read_only_server') throw fault;
      this.logger.warn(logEvent('bookkeeping_denied', warning(fault.message), { database }));
    }
  }

  // Every database is read before deciding; the ones that cannot be reached are reported together.
  private async readStatuses(policy: UpgradePolicy): Promise<DatabaseStatus[]> {
    const results = await Promise.allSettled(this.databases.map((db) => this.settledStatus(db, policy)));
    const unreachable = results.flatMap((result, i) => (result.status === 'rejected' ? [this.unreachable(this.databases[i], result.reason)] : []));
    if (unreachable.length > 0) throw new StartupRefusedError(unreachable);
    return results.map((result) => (result as PromiseFulfilledResult<DatabaseStatus>).value);
  }

  // A database that is not at head may be half-way through another process's upgrade (on MySQL a
  // half-made schema reads as unrecognised): read it again once nobody upgrades it, until two reads
  // agree. The upgrade may begin just after the lock looked free, so one read after waiting is not
  // enough. The fast path at head stays lock-free.
  private async settledStatus(db: ManagedDatabase, policy: UpgradePolicy): Promise<DatabaseStatus> {
    let status = await this.engine.status(db, { lineage: policy !== 'off' });
    if (status.state === 'up_to_date' || status.state === 'ahead_compatible' || policy === 'off') return status;
    for (let read = 0; read < MAX_SETTLING_READS; read++) {
      const next = await this.engine.afterOtherUpgrades(db, (holder) => this.logWait(db, holder), () => this.engine.status(db));
      if (sameStatus(next, status)) return next;
      status = next;
    }
    return status;
  }

  private logWait(db: ManagedDatabase, holder: string): void {
    this.logger.log(logEvent('lock_wait', messages.waitingForLock(db.name, holder), { database: db.name, holder }));
  }

  private unreachable(db: ManagedDatabase, error: unknown): GuardError {
    return unreachableError(this.config, db.name, error);
  }

  /**
   * Runs the drift report in the background `DRIFT_REPORT_DELAY_MS` from now (a warning, never a
   * refusal), unless the app is shutting down by then: its introspection must not race the
   * closing of the connections.
   */
  scheduleDriftReport(statuses: readonly DatabaseStatus[]): void {
    if (this.shuttingDown) return;
    clearTimeout(this.driftReportTimer);
    this.driftReportTimer = setTimeout(() => {
      this.driftReport = this.reportDrift(statuses).catch(() => undefined);
    }, DRIFT_REPORT_DELAY_MS);
    // a pending report never keeps the process alive
    this.driftReportTimer.unref();
  }

  /** Starts no more drift reports, stops the one under way before its next database, and resolves once it has. */
  async stopDriftReports(): Promise<void> {
    this.shuttingDown = true;
    clearTimeout(this.driftReportTimer);
    await this.driftReport;
  }

  /** Logs schema drift of databases at head as warnings (never refuses). */
  private async reportDrift(statuses: readonly DatabaseStatus[]): Promise<void> {
    for (const [i, db] of this.databases.entries()) {
      if (this.shuttingDown) return;
      if (statuses[i]?.state !== 'up_to_date') continue;
      const drift = await this.engine.drift(db);
      if (drift.length > 0) this.logger.warn(logEvent('schema_drift', messages.drift(db.name, drift), { database: db.name, drift }));
    }
  }

  private agent(): ManagedDatabase | undefined {
    return this.databases.find((db) => db.name === 'agent');
  }

  private warnAboutOtherDatabaseType(): void {
    const { inactive, dbType } = this.config;
    const withData = inactive.filePaths.filter((path) => existsSync(path) && statSync(path).size > 0);
    if (withData.length > 0) this.logger.warn(logEvent('database_type_switch', messages.sqliteDataUnused(dbType, withData)));
    if (inactive.urlsSet) this.logger.warn(logEvent('database_type_switch', messages.mysqlUnused(dbType)));
  }

  private async settle(db: ManagedDatabase, status: DatabaseStatus, action: BootAction, policy: Exclude<UpgradePolicy, 'off'>): Promise<DatabaseStatus> {
    const listener = this.bootListener(db);
    // at head, or compatibly ahead: nothing to change, so no lock is taken
    if (action.kind === 'none') listener.unchanged?.(status);
    if (action.kind === 'start_ahead') listener.startingAhead?.(status);
    if (action.kind !== 'upgrade') return status;
    const request = { kind: 'upgrade', target: { kind: 'head' }, judgedAs: policy } as const;
    return changeDatabase(this.engine, db, request, listener)
      .catch((error: unknown) => Promise.reject(error instanceof DatabaseRefusedError ? new StartupRefusedError([error]) : error))
      .finally(() => listener.stopTicker());
  }

  // What a start logs while it changes a database: one line per step, the probes' progress, and a
  // line every 10 s while one revision runs.
  private bootListener(db: ManagedDatabase): ChangeListener & { stopTicker(): void } {
    const log = (event: string, text: string, extra: Record<string, unknown> = {}) => this.logger.log(logEvent(event, text, { database: db.name, ...extra }));
    let from: readonly string[] = [];
    let position = 0;
    let total = 0;
    const ticker = new RevisionTicker((id, seconds) =>
      log('revision_running', messages.stillApplying(db.name, id, position, total, seconds), { revision: id, position, total, elapsed: seconds }),
    );
    return {
      stopTicker: () => ticker.stop(),
      lockWait: (holder) => this.logWait(db, holder),
      lockAcquired: (lock) => log('lock_acquired', messages.lockInUse(db.name, lock), { lock }),
      unchanged: (status) => this.logger.log(logEvent('up_to_date', messages.upToDate(db.name, status.current, status.heads), fields(status))),
      startingAhead: (status) => this.logger.warn(logEvent('ahead_compatible', messages.aheadCompatible(status), { ...fields(status), unknown: status.unknown })),
      backedUp: (file) => log('backup', messages.backedUp(db.name, file), { file }),
      recognisedLegacy: (_status, extra) => {
        if (extra.length > 0) this.logger.warn(logEvent('legacy_extra_tables', messages.legacyExtraTables(db.name, extra), { database: db.name, tables: extra }));
      },
      stampedLegacy: (release, revision) => log('stamped', messages.stamped(db.name, release, revision), { release, revision }),
      planned: (current, heads, revisions) => {
        from = current;
        total = revisions.length;
        log('upgrade_plan', messages.upgradePlan(db.name, current, heads, total), { from: current, to: heads, count: total });
        this.progress.report(db.name, null, 0, total);
      },
      revisionStarting: (id, at) => {
        position = at;
        this.progress.report(db.name, id, at - 1, total);
        ticker.start(id);
      },
      revisionDone: (id, message, ms, at) => {
        ticker.stop();
        this.progress.report(db.name, null, at, total);
        log('revision_applied', messages.revisionApplied(db.name, id, message, ms), { revision: id, revisionMessage: message, duration: ms });
      },
      finished: (after, count, duration) =>
        log('upgraded', messages.upgraded(db.name, after.current, count, duration), { from, to: after.current, count, duration }),
    };
  }
}


// Reads of a database that keeps changing under other processes' upgrades, before judging it as it last read.
const MAX_SETTLING_READS = 20;

function sameStatus(a: DatabaseStatus, b: DatabaseStatus): boolean {
  return a.state === b.state && a.current.join() === b.current.join() && a.pending.join() === b.pending.join();
}

function fields(status: DatabaseStatus) {
  return { database: status.name, state: status.state, from: status.current, to: status.heads };
}

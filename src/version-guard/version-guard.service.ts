import { Logger } from '@nestjs/common';
import type { UpgradePolicy } from '../config/app-config.js';
import type { DatabaseStatus } from './database-status.js';
import { DatabaseRefusedError } from './guard.errors.js';
import { messages } from './messages.js';
import { decideBootAction } from './upgrade-decision.js';
import type { VersionEngine } from './version-engine.js';
import type { ManagedDatabase } from './version.repository.js';
import { UpgradeFailedError, StartupRefusedError } from './startup.errors.js';

/**
 * Decides, at every start, what happens to each database (agent, then ops): nothing, an upgrade,
 * or a refusal, by the SPEC §4 table. Refuses before writing anything if any database refuses.
 */
export class VersionGuardService {
  private readonly logger = new Logger(VersionGuardService.name);

  constructor(
    private readonly engine: VersionEngine,
    private readonly databases: readonly ManagedDatabase[],
  ) {}

  /** Brings every database to head or throws `StartupRefusedError`; never returns otherwise. */
  async verifyAtBoot(policy: UpgradePolicy): Promise<DatabaseStatus[]> {
    const statuses = await Promise.all(this.databases.map((db) => this.engine.status(db)));
    const refusals = statuses
      .filter((status) => decideBootAction(status, policy).kind === 'refuse')
      .map((status) => new DatabaseRefusedError(status));
    if (refusals.length > 0) throw new StartupRefusedError(refusals);
    const final: DatabaseStatus[] = [];
    for (const [i, db] of this.databases.entries()) {
      final.push(await this.settle(db, statuses[i], policy));
    }
    return final;
  }

  private async settle(db: ManagedDatabase, status: DatabaseStatus, policy: UpgradePolicy): Promise<DatabaseStatus> {
    const action = decideBootAction(status, policy);
    if (action.kind === 'skip') {
      this.logger.warn(messages.checkOff(status));
      return status;
    }
    if (action.kind === 'none') {
      this.logger.log(messages.upToDate(db.name, status.current, status.heads));
      return status;
    }
    return this.engine.withUpgradeLock(
      db,
      (holder) => this.logger.log(messages.waitingForLock(db.name, holder)),
      () => this.upgradeLocked(db, policy),
    );
  }

  // Another process may have upgraded while we waited for the lock: decide again from a fresh read.
  private async upgradeLocked(db: ManagedDatabase, policy: UpgradePolicy): Promise<DatabaseStatus> {
    let status = await this.engine.status(db);
    const action = decideBootAction(status, policy);
    if (action.kind === 'none') {
      this.logger.log(messages.upToDate(db.name, status.current, status.heads));
      return status;
    }
    if (action.kind !== 'upgrade') throw new StartupRefusedError([new DatabaseRefusedError(status)]);
    if (action.stampFirst && status.legacyRelease) {
      await this.engine.stamp(db, action.stampFirst);
      this.logger.log(messages.stamped(db.name, status.legacyRelease, action.stampFirst));
      status = await this.engine.status(db);
    }
    const code = await this.engine.codeFor(db);
    this.logger.log(messages.upgradePlan(db.name, status.current, status.heads, status.pending.length));
    const started = performance.now();
    const result = await this.engine.apply(db, status.pending, (id, ms) =>
      this.logger.log(messages.revisionApplied(db.name, id, code.entry(id).message, ms)),
    );
    if (result.failure) throw new UpgradeFailedError(db.name, result.failure.revision, result.failure.error);
    const after = await this.engine.status(db);
    this.logger.log(messages.upgraded(db.name, after.current, result.applied.length, Math.round(performance.now() - started)));
    return after;
  }
}

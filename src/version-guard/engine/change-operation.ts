import type { ManagedDatabase } from '../core/database-handle.js';
import type { DatabaseStatus } from '../core/database-status.js';
import { appliedOf, planDowngrade, planUpgrade, type DowngradeTarget, type UpgradeTarget } from '../core/change-plan.js';
import { DatabaseRefusedError } from '../core/guard.errors.js';
import { commandAllowed, decideBootAction, type ChangeCommand } from '../core/operation-rules.js';
import type { VersionEngine } from './version-engine.js';

/**
 * What a change reports as it goes: the boot logs it, the CLI prints it. Every hook is optional;
 * positions count from 1.
 */
export interface ChangeListener {
  /** Another process holds the database's upgrade lock; this one waits. */
  lockWait?(holder: string): void;
  lockAcquired?(lock: string): void;
  /** Nothing to change: the database already is where the request leads. */
  unchanged?(status: DatabaseStatus): void;
  /** A start on a database that newer, compatible code upgraded: nothing is changed. */
  startingAhead?(status: DatabaseStatus): void;
  backedUp?(file: string): void;
  /** A legacy database is about to be stamped as the release that created it; `extraTables` belong to none. */
  recognisedLegacy?(status: DatabaseStatus, extraTables: readonly string[]): void;
  stampedLegacy?(release: string, revision: string): void;
  planned?(from: readonly string[], to: readonly string[], revisions: readonly string[]): void;
  revisionStarting?(revision: string, position: number, total: number): void;
  /** A revision was applied (upgrade) or reverted (downgrade). */
  revisionDone?(revision: string, message: string, ms: number, position: number, total: number): void;
  stamped?(target: string | null, added: readonly string[], removed: readonly string[]): void;
  repaired?(changed: readonly string[]): void;
  /** The upgrade or downgrade finished: the status after it, how many revisions ran, how long it took. */
  finished?(after: DatabaseStatus, count: number, ms: number): void;
}

/**
 * A change of one database. An upgrade is judged by the boot table of its policy (`auto`,
 * `check`) at start, or by the `upgrade` command's row of the same table from the CLI.
 */
export type ChangeRequest =
  | { readonly kind: 'upgrade'; readonly target: UpgradeTarget; readonly judgedAs: 'auto' | 'check' | 'command' }
  | { readonly kind: 'downgrade'; readonly target: DowngradeTarget }
  | { readonly kind: 'stamp'; readonly revision: string | null }
  | { readonly kind: 'repair' };

/**
 * The one way anything changes a database, for the boot and every CLI command: under the
 * database's upgrade lock, read the state again (another process may have changed it while this
 * one waited), check the state allows the change, back up, run it and report through `listener`.
 * Returns the status after the change.
 */
export function changeDatabase(engine: VersionEngine, db: ManagedDatabase, request: ChangeRequest, listener: ChangeListener = {}): Promise<DatabaseStatus> {
  return engine.withUpgradeLock(
    db,
    (holder) => listener.lockWait?.(holder),
    async () => {
      const status = await engine.status(db);
      switch (request.kind) {
        case 'upgrade':
          return upgrade(engine, db, status, request, listener);
        case 'downgrade':
          return downgrade(engine, db, status, request.target, listener);
        case 'stamp': {
          refuseUnless('stamp', status);
          const { added, removed } = await engine.stamp(db, request.revision);
          listener.stamped?.(request.revision, added, removed);
          return engine.status(db);
        }
        case 'repair': {
          refuseUnless('repair', status);
          listener.repaired?.(await engine.repair(db));
          return engine.status(db);
        }
      }
    },
    (lock) => listener.lockAcquired?.(lock),
  );
}

function refuseUnless(command: ChangeCommand, status: DatabaseStatus): void {
  if (!commandAllowed(command, status.state)) throw new DatabaseRefusedError(status);
}

async function upgrade(
  engine: VersionEngine,
  db: ManagedDatabase,
  before: DatabaseStatus,
  request: Extract<ChangeRequest, { kind: 'upgrade' }>,
  listener: ChangeListener,
): Promise<DatabaseStatus> {
  let status = before;
  let backedUp = false;
  if (request.judgedAs === 'command') refuseUnless('upgrade', status);
  else {
    const action = decideBootAction(status, request.judgedAs);
    if (action.kind === 'none') return unchanged(status, listener);
    if (action.kind === 'start_ahead') {
      listener.startingAhead?.(status);
      return status;
    }
    if (action.kind !== 'upgrade') throw new DatabaseRefusedError(status);
    if (action.stampFirst && status.legacyRelease) {
      await backup(engine, db, status, listener);
      backedUp = true;
      listener.recognisedLegacy?.(status, status.legacy?.extraTables ?? []);
      await engine.stamp(db, action.stampFirst);
      listener.stampedLegacy?.(status.legacyRelease, action.stampFirst);
      status = await engine.status(db);
    }
  }
  const code = await engine.codeFor(db);
  const ids = planUpgrade(code.graph, code.name, appliedOf(code.graph, status), request.target);
  if (ids.length === 0) return unchanged(status, listener);
  if (!backedUp) await backup(engine, db, status, listener);
  const started = performance.now();
  listener.planned?.(status.current, request.target.kind === 'head' ? status.heads : ids.slice(-1), ids);
  let done = 0;
  const result = await engine.apply(
    db,
    ids,
    (id, ms) => {
      done += 1;
      listener.revisionDone?.(id, code.entry(id).message, ms, done, ids.length);
    },
    (id) => listener.revisionStarting?.(id, done + 1, ids.length),
  );
  if (result.failure) throw await engine.upgradeFailure(db, result.failure, status);
  return finish(engine, db, result.applied.length, started, listener);
}

async function downgrade(engine: VersionEngine, db: ManagedDatabase, status: DatabaseStatus, target: DowngradeTarget, listener: ChangeListener): Promise<DatabaseStatus> {
  refuseUnless('downgrade', status);
  const code = await engine.codeFor(db);
  const ids = planDowngrade(code.graph, status, appliedOf(code.graph, status), target);
  if (ids.length === 0) return unchanged(status, listener);
  await backup(engine, db, status, listener);
  const started = performance.now();
  let done = 0;
  await engine.revert(db, ids, (id, ms) => {
    done += 1;
    listener.revisionDone?.(id, code.entry(id).message, ms, done, ids.length);
  });
  return finish(engine, db, ids.length, started, listener);
}

function unchanged(status: DatabaseStatus, listener: ChangeListener): DatabaseStatus {
  listener.unchanged?.(status);
  return status;
}

async function backup(engine: VersionEngine, db: ManagedDatabase, status: DatabaseStatus, listener: ChangeListener): Promise<void> {
  const file = await engine.backupBeforeChange(db, status);
  if (file) listener.backedUp?.(file);
}

async function finish(engine: VersionEngine, db: ManagedDatabase, count: number, started: number, listener: ChangeListener): Promise<DatabaseStatus> {
  const after = await engine.status(db);
  listener.finished?.(after, count, Math.round(performance.now() - started));
  return after;
}

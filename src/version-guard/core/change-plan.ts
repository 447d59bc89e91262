import type { DatabaseStatus } from './database-status.js';
import { GuardError } from './errors.js';
import { cliMessages, faultMessages } from './messages/index.js';
import type { RevisionGraph } from './revision-graph.js';

/** Where `upgrade` goes. */
export type UpgradeTarget = { kind: 'head' } | { kind: 'steps'; steps: number } | { kind: 'revision'; ref: string };
/** Where `downgrade` goes. */
export type DowngradeTarget = { kind: 'base' } | { kind: 'steps'; steps: number } | { kind: 'revision'; ref: string };
/** What `stamp` records. */
export type StampTarget =
  | { kind: 'head' }
  | { kind: 'base' }
  | { kind: 'release'; release: string }
  | { kind: 'revision'; ref: string };

/** A relative target (`+N`, `-N`) asks for more revisions than there are; nothing was changed. */
export class TargetOutOfRangeError extends GuardError {
  readonly code = 'target_out_of_range';
}

/** `downgrade <rev>` names a revision the database does not have; nothing was changed. */
export class RevisionNotAppliedError extends GuardError {
  readonly code = 'revision_not_applied';

  constructor(database: string, revision: string, current: readonly string[]) {
    super(faultMessages.notApplied(database, revision, current), faultMessages.notAppliedHelp(database), database);
  }
}

/** Everything recorded as applied: the ancestors of the current revisions, in apply order (pure). */
export function appliedOf(graph: RevisionGraph, status: DatabaseStatus): string[] {
  const applied = graph.implied(status.current);
  return graph.topologicalOrder().filter((id) => applied.has(id));
}

/** The revisions an upgrade to `target` applies, in apply order (pure); `set` names the migration set. */
export function planUpgrade(graph: RevisionGraph, set: string, applied: readonly string[], target: UpgradeTarget): string[] {
  if (target.kind === 'head') return graph.upgradePlan(applied);
  if (target.kind === 'steps') {
    const pending = graph.upgradePlan(applied);
    if (target.steps > pending.length) {
      throw new TargetOutOfRangeError(cliMessages.upgradeOutOfRange(target.steps, pending.length, set), cliMessages.upgradeOutOfRangeHelp());
    }
    return pending.slice(0, target.steps);
  }
  return graph.upgradePlan(applied, [graph.resolve(target.ref)]);
}

/** The revisions a downgrade to `target` reverts, children first (pure). */
export function planDowngrade(graph: RevisionGraph, status: DatabaseStatus, applied: readonly string[], target: DowngradeTarget): string[] {
  if (target.kind === 'steps') {
    if (target.steps > applied.length) {
      throw new TargetOutOfRangeError(cliMessages.downgradeOutOfRange(target.steps, applied.length, status.name), cliMessages.downgradeOutOfRangeHelp());
    }
    return graph.stepsBack(applied, target.steps);
  }
  const wanted = target.kind === 'revision' ? graph.resolve(target.ref) : null;
  // reverting to a revision the database never had would revert the applied branch instead
  if (wanted && !applied.includes(wanted)) throw new RevisionNotAppliedError(status.name, wanted, status.current);
  return graph.downgradePlan(applied, wanted);
}

import { faultOf } from '../../version-guard/engine/database-fault.js';
import type { DatabaseState, DatabaseStatus } from '../../version-guard/core/database-status.js';
import { DatabaseRefusedError } from '../../version-guard/core/guard.errors.js';
import { messages } from '../../version-guard/core/messages.js';
import type { RevisionSetCode } from '../../version-guard/engine/revision-catalog.js';
import type { ManagedDatabase } from '../../version-guard/core/database-handle.js';
import { EXIT, TargetOutOfRangeError } from '../cli.errors.js';
import { codeOfChosen, type CommandEnv } from '../command-env.js';
import type { CliContext } from '../cli-context.js';
import type { UpgradeTarget } from '../targets.js';

/** States `upgrade` works from; the others need an operator's decision first. */
const UPGRADABLE: ReadonlySet<DatabaseState> = new Set(['empty', 'behind', 'up_to_date', 'failed']);

/** Everything recorded as applied: the ancestors of the current revisions. */
export function appliedOf(code: RevisionSetCode, status: DatabaseStatus): string[] {
  const applied = new Set(status.current.filter((id) => code.graph.has(id)).flatMap((id) => [...code.graph.ancestors(id, true)]));
  return code.graph.topologicalOrder().filter((id) => applied.has(id));
}

function plan(code: RevisionSetCode, applied: readonly string[], target: UpgradeTarget) {
  if (target.kind === 'head') return code.graph.upgradePlan(applied);
  if (target.kind === 'steps') {
    const pending = code.graph.upgradePlan(applied);
    if (target.steps > pending.length) {
      throw new TargetOutOfRangeError(`upgrade +${target.steps}: only ${pending.length} revision(s) are pending in ${code.name}`, 'use a smaller step count, or `upgrade` for head');
    }
    return code.graph.stepsForward(applied, target.steps);
  }
  return code.graph.upgradePlan(applied, [code.graph.resolve(target.ref)]);
}

async function upgradeOne(env: CommandEnv, ctx: CliContext, db: ManagedDatabase, code: RevisionSetCode, target: UpgradeTarget) {
  return ctx.engine.withUpgradeLock(db, (holder) => env.err(messages.waitingForLock(db.name, holder)), async () => {
    const status = await ctx.engine.status(db);
    if (!UPGRADABLE.has(status.state)) throw new DatabaseRefusedError(status);
    const applied = appliedOf(code, status);
    const ids = plan(code, applied, target);
    if (ids.length === 0) {
      env.out(messages.nothingToApply(db.name, status.current));
      return;
    }
    const backup = await ctx.engine.backupBeforeChange(db, status);
    if (backup) env.out(messages.backedUp(db.name, backup));
    env.out(messages.upgradePlan(db.name, status.current, ids.slice(-1), ids.length));
    const result = await ctx.engine.apply(db, ids, (id, ms) =>
      env.out(messages.revisionApplied(db.name, id, code.entry(id).message, ms)),
    );
    if (result.failure) throw await ctx.engine.upgradeFailure(db, result.failure, status);
    const after = await ctx.engine.status(db);
    env.out(`${db.name} database: now at ${after.current.join(',')}`);
  });
}

// `--sql`: print what would run, per database, in order; nothing is written and no lock is taken.
async function printSql(env: CommandEnv, ctx: CliContext, db: ManagedDatabase, code: RevisionSetCode, target: UpgradeTarget) {
  const status = await ctx.engine.status(db);
  if (!UPGRADABLE.has(status.state)) throw new DatabaseRefusedError(status);
  const ids = plan(code, appliedOf(code, status), target);
  const from = status.current.length > 0 ? status.current.join(',') : 'empty';
  env.out(`-- ${db.name} database (${db.dialect}): ${ids.length} revision(s) from ${from}${ids.length > 0 ? ` to ${ids.at(-1)}` : ''}`);
  for (const revision of await ctx.engine.sqlOf(db, ids)) {
    env.out(`\n-- ${revision.id} ${revision.message}`);
    for (const statement of revision.statements) env.out(statement.trim().endsWith(';') ? statement.trim() : `${statement.trim()};`);
  }
}

/** `upgrade [head|<rev>|+N] [--sql]`: applies revisions to each chosen database, or prints their SQL. */
export async function upgradeCommand(env: CommandEnv, target: UpgradeTarget, sqlOnly = false): Promise<number> {
  const sets = await codeOfChosen(env);
  if (target.kind === 'revision') sets.forEach((code) => code.graph.resolve(target.ref));
  const ctx = await env.open({ mode: sqlOnly ? 'read' : 'write', entities: false });
  try {
    for (const [i, db] of ctx.databases.entries()) {
      const work = sqlOnly ? printSql(env, ctx, db, sets[i], target) : upgradeOne(env, ctx, db, sets[i], target);
      await work.catch((error: unknown) => Promise.reject(faultOf(ctx.engine.config, db.name, error)));
    }
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

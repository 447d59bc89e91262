import type { DatabaseState } from '../../version-guard/core/database-status.js';
import { DatabaseRefusedError } from '../../version-guard/core/guard.errors.js';
import { messages } from '../../version-guard/core/messages.js';
import { EXIT, RevisionNotAppliedError, TargetOutOfRangeError } from '../cli.errors.js';
import { codeOfChosen, type CommandEnv } from '../command-env.js';
import type { DowngradeTarget } from '../targets.js';
import { appliedOf } from './upgrade.command.js';

const DOWNGRADABLE: ReadonlySet<DatabaseState> = new Set(['behind', 'up_to_date', 'failed', 'empty']);

/** `downgrade <-N|<rev>|base>`: reverts revisions of each chosen database, children first. */
export async function downgradeCommand(env: CommandEnv, target: DowngradeTarget): Promise<number> {
  const sets = await codeOfChosen(env);
  const resolved = sets.map((code) => (target.kind === 'revision' ? code.graph.resolve(target.ref) : null));
  const ctx = await env.open({ entities: false });
  try {
    for (const [i, db] of ctx.databases.entries()) {
      const code = sets[i];
      await ctx.engine.withUpgradeLock(db, (holder) => env.err(messages.waitingForLock(db.name, holder)), async () => {
        const status = await ctx.engine.status(db);
        if (!DOWNGRADABLE.has(status.state)) throw new DatabaseRefusedError(status);
        const applied = appliedOf(code, status);
        const wanted = resolved[i];
        // reverting to a revision the database never had would revert the applied branch instead
        if (target.kind === 'revision' && wanted && !applied.includes(wanted)) throw new RevisionNotAppliedError(db.name, wanted, status.current);
        if (target.kind === 'steps' && target.steps > applied.length) {
          throw new TargetOutOfRangeError(
            `downgrade -${target.steps}: only ${applied.length} revision(s) are applied to the ${db.name} database`,
            'use a smaller step count, or `downgrade base` to revert everything',
          );
        }
        const ids =
          target.kind === 'steps' ? code.graph.stepsBack(applied, target.steps) : code.graph.downgradePlan(applied, resolved[i]);
        if (ids.length === 0) {
          env.out(messages.nothingToApply(db.name, status.current));
          return;
        }
        const backup = await ctx.engine.backupBeforeChange(db, status);
        if (backup) env.out(messages.backedUp(db.name, backup, 'downgrading'));
        await ctx.engine.revert(db, ids, (id, ms) => env.out(messages.reverted(db.name, id, code.entry(id).message, ms)));
        const after = await ctx.engine.status(db);
        env.out(`${db.name} database: now at ${after.current.length > 0 ? after.current.join(',') : 'base'}`);
      });
    }
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

import type { DowngradeTarget } from '../../version-guard/core/change-plan.js';
import { changeDatabase } from '../../version-guard/engine/change-operation.js';
import { EXIT } from '../cli.errors.js';
import { codeOfChosen, type CommandEnv } from '../command-env.js';
import { changePrinter } from './change-printer.js';

/** `downgrade <-N|<rev>|base>`: reverts revisions of each chosen database, children first. */
export async function downgradeCommand(env: CommandEnv, target: DowngradeTarget): Promise<number> {
  const sets = await codeOfChosen(env);
  // an unknown revision is bad input: refused before any database is opened
  if (target.kind === 'revision') sets.forEach((code) => code.graph.resolve(target.ref));
  const ctx = await env.open({ entities: false });
  try {
    for (const db of ctx.databases) {
      await changeDatabase(ctx.engine, db, { kind: 'downgrade', target }, changePrinter(env, db, 'downgrading'));
    }
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

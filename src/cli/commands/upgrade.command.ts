import { appliedOf, planUpgrade, type UpgradeTarget } from '../../version-guard/core/change-plan.js';
import type { ManagedDatabase } from '../../version-guard/core/database-handle.js';
import { DatabaseRefusedError } from '../../version-guard/core/guard.errors.js';
import { commandAllowed } from '../../version-guard/core/operation-rules.js';
import { faultOf } from '../../version-guard/engine/database-fault.js';
import { changeDatabase } from '../../version-guard/engine/change-operation.js';
import { cliMessages } from '../../version-guard/core/messages/index.js';
import { EXIT } from '../cli.errors.js';
import { codeOfChosen, type CommandEnv } from '../command-env.js';
import type { CliContext } from '../cli-context.js';
import { changePrinter } from './change-printer.js';

// `--sql`: print what would run, per database, in order; nothing is written and no lock is taken.
async function printSql(env: CommandEnv, ctx: CliContext, db: ManagedDatabase, target: UpgradeTarget) {
  const status = await ctx.engine.status(db);
  if (!commandAllowed('upgrade', status.state)) throw new DatabaseRefusedError(status);
  const code = await ctx.engine.codeFor(db);
  const ids = planUpgrade(code.graph, code.name, appliedOf(code.graph, status), target);
  env.out(cliMessages.sqlHeader(db.name, db.dialect, ids.length, status.current, ids.at(-1)));
  for (const revision of await ctx.engine.sqlOf(db, ids)) {
    env.out(cliMessages.sqlRevision(revision.id, revision.message));
    for (const statement of revision.statements) env.out(statement.trim().endsWith(';') ? statement.trim() : `${statement.trim()};`);
  }
}

/** `upgrade [head|<rev>|+N] [--sql]`: applies revisions to each chosen database, or prints their SQL. */
export async function upgradeCommand(env: CommandEnv, target: UpgradeTarget, sqlOnly = false): Promise<number> {
  const sets = await codeOfChosen(env);
  if (target.kind === 'revision') sets.forEach((code) => code.graph.resolve(target.ref));
  const ctx = await env.open({ mode: sqlOnly ? 'read' : 'write', entities: false });
  try {
    for (const db of ctx.databases) {
      const work = sqlOnly
        ? printSql(env, ctx, db, target)
        : changeDatabase(ctx.engine, db, { kind: 'upgrade', target, judgedAs: 'command' }, changePrinter(env, db, 'upgrading'));
      await work.catch((error: unknown) => Promise.reject(faultOf(ctx.engine.config, db.name, error)));
    }
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

import { changeDatabase } from '../../version-guard/engine/change-operation.js';
import { EXIT } from '../cli.errors.js';
import type { CommandEnv } from '../command-env.js';
import { changePrinter } from './change-printer.js';

/** `repair`: accept the current code of applied revisions. */
export async function repairCommand(env: CommandEnv): Promise<number> {
  const ctx = await env.open({ entities: false });
  try {
    for (const db of ctx.databases) await changeDatabase(ctx.engine, db, { kind: 'repair' }, changePrinter(env, db));
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

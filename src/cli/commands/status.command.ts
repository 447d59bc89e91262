import { unreachableError } from '../../version-guard/engine/database-fault.js';
import type { DatabaseStatus } from '../../version-guard/core/database-status.js';
import { EXIT, UnreadableDatabaseError } from '../cli.errors.js';
import { cliMessages } from '../../version-guard/core/messages/index.js';
import type { CommandEnv } from '../command-env.js';
import type { CliContext } from '../cli-context.js';
import type { ReadableDatabase } from '../../version-guard/core/database-handle.js';
import { checkExitStatus, formatStatus, statusJson } from '../status-report.js';

/** Reads every chosen database's status; a database that cannot be read is reported as the app reports it. */
export async function readStatuses(ctx: CliContext<ReadableDatabase>): Promise<DatabaseStatus[]> {
  const statuses: DatabaseStatus[] = [];
  for (const db of ctx.databases) {
    try {
      statuses.push(await ctx.engine.status(db));
    } catch (error) {
      throw new UnreadableDatabaseError(unreachableError(ctx.engine.config, db.name, error));
    }
  }
  return statuses;
}

function print(env: CommandEnv, statuses: readonly DatabaseStatus[]): void {
  env.out(env.json ? statusJson(statuses) : statuses.map(formatStatus).join('\n\n'));
}

/** `status` / `current`: exit 0, or 2 when a database cannot be read. */
export async function statusCommand(env: CommandEnv): Promise<number> {
  const ctx = await env.openReadOnly();
  try {
    print(env, await readStatuses(ctx));
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

/** `check [--drift]`: the same report; 0 all at head, 1 something to do (or drift), 2 a refusing state. */
export async function checkCommand(env: CommandEnv, drift = false): Promise<number> {
  if (!drift) return checkStatusOnly(env);
  const ctx = await env.open({ mode: 'read' });
  try {
    const statuses = await readStatuses(ctx);
    const exit = checkExitStatus(statuses);
    const drifts = await Promise.all(ctx.databases.map((db) => ctx.engine.drift(db)));
    if (env.json) {
      const doc = JSON.parse(statusJson(statuses)) as { databases: Record<string, unknown>[] };
      doc.databases.forEach((d, i) => (d.drift = drifts[i]));
      env.out(JSON.stringify(doc));
    } else {
      print(env, statuses);
      for (const [i, db] of ctx.databases.entries()) {
        env.out(cliMessages.drift(db.name, drifts[i]));
      }
    }
    return Math.max(exit, drifts.some((d) => d.length > 0) ? 1 : 0);
  } finally {
    await ctx.close();
  }
}

async function checkStatusOnly(env: CommandEnv): Promise<number> {
  const ctx = await env.openReadOnly();
  try {
    const statuses = await readStatuses(ctx);
    print(env, statuses);
    return checkExitStatus(statuses);
  } finally {
    await ctx.close();
  }
}

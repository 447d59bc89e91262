import type { RevisionSetCode } from '../../version-guard/engine/revision-catalog.js';
import { cliMessages } from '../../version-guard/core/messages/index.js';
import { EXIT, UsageError } from '../cli.errors.js';
import { codeOfChosen, type CommandEnv } from '../command-env.js';
import { changeDatabase } from '../../version-guard/engine/change-operation.js';
import { changePrinter } from './change-printer.js';
import type { StampTarget } from '../../version-guard/core/change-plan.js';

function resolveStamp(env: CommandEnv, code: RevisionSetCode, target: StampTarget): string | null {
  switch (target.kind) {
    case 'base':
      return null;
    case 'head': {
      const heads = code.graph.heads();
      if (heads.length !== 1) throw new UsageError(cliMessages.stampHeadHeads(code.name, heads));
      return heads[0];
    }
    case 'release': {
      const baseline = env.baselines.releasesOf(code.set)[target.release];
      if (!baseline) {
        throw new UsageError(cliMessages.stampNoBaseline(target.release, code.name, Object.keys(env.baselines.releasesOf(code.set))));
      }
      return code.graph.resolve(baseline.revision);
    }
    case 'revision':
      return code.graph.resolve(target.ref);
  }
}

/** `stamp <rev|head|base|v0.1.2>`: sets the recorded revision of each chosen database, running nothing. */
export async function stampCommand(env: CommandEnv, target: StampTarget): Promise<number> {
  const sets = await codeOfChosen(env);
  const revisions = sets.map((code) => resolveStamp(env, code, target));
  const ctx = await env.open({ entities: false });
  try {
    for (const [i, db] of ctx.databases.entries()) {
      await changeDatabase(ctx.engine, db, { kind: 'stamp', revision: revisions[i] }, changePrinter(env, db));
    }
    return EXIT.ok;
  } finally {
    await ctx.close();
  }
}

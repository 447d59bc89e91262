import { chooseSets, validateMessage } from '../../authoring/authoring-input.js';
import type { RevisionAuthor, SetOutcome } from '../../authoring/revision-author.js';
import { relative } from 'node:path';
import { EXIT, UsageError } from '../cli.errors.js';
import { cliMessages } from '../../version-guard/core/messages/index.js';
import { migrationSetName } from '../../version-guard/core/revision.js';
import type { CommandEnv } from '../command-env.js';

function print(env: CommandEnv, outcomes: readonly SetOutcome[]): void {
  if (env.json) {
    env.out(JSON.stringify({ sets: outcomes }));
    return;
  }
  for (const o of outcomes) {
    env.out(o.file ? cliMessages.authored(o.set, relative(process.cwd(), o.file), o.note) : cliMessages.notAuthored(o.set, o.note));
  }
}

// loaded once the arguments passed: MikroORM's schema diff and the TypeScript printer take about
// 0.25 s to load, which a refused message or an unknown set need not wait for
async function author(env: CommandEnv): Promise<RevisionAuthor> {
  const { RevisionAuthor, sourceMigrationsDir } = await import('../../authoring/revision-author.js');
  return new RevisionAuthor(env.catalog, sourceMigrationsDir(), env.config.protectedTables);
}

/** `revision -m "feat: ..." [--autogenerate|--manual] [-d set ...]`. */
export async function revisionCommand(
  env: CommandEnv,
  options: { message?: string; autogenerate: boolean; manual: boolean; sets: string[] },
): Promise<number> {
  if (options.autogenerate && options.manual) throw new UsageError(cliMessages.autogenerateOrManual());
  const message = validateMessage(options.message);
  const sets = chooseSets(options.sets);
  const outcomes = await (await author(env)).revision(message, sets, options.manual);
  print(env, outcomes);
  if (!env.json && outcomes.some((o) => o.file)) env.err(cliMessages.reviewNewRevisions());
  return EXIT.ok;
}

/** `merge -m "..." [-d set ...]`. */
export async function mergeCommand(env: CommandEnv, options: { message?: string; sets: string[] }): Promise<number> {
  const message = validateMessage(options.message);
  const sets = chooseSets(options.sets);
  print(env, await (await author(env)).merge(message, sets));
  return EXIT.ok;
}

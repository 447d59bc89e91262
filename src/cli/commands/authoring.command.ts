import { chooseSets, RevisionAuthor, sourceMigrationsDir, validateMessage, type SetOutcome } from '../../authoring/revision-author.js';
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

function author(env: CommandEnv): RevisionAuthor {
  return new RevisionAuthor(env.catalog, sourceMigrationsDir(), env.config.protectedTables);
}

/** `revision -m "feat: ..." [--autogenerate|--manual] [-d set ...]`. */
export async function revisionCommand(
  env: CommandEnv,
  options: { message?: string; autogenerate: boolean; manual: boolean; sets: string[] },
): Promise<number> {
  if (options.autogenerate && options.manual) throw new UsageError(cliMessages.autogenerateOrManual());
  const message = validateMessage(options.message);
  const outcomes = await author(env).revision(message, chooseSets(options.sets), options.manual);
  print(env, outcomes);
  if (!env.json && outcomes.some((o) => o.file)) env.err(cliMessages.reviewNewRevisions());
  return EXIT.ok;
}

/** `merge -m "..." [-d set ...]`. */
export async function mergeCommand(env: CommandEnv, options: { message?: string; sets: string[] }): Promise<number> {
  const message = validateMessage(options.message);
  print(env, await author(env).merge(message, chooseSets(options.sets)));
  return EXIT.ok;
}

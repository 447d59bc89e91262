import { Command, CommanderError, Option } from 'commander';
import type { AppConfig } from '../config/app-config.js';
import { loadLegacyBaselines } from '../version-guard/engine/legacy-baselines.adapter.js';
import { GuardError } from '../version-guard/core/errors.js';
import { renderGuardError } from '../version-guard/core/render-error.js';
import { DATABASE_NAMES, type DatabaseName } from '../version-guard/core/revision.js';
import { RevisionCatalog } from '../version-guard/engine/revision-catalog.js';
import { EXIT, UnreadableDatabaseError, UsageError } from './cli.errors.js';
import { openCliContext, openReadOnlyContext } from './cli-context.js';
import { DatabaseOpenError } from '../version-guard/engine/engine-factory.js';
import { unreachableError } from '../version-guard/engine/database-fault.js';
import { DatabaseUnreachableError } from '../version-guard/core/startup.errors.js';
import type { CommandEnv } from './command-env.js';
import { safeLine } from '../version-guard/core/quote-input.js';
import { cliMessages } from '../version-guard/core/messages/index.js';
import { AuthoringInputError } from '../authoring/authoring.errors.js';


// Each command's module is loaded when it runs: a status check must not pay for authoring or upgrades.
const commands = {
  status: () => import('./commands/status.command.js'),
  detect: () => import('./commands/detect.command.js'),
  graph: () => import('./commands/graph.command.js'),
  upgrade: () => import('./commands/upgrade.command.js'),
  downgrade: () => import('./commands/downgrade.command.js'),
  stamp: () => import('./commands/stamp.command.js'),
  authoring: () => import('./commands/authoring.command.js'),
  repair: () => import('./commands/repair.command.js'),
};
import { parseDowngradeTarget, parseStampTarget, parseUpgradeTarget } from './targets.js';

/** Where the `db` program reads its settings and writes its output (the process, or a test). */
export interface CliIo {
  /** The validated configuration; throws `InvalidConfigError`. */
  config(): AppConfig;
  out(text: string): void;
  err(text: string): void;
}

interface GlobalOptions {
  db: string;
  json: boolean;
}

function chosenDatabases(value: string): DatabaseName[] {
  if (value === 'all') return [...DATABASE_NAMES];
  if ((DATABASE_NAMES as readonly string[]).includes(value)) return [value as DatabaseName];
  throw new UsageError(cliMessages.notADatabase(value));
}

async function environment(options: GlobalOptions, io: CliIo): Promise<CommandEnv> {
  const chosen = chosenDatabases(options.db);
  const config = io.config();
  return {
    config,
    catalog: new RevisionCatalog(config.migrationsDir),
    baselines: await loadLegacyBaselines(),
    chosen,
    json: options.json,
    out: io.out,
    err: io.err,
    open: (openOptions) => explainOpenFailure(config, chosen, openCliContext(config, chosen, openOptions)),
    openReadOnly: () => explainOpenFailure(config, chosen, openReadOnlyContext(config, chosen)),
  };
}

// The same message the app gives for a database it cannot open.
function explainOpenFailure<C>(config: AppConfig, chosen: readonly DatabaseName[], opening: Promise<C>): Promise<C> {
  return opening.catch((error: unknown) => {
    if (error instanceof GuardError) throw error;
    const database = error instanceof DatabaseOpenError ? error.database : chosen[0];
    throw unreachableError(config, database, error instanceof DatabaseOpenError ? error.cause : error);
  });
}

/** Builds the `db` program; `run` receives each command's handler. */
function program(run: (handler: (env: CommandEnv) => Promise<number>) => Promise<void>): Command {
  const cli = new Command('db')
    .description('Inspect and change the version of the agent and ops databases')
    .addOption(new Option('-n, --db <name>', 'database: agent, ops or all').default('all'))
    .option('--json', 'print JSON', false)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  cli.command('status').alias('current').description('state, current and pending revisions').action(() => run(async (env) => (await commands.status()).statusCommand(env)));
  cli
    .command('check')
    .description('like status; exit 1 when something is to do, 2 when refusing')
    .option('--drift', 'also compare the live schema with the entities at head', false)
    .action((options: { drift: boolean }) => run(async (env) => (await commands.status()).checkCommand(env, options.drift)));
  cli.command('heads').description("the code's migration heads").action(() => run(async (env) => (await commands.graph()).headsCommand(env)));
  cli
    .command('history')
    .description("the code's migration history, newest first")
    .option('--verbose', 'also files and checksums', false)
    .action((options: { verbose: boolean }) => run(async (env) => (await commands.graph()).historyCommand(env, options.verbose)));
  cli
    .command('upgrade')
    .description('apply revisions: head (default), a revision id, or +N')
    .argument('[target]')
    .option('--sql', 'print the SQL that would run instead of running it', false)
    .action((target: string | undefined, options: { sql: boolean }) => {
      const parsed = parseUpgradeTarget(target);
      return run(async (env) => (await commands.upgrade()).upgradeCommand(env, parsed, options.sql));
    });
  cli
    .command('downgrade')
    .description('revert revisions: -N, a revision id, or base')
    .argument('[target]')
    .action((target?: string) => {
      const parsed = parseDowngradeTarget(target);
      return run(async (env) => (await commands.downgrade()).downgradeCommand(env, parsed));
    });
  cli
    .command('stamp')
    .description('record a revision without running migrations: a revision id, head, base, or v0.1.2')
    .argument('[target]')
    .action((target?: string) => {
      const parsed = parseStampTarget(target);
      return run(async (env) => (await commands.stamp()).stampCommand(env, parsed));
    });
  cli.command('detect').description('legacy detection report; writes nothing').action(() => run(async (env) => (await commands.detect()).detectCommand(env)));
  const collect = (value: string, previous: string[]) => [...previous, value];
  cli
    .command('revision')
    .description('new revision in every migration set (or those named with -d), from entity changes')
    .option('-m, --message <message>', 'starts with "feat:" or "fix:"')
    .option('--autogenerate', 'diff the entities with each set\'s head schema (default)', false)
    .option('--manual', 'write an empty revision to fill in', false)
    .option('-d, --database <set>', 'sqlite_agent, sqlite_ops, mysql_agent, mysql_ops, postgresql_agent or postgresql_ops (repeatable)', collect, [])
    .action((o: { message?: string; autogenerate: boolean; manual: boolean; database: string[] }) =>
      run(async (env) => (await commands.authoring()).revisionCommand(env, { ...o, sets: o.database })),
    );
  cli
    .command('merge')
    .description('merge revision for every migration set that has several heads')
    .option('-m, --message <message>', 'starts with "feat:" or "fix:"')
    .option('-d, --database <set>', 'limit to these sets (repeatable)', collect, [])
    .action((o: { message?: string; database: string[] }) => run(async (env) => (await commands.authoring()).mergeCommand(env, { ...o, sets: o.database })));
  cli.command('repair').description('accept the current code of applied revisions').action(() => run(async (env) => (await commands.repair()).repairCommand(env)));
  return cli;
}

/** The exit status of SPEC §6 for an error that ended a command. */
export function exitStatusOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  // a database that cannot be reached: status 2 (SPEC §6), like the bad arguments that usually cause it
  if (isUsage(error) || error instanceof DatabaseUnreachableError || error instanceof UnreadableDatabaseError) return EXIT.usage;
  return EXIT.failure;
}

// Bad arguments: one line, exit 2.
function isUsage(error: unknown): boolean {
  if (error instanceof UsageError || error instanceof AuthoringInputError) return true;
  return error instanceof GuardError && ['unknown_revision', 'ambiguous_revision'].includes(error.code);
}

/** What the operator reads on stderr for an error: one line for bad input, else one block; never a stack trace. */
export function renderCliError(error: unknown): string {
  if (error instanceof CommanderError) return error.exitCode === 0 ? '' : cliMessages.usageLine(safeLine(error.message.replace(/^error: /, '')));
  if (error instanceof UsageError) return cliMessages.usageLine(safeLine(error.message));
  if (isUsage(error)) return cliMessages.usageLine(safeLine(`${(error as GuardError).message}; ${(error as GuardError).help}`));
  if (error instanceof GuardError) return renderGuardError(error);
  return cliMessages.unexpected((error instanceof Error ? error.message : String(error)).split('\n')[0]);
}

/** Runs the `db` program on `argv`; returns the exit status. */
export async function runDb(argv: readonly string[], io: CliIo): Promise<number> {
  let status: number = EXIT.ok;
  const cli = program(async (handler) => {
    status = await handler(await environment(cli.opts<GlobalOptions>(), io));
  });
  try {
    await cli.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    const text = renderCliError(error);
    if (text) io.err(text);
    return exitStatusOf(error);
  }
}

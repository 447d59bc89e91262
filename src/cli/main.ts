import 'reflect-metadata';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import { loadLegacyBaselines } from '../database/legacy-baselines.adapter.js';
import { GuardError } from '../version-guard/errors.js';
import { renderGuardError } from '../version-guard/render-error.js';
import { DATABASE_NAMES, type DatabaseName } from '../version-guard/revision.js';
import { RevisionCatalog } from '../version-guard/revision-catalog.js';
import { ConnectionError, EXIT, UsageError } from './cli.errors.js';
import type { ReadableDatabase } from '../version-guard/version.repository.js';
import { openCliContext, openReadOnlyContext, type CliContext } from './cli-context.js';
import { DatabaseOpenError } from '../version-guard/engine-factory.js';
import type { CommandEnv } from './command-env.js';
import { parseDowngradeTarget, parseStampTarget, parseUpgradeTarget } from './targets.js';

interface GlobalOptions {
  db: string;
  json: boolean;
}

function chosenDatabases(value: string): DatabaseName[] {
  if (value === 'all') return [...DATABASE_NAMES];
  if ((DATABASE_NAMES as readonly string[]).includes(value)) return [value as DatabaseName];
  throw new UsageError(`--db "${value}" is not a database; use agent, ops or all`);
}

async function environment(options: GlobalOptions): Promise<CommandEnv> {
  const chosen = chosenDatabases(options.db);
  const config = loadConfig();
  return {
    config,
    catalog: new RevisionCatalog(config.migrationsDir),
    baselines: await loadLegacyBaselines(),
    chosen,
    json: options.json,
    out: (text) => process.stdout.write(text + '\n'),
    err: (text) => process.stderr.write(text + '\n'),
    open: (openOptions) => withConnectionErrors(openCliContext(config, chosen, openOptions), chosen),
    openReadOnly: () => withConnectionErrors(openReadOnlyContext(config, chosen), chosen),
  };
}

function withConnectionErrors<C extends CliContext<ReadableDatabase>>(opening: Promise<C>, chosen: readonly DatabaseName[]): Promise<C> {
  return opening.catch((error: unknown) => {
    if (error instanceof GuardError) throw error;
    const database = error instanceof DatabaseOpenError ? error.database : chosen.join(' and ');
    throw new ConnectionError(database, error instanceof Error ? error.message : String(error));
  });
}

// Each command's module is loaded when it runs: a status check must not pay for authoring or upgrades.
const commands = {
  status: () => import('./commands/status.command.js'),
  detect: () => import('./commands/detect.command.js'),
  graph: () => import('./commands/graph.command.js'),
  upgrade: () => import('./commands/upgrade.command.js'),
  downgrade: () => import('./commands/downgrade.command.js'),
  stamp: () => import('./commands/stamp.command.js'),
  authoring: () => import('./commands/authoring.command.js'),
};

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
    .option('-d, --database <set>', 'sqlite_agent, sqlite_ops, mysql_agent or mysql_ops (repeatable)', collect, [])
    .action((o: { message?: string; autogenerate: boolean; manual: boolean; database: string[] }) =>
      run(async (env) => (await commands.authoring()).revisionCommand(env, { ...o, sets: o.database })),
    );
  cli
    .command('merge')
    .description('merge revision for every migration set that has several heads')
    .option('-m, --message <message>', 'starts with "feat:" or "fix:"')
    .option('-d, --database <set>', 'limit to these sets (repeatable)', collect, [])
    .action((o: { message?: string; database: string[] }) => run(async (env) => (await commands.authoring()).mergeCommand(env, { ...o, sets: o.database })));
  cli.command('repair').description('accept the current code of applied revisions').action(() => run(async (env) => (await commands.authoring()).repairCommand(env)));
  return cli;
}

function exitStatusOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof ConnectionError) return EXIT.usage;
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof GuardError && error.code === 'invalid_config') return EXIT.failure;
  if (error instanceof GuardError && ['unknown_revision', 'ambiguous_revision'].includes(error.code)) return EXIT.usage;
  return EXIT.failure;
}

function report(error: unknown): void {
  if (error instanceof CommanderError) {
    if (error.exitCode !== 0) process.stderr.write(`db: ${error.message.replace(/^error: /, '')}\n`);
    return;
  }
  if (error instanceof UsageError) process.stderr.write(`db: ${error.message}\n`);
  else if (exitStatusOf(error) === EXIT.usage && error instanceof GuardError) {
    process.stderr.write(`db: ${error.message}; ${error.help}\n`);
  }
  else if (error instanceof GuardError) process.stderr.write(renderGuardError(error) + '\n');
  else process.stderr.write(`❌ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
}

async function main(argv: string[]): Promise<number> {
  let status: number = EXIT.ok;
  const cli = program(async (handler) => {
    status = await handler(await environment(cli.opts<GlobalOptions>()));
  });
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return status;
  } catch (error) {
    report(error);
    return exitStatusOf(error);
  }
}

process.exitCode = await main(process.argv.slice(2));

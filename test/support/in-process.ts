import type { LoggerService } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { startApp } from '../../src/app-start.js';
import { runDb } from '../../src/cli/program.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { parseConfig } from '../../src/config/config.schema.js';
import { InvalidConfigError } from '../../src/config/load-config.js';
import { AppLogger, type LogWriter } from '../../src/logging/app-logger.js';
import { BUILT_MIGRATIONS } from './paths.js';
import { freePort, type AppRun, type ProcessResult } from './processes.js';

/**
 * The app and the CLI run inside the test's process, as `app-process.ts` and `cli/cli-process.ts`
 * run them in their own: the same start function and CLI program, the real engine and databases,
 * the built migration sets. What a process would print is captured per run, so runs may overlap.
 */

interface Capture {
  stdout: string;
  stderr: string;
  /** The run's own logger (its configured format, writing to this capture). */
  logger?: LoggerService;
}

const captures = new AsyncLocalStorage<Capture>();
const toCapture: LogWriter = (stream, text) => {
  const capture = captures.getStore();
  if (capture) capture[stream] += text;
};

/**
 * Nest keeps one logger per process (the last app created sets it), so every in-process start is
 * given this one, which hands each line to the logger of the run whose async context it comes from.
 */
const routing: LoggerService = Object.fromEntries(
  (['log', 'error', 'warn', 'debug', 'verbose', 'fatal'] as const).map((level) => [
    level,
    (message: unknown, ...rest: unknown[]) => captures.getStore()?.logger?.[level]?.(message, ...rest),
  ]),
) as unknown as LoggerService;

/**
 * The configuration a process started in `cwd` with exactly `env` would read: its `.env` file
 * (the environment wins), SQLite paths relative to `cwd`, the built migration sets by default.
 */
function configIn(cwd: string, env: Record<string, string>): AppConfig {
  const envFile = join(cwd, '.env');
  const fromFile = existsSync(envFile) ? (parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>) : {};
  const merged: Record<string, string> = { ...fromFile, ...env };
  // on a server dialect too: there they are read to warn that SQLite files hold data
  merged.AGENT_DB_PATH = resolve(cwd, merged.AGENT_DB_PATH || './data/agent.db');
  merged.OPS_DB_PATH = resolve(cwd, merged.OPS_DB_PATH || './data/ops.db');
  if (merged.DB_MIGRATIONS_DIR) merged.DB_MIGRATIONS_DIR = resolve(cwd, merged.DB_MIGRATIONS_DIR);
  const result = parseConfig(merged, BUILT_MIGRATIONS);
  if (!result.ok) throw new InvalidConfigError(result.issues);
  return result.config;
}

/**
 * Starts the app in-process with `args`, like `runApp` starts `node dist/main.js`: resolves when
 * the start is over (refused, failed, or `--migrate-only` done: `exitCode` is its exit status), or
 * once it serves: then `whileRunning` runs and the app is closed as SIGTERM would close it.
 */
export async function runApp(options: {
  cwd: string;
  env: Record<string, string>;
  args?: string[];
  /** Runs while the app serves; `printed()` is its stdout and stderr so far. */
  whileRunning?: (port: number, printed: () => string) => Promise<void>;
}): Promise<AppRun> {
  const port = await freePort();
  const capture: Capture = { stdout: '', stderr: '' };
  return captures.run(capture, async () => {
    const outcome = await startApp(options.args ?? [], {
      config: () => configIn(options.cwd, { PORT: String(port), ...options.env }),
      write: toCapture,
      logger: (format) => {
        capture.logger = new AppLogger(format, toCapture);
        return routing;
      },
      shutdownHooks: false,
    });
    if ('exitCode' in outcome) return { ...capture, exitCode: outcome.exitCode, started: false, port };
    try {
      await options.whileRunning?.(port, () => `${capture.stdout}${capture.stderr}`);
    } finally {
      await outcome.app.close();
    }
    // stopped while serving, as SIGTERM stops a process: it did not exit by itself
    return { ...capture, exitCode: null, started: true, port };
  });
}

/** Runs a CLI command in-process, like `runCli` runs `node dist/src/cli/main.js args`. */
export async function runCli(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<ProcessResult> {
  const capture: Capture = { stdout: '', stderr: '' };
  const exitCode = await runDb(args, {
    config: () => configIn(options.cwd, options.env),
    out: (text) => (capture.stdout += text + '\n'),
    err: (text) => (capture.stderr += text + '\n'),
  });
  return { ...capture, exitCode, started: false };
}

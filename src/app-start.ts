import { Logger, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import type { AppConfig, LogFormat } from './config/app-config.js';
import { AppLogger, toProcess, type LogWriter } from './logging/app-logger.js';
import { parseStartOptions } from './start-options.js';
import { PortInUseError, startupFailureText } from './startup-failure.js';
import { BootProgress } from './version-guard/nest/boot-progress.js';
import { messages } from './version-guard/core/messages/index.js';

/** What a start needs from its surroundings: a process (`main.ts`) or a caller that runs it in-process. */
export interface StartIo {
  /** The configuration of this start, validated (throws `InvalidConfigError`). */
  readonly config: () => AppConfig;
  /** Where the explanation of a failed start goes (default: the process's stderr). */
  readonly write?: LogWriter;
  /** The app's logger for the configured format (default: `AppLogger` writing through `write`). */
  readonly logger?: (format: LogFormat) => LoggerService;
  /** Close the app on SIGTERM and SIGINT: true for a process, false when the caller closes it. */
  readonly shutdownHooks: boolean;
}

/** How a start ended: serving on `port`, or over with an exit status (its explanation already written). */
export type StartOutcome = { readonly app: INestApplication; readonly port: number } | { readonly exitCode: number };

/**
 * One start of the application with its command line `argv`: the version guard under the start's
 * policy, then the HTTP port (opened for the probes only while deferred upgrades run). A refusal
 * opens no port; a failed upgrade closes it. Never throws: failures are written and become exit 1.
 */
export async function startApp(argv: readonly string[], io: StartIo): Promise<StartOutcome> {
  const start = parseStartOptions(argv);
  const write = io.write ?? toProcess;
  let logFormat: LogFormat = 'text';
  try {
    const config = io.config();
    logFormat = config.logFormat;
    const policy = start.migrate ? 'auto' : config.upgradePolicy;
    // a start that refuses throws here, before any port opens
    const app = await NestFactory.create(AppModule.forRoot(config, policy, !start.migrateOnly), {
      logger: io.logger?.(config.logFormat) ?? new AppLogger(config.logFormat, write),
      abortOnError: false,
    });
    const logger = new Logger('Bootstrap');
    if (start.migrateOnly) {
      await app.close();
      logger.log(messages.migrateOnlyDone());
      return { exitCode: 0 };
    }
    if (io.shutdownHooks) app.enableShutdownHooks();
    const boot = app.get(BootProgress);
    app.use(probesOnlyUntilPassed(boot));
    await listen(app, config.port);
    if (boot.hasPendingWork) {
      // long upgrades: answer the orchestrator's probes meanwhile, so it does not kill the process
      logger.log(messages.probesOnly(config.port));
      await boot.runPending().catch(async (error: unknown) => {
        await app.close();
        throw error;
      });
    }
    logger.log(messages.listening(config.port));
    return { app, port: config.port };
  } catch (error) {
    write('stderr', startupFailureText(error, logFormat));
    return { exitCode: 1 };
  }
}

async function listen(app: INestApplication, port: number): Promise<void> {
  await app.listen(port).catch(async (error: unknown) => {
    await app.close();
    throw (error as { code?: string }).code === 'EADDRINUSE' ? new PortInUseError(port) : error;
  });
}

// Until the guard has passed, only the health probes are answered; every other request waits.
function probesOnlyUntilPassed(boot: BootProgress) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.path === '/health' || req.path.startsWith('/health/')) return next();
    void boot.passed.then(() => next());
  };
}

import 'reflect-metadata';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/load-config.js';
import type { LogFormat } from './config/app-config.js';
import { AppLogger } from './logging/app-logger.js';
import { parseStartOptions } from './start-options.js';
import { PortInUseError, reportStartupFailure } from './startup-failure.js';
import { BootProgress } from './version-guard/boot-progress.js';
import { messages } from './version-guard/messages.js';

const start = parseStartOptions(process.argv.slice(2));

let logFormat: LogFormat = 'text';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  logFormat = config.logFormat;
  const policy = start.migrate ? 'auto' : config.upgradePolicy;
  // a start that refuses throws here, before any port opens
  const app = await NestFactory.create(AppModule.forRoot(config, policy, !start.migrateOnly), {
    logger: new AppLogger(config.logFormat),
    abortOnError: false,
  });
  const logger = new Logger('Bootstrap');
  if (start.migrateOnly) {
    await app.close();
    logger.log(messages.migrateOnlyDone());
    return;
  }
  app.enableShutdownHooks();
  const boot = app.get(BootProgress);
  app.use(probesOnlyUntilPassed(boot));
  if (boot.hasPendingWork) {
    // long upgrades: answer the orchestrator's probes meanwhile, so it does not kill the process
    await listen(app, config.port);
    logger.log(messages.probesOnly(config.port));
    try {
      await boot.runPending();
    } catch (error) {
      await app.close();
      throw error;
    }
  } else {
    await listen(app, config.port);
  }
  logger.log(`listening on port ${config.port}`);
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

bootstrap()
  .then(() => {
    if (start.migrateOnly) process.exit(0);
  })
  .catch((error: unknown) => {
    // exit explicitly: connection pools opened before the refusal would keep the process alive
    reportStartupFailure(error, logFormat, () => process.exit(1));
  });

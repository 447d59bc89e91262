import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/load-config.js';
import type { LogFormat } from './config/app-config.js';
import { AppLogger } from './logging/app-logger.js';
import { PortInUseError, reportStartupFailure } from './startup-failure.js';

/** `--migrate` makes this one start apply pending migrations (policy `auto`). */
const migrate = process.argv.slice(2).includes('--migrate');

let logFormat: LogFormat = 'text';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  logFormat = config.logFormat;
  const policy = migrate ? 'auto' : config.upgradePolicy;
  const app = await NestFactory.create(AppModule.forRoot(config, policy), {
    logger: new AppLogger(config.logFormat),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.listen(config.port).catch(async (error: unknown) => {
    await app.close();
    throw (error as { code?: string }).code === 'EADDRINUSE' ? new PortInUseError(config.port) : error;
  });
  new Logger('Bootstrap').log(`listening on port ${config.port}`);
}

bootstrap().catch((error: unknown) => {
  // exit explicitly: connection pools opened before the refusal would keep the process alive
  reportStartupFailure(error, logFormat, () => process.exit(1));
});

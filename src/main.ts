import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/load-config.js';
import { AppLogger } from './logging/app-logger.js';
import { reportStartupFailure } from './startup-failure.js';

/** `--migrate` makes this one start apply pending migrations (policy `auto`). */
const migrate = process.argv.slice(2).includes('--migrate');

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const policy = migrate ? 'auto' : config.upgradePolicy;
  const app = await NestFactory.create(AppModule.forRoot(config, policy), {
    logger: new AppLogger(),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.listen(config.port);
}

bootstrap().catch((error: unknown) => {
  // exit explicitly: connection pools opened before the refusal would keep the process alive
  reportStartupFailure(error, () => process.exit(1));
});

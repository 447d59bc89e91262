import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { AppLogger } from '../logging/app-logger.js';
import type { DatabaseName } from '../version-guard/revision.js';
import { VersionEngine } from '../version-guard/version-engine.js';
import { MANAGED_DATABASES, VersionGuardModule } from '../version-guard/version-guard.module.js';
import type { ManagedDatabase } from '../version-guard/version.repository.js';

/** The CLI's Nest context: the same engine and connections the app uses, without the boot check. */
@Module({})
class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [VersionGuardModule.forRoot({ config, policy: config.upgradePolicy, verifyAtBoot: false })],
    };
  }
}

/** What a database command works with. */
export interface CliContext {
  readonly engine: VersionEngine;
  /** The databases chosen with `--db`, agent first. */
  readonly databases: readonly ManagedDatabase[];
  close(): Promise<void>;
}

/** Starts the engine for the chosen databases. */
export async function openCliContext(config: AppConfig, chosen: readonly DatabaseName[]): Promise<CliContext> {
  const logger = new AppLogger();
  logger.setLogLevels(['error', 'warn']);
  const app: INestApplicationContext = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger,
    abortOnError: false,
  });
  const all = app.get<ManagedDatabase[]>(MANAGED_DATABASES);
  return {
    engine: app.get(VersionEngine),
    databases: all.filter((db) => chosen.includes(db.name)),
    close: () => app.close(),
  };
}

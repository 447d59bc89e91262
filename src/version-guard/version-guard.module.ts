import { type DynamicModule, Module } from '@nestjs/common';
import { getMikroORMToken } from '@mikro-orm/nestjs';
import type { MikroORM } from '@mikro-orm/core';
import type { AppConfig, UpgradePolicy } from '../config/app-config.js';
import { DatabaseModule } from '../database/database.module.js';
import { DATABASE_NAMES } from './revision.js';
import { createVersionEngine } from './engine-factory.js';
import { VersionEngine } from './version-engine.js';
import { VersionGuardService } from './version-guard.service.js';
import { BootProgress } from './boot-progress.js';
import type { ManagedDatabase } from './version.repository.js';

/** The databases the guard manages, agent first. */
export const MANAGED_DATABASES = Symbol('MANAGED_DATABASES');
/** Resolves once the boot check has passed; whatever needs a database at head depends on it. */
export const DATABASES_VERIFIED = Symbol('DATABASES_VERIFIED');

/** Options of `VersionGuardModule.forRoot`. */
export interface VersionGuardOptions {
  readonly config: AppConfig;
  /** Policy of this start (`--migrate` already folded in). */
  readonly policy: UpgradePolicy;
  /** False for tools (the CLI) that use the engine without the boot check. */
  readonly verifyAtBoot: boolean;
  /**
   * Leave the upgrades of the boot check to `BootProgress.runPending`, so that the app can open its
   * port for the health probes while they run. Refusals still happen here, before any port opens.
   */
  readonly deferUpgrades?: boolean;
}

/**
 * The boot-time version guard. Its check runs while Nest instantiates providers, so it completes
 * before any lifecycle hook, controller or request can reach a database.
 */
@Module({})
export class VersionGuardModule {
  static forRoot(options: VersionGuardOptions): DynamicModule {
    const { config, policy } = options;
    return {
      module: VersionGuardModule,
      global: true,
      // under policy `off` nothing is checked, so nothing may be created either
      imports: [DatabaseModule.forRoot(config, policy === 'off' ? 'read' : 'write')],
      providers: [
        {
          provide: VersionEngine,
          useFactory: () => createVersionEngine(config),
        },
        {
          provide: MANAGED_DATABASES,
          useFactory: (...orms: MikroORM[]): ManagedDatabase[] =>
            DATABASE_NAMES.map((name, i) => ({ name, dialect: config.dbType, orm: orms[i] })),
          inject: DATABASE_NAMES.map((name) => getMikroORMToken(name)),
        },
        { provide: BootProgress, useValue: new BootProgress() },
        {
          provide: VersionGuardService,
          useFactory: (engine: VersionEngine, databases: ManagedDatabase[], progress: BootProgress) =>
            new VersionGuardService(config, engine, databases, progress),
          inject: [VersionEngine, MANAGED_DATABASES, BootProgress],
        },
        {
          provide: DATABASES_VERIFIED,
          useFactory: async (guard: VersionGuardService, progress: BootProgress) => {
            if (!options.verifyAtBoot) return null;
            const plan = await guard.planAtBoot(policy);
            const finish = async () => {
              const statuses = await plan.complete();
              // drift is only reported, never refused: it must not delay the start
              setImmediate(() => void guard.reportDrift(statuses).catch(() => undefined));
              return statuses;
            };
            if (plan.upgrades && options.deferUpgrades) {
              progress.defer(finish);
              return null;
            }
            const statuses = await finish();
            progress.markPassed();
            return statuses;
          },
          inject: [VersionGuardService, BootProgress],
        },
      ],
      exports: [VersionEngine, VersionGuardService, MANAGED_DATABASES, DATABASES_VERIFIED, BootProgress],
    };
  }
}

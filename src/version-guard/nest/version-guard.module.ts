import { type BeforeApplicationShutdown, type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import type { DatabaseStatus } from '../core/database-status.js';
import { getMikroORMToken } from '@mikro-orm/nestjs';
import type { MikroORM } from '@mikro-orm/core';
import type { AppConfig } from '../../config/app-config.js';
import type { UpgradePolicy } from '../core/operation-rules.js';
import { DatabaseModule } from './database.module.js';
import { DATABASE_NAMES } from '../core/revision.js';
import { createVersionEngine } from '../engine/engine-factory.js';
import { VersionEngine } from '../engine/version-engine.js';
import { VersionGuardService } from './version-guard.service.js';
import { BootProgress } from './boot-progress.js';
import type { ManagedDatabase } from '../core/database-handle.js';

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

/** `work`, closing the connections when it fails: a refused start has no shutdown that would. */
async function closingOnFailure<T>(databases: readonly ManagedDatabase[], work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    await Promise.allSettled(databases.map((db) => db.orm.close()));
    throw error;
  }
}

/**
 * Reports schema drift (a warning, never a refusal) once the port is open, after
 * `DRIFT_REPORT_DELAY_MS`: the introspection it needs must not run while the app is still
 * starting. A shutdown cancels a report not yet begun, and waits for the database under way
 * before the connections close.
 */
@Injectable()
class DriftReporter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly guard: VersionGuardService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(DATABASES_VERIFIED) private readonly verified: DatabaseStatus[] | null,
  ) {}

  onApplicationBootstrap(): void {
    // null: the check did not run at boot, or its upgrades were deferred (they report when done)
    if (!this.verified) return;
    const report = () => this.guard.scheduleDriftReport(this.verified!);
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server && !server.listening) server.once('listening', report);
    else setImmediate(report);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.guard.stopDriftReports();
  }
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
          useFactory: async (guard: VersionGuardService, progress: BootProgress, databases: ManagedDatabase[]) => {
            if (!options.verifyAtBoot) return null;
            const plan = await closingOnFailure(databases, guard.planAtBoot(policy));
            if (plan.upgrades && options.deferUpgrades) {
              // the port is already open when these run: drift is reported after them
              progress.defer(async () => {
                const statuses = await plan.complete();
                guard.scheduleDriftReport(statuses);
                return statuses;
              });
              return null;
            }
            const statuses = await closingOnFailure(databases, plan.complete());
            progress.markPassed();
            return statuses;
          },
          inject: [VersionGuardService, BootProgress, MANAGED_DATABASES],
        },
        DriftReporter,
      ],
      exports: [VersionEngine, VersionGuardService, MANAGED_DATABASES, DATABASES_VERIFIED, BootProgress],
    };
  }
}

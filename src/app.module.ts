import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import type { UpgradePolicy } from './version-guard/core/operation-rules.js';
import { ConnectionsCloser } from './version-guard/nest/connections-closer.js';
import { HealthModule } from './health/health.module.js';
import { VersionGuardModule } from './version-guard/index.js';

/** The application: the version guard first, then everything that serves requests. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, policy: UpgradePolicy, deferUpgrades = false): DynamicModule {
    return {
      module: AppModule,
      imports: [VersionGuardModule.forRoot({ config, policy, verifyAtBoot: true, deferUpgrades }), HealthModule],
      providers: [ConnectionsCloser],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { CONTEXT_NAMES, MikroOrmModule } from '@mikro-orm/nestjs';
import type { AppConfig } from '../../config/app-config.js';
import { DATABASE_NAMES } from '../core/revision.js';
import { ormOptionsFor, type AccessMode } from '../engine/orm-options.js';

/** Registers one MikroORM context per database (`agent`, `ops`) through `@mikro-orm/nestjs`. */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, mode: AccessMode = 'write'): DynamicModule {
    releaseContextNames();
    return {
      module: DatabaseModule,
      imports: DATABASE_NAMES.map((name) =>
        MikroOrmModule.forRootAsync({
          contextName: name,
          useFactory: async () => ({ ...(await ormOptionsFor(config, name, { mode })), registerRequestContext: false }),
        }),
      ),
    };
  }
}

/**
 * `@mikro-orm/nestjs` keeps context names in one list per process and releases them only when an
 * app shuts down, so an app whose start was refused (it never shuts down) would block every later
 * app of the process. Each app has its own container, so its names never clash with another app's:
 * the list only guards one app against defining a context twice, which `forRoot` never does.
 */
function releaseContextNames(): void {
  for (const name of DATABASE_NAMES) {
    const index = CONTEXT_NAMES.indexOf(name);
    if (index >= 0) CONTEXT_NAMES.splice(index, 1);
  }
}

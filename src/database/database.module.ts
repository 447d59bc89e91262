import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { AppConfig } from '../config/app-config.js';
import { DATABASE_NAMES } from '../version-guard/revision.js';
import { ormOptionsFor, type AccessMode } from './orm-options.js';

/** Registers one MikroORM context per database (`agent`, `ops`) through `@mikro-orm/nestjs`. */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, mode: AccessMode = 'write'): DynamicModule {
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

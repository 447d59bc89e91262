import { type DynamicModule, Module } from '@nestjs/common';
import type { Options } from '@mikro-orm/core';
import { CONTEXT_NAMES, MikroOrmModule } from '@mikro-orm/nestjs';
import type { AppConfig } from '../../config/app-config.js';
import { GuardError } from '../core/errors.js';
import { DATABASE_NAMES } from '../core/revision.js';
import { StartupRefusedError } from '../core/startup.errors.js';
import { ormOptionsFor, type AccessMode } from '../engine/orm-options.js';

/** Registers one MikroORM context per database (`agent`, `ops`) through `@mikro-orm/nestjs`. */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig, mode: AccessMode = 'write'): DynamicModule {
    releaseContextNames();
    const everyDatabase = once(() => optionsOfEvery(config, mode));
    return {
      module: DatabaseModule,
      imports: DATABASE_NAMES.map((name, i) =>
        MikroOrmModule.forRootAsync({
          contextName: name,
          useFactory: async () => ({ ...(await everyDatabase())[i], registerRequestContext: false }),
        }),
      ),
    };
  }
}

/**
 * The options of every database, opened together: the databases that cannot be opened (a server
 * that is down serves both) are refused in one report, each with its own fix, instead of the first
 * one only while the others wait for the next start to be found.
 */
async function optionsOfEvery(config: AppConfig, mode: AccessMode): Promise<Partial<Options>[]> {
  const results = await Promise.allSettled(DATABASE_NAMES.map((name) => ormOptionsFor(config, name, { mode })));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length === 0) return results.map((result) => (result as PromiseFulfilledResult<Partial<Options>>).value);
  const unexplained = failures.find((failure) => !(failure instanceof GuardError));
  throw unexplained ?? (failures.length === 1 ? failures[0] : new StartupRefusedError(failures as GuardError[]));
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
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

import type { Dialect } from '../core/revision.js';
import type { DatabaseLocation, DialectSupport } from './dialect-support.js';
import { mysqlDialect } from './mysql/mysql.dialect.js';
import { postgresqlDialect } from './postgresql/postgresql.dialect.js';
import { sqliteDialect } from './sqlite/sqlite.dialect.js';
import { messages } from '../core/messages/index.js';

/** Every supported dialect; DB_TYPE names one of them. */
const REGISTRY: { readonly [D in Dialect]: DialectSupport<Extract<DatabaseLocation, { dialect: D }>> } = {
  sqlite: sqliteDialect,
  mysql: mysqlDialect,
  postgresql: postgresqlDialect,
};

/** A dialect this build does not support: never guessed, never a fallback. */
export class UnknownDialectError extends Error {
  constructor(readonly dialect: string) {
    super(messages.unknownDialect(dialect, Object.keys(REGISTRY)));
    this.name = 'UnknownDialectError';
  }
}

/** What the guard knows about `dialect`; throws UnknownDialectError for any other name. */
export function dialectSupport<L extends DatabaseLocation>(dialect: L['dialect'] | string): DialectSupport<L> {
  const found = Object.hasOwn(REGISTRY, dialect) ? REGISTRY[dialect as Dialect] : undefined;
  if (!found) throw new UnknownDialectError(dialect);
  return found as unknown as DialectSupport<L>;
}

/** The support of a location's dialect, typed for that location. */
export function supportFor<L extends DatabaseLocation>(location: L): DialectSupport<L> {
  return dialectSupport<L>(location.dialect);
}

/** The dialect whose MikroORM driver `driver` is; throws UnknownDialectError for any other. */
export function dialectOfDriver(driver: object): Dialect {
  const name = driver.constructor.name;
  const found = Object.values(REGISTRY).find((support) => support.driverClass === name);
  if (!found) throw new UnknownDialectError(messages.unknownDriver(name));
  return found.name;
}

import type { MikroORM } from '@mikro-orm/core';
import type { DatabaseName, Dialect } from './revision.js';

/** Runs one read-only SQL query and returns its rows. */
export type QueryRunner = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** One database as the guard sees it: name, dialect and its MikroORM instance. */
export interface ManagedDatabase {
  readonly name: DatabaseName;
  readonly dialect: Dialect;
  readonly orm: MikroORM;
}

/**
 * A database opened only to be read, without MikroORM (a status or check reads a few rows; loading
 * the ORM's query stack would cost more than the whole command).
 */
export interface DatabaseReader {
  readonly name: DatabaseName;
  readonly dialect: Dialect;
  readonly query: QueryRunner;
}

/** A database the status can be read from: a managed one, or one opened only for reading. */
export type ReadableDatabase = ManagedDatabase | DatabaseReader;

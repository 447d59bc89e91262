import { dialectSupport } from '../../version-guard/dialects/registry.js';
import type { Dialect } from '../../version-guard/core/revision.js';

/**
 * A dialect-neutral description of tables, in the terms the OpenJiuWen Alembic history uses
 * (SQLAlchemy column types, nullability, server defaults, named indexes and unique constraints).
 * Revisions render it to SQL (`render-ddl.ts`); entities are built from it (`entity-from-spec.ts`).
 */

/** A column type as SQLAlchemy declares it. */
export type ColumnType =
  | { readonly kind: 'varchar'; readonly length: number }
  | { readonly kind: 'integer' | 'bigint' | 'text' | 'json' | 'boolean' | 'datetime' | 'float' }
  /** An auto-increment key: INTEGER on SQLite, BIGINT on MySQL (as the two histories declare it). */
  | { readonly kind: 'id' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number };

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** Server default as a SQL expression, e.g. `CURRENT_TIMESTAMP`, `'1'`, `''`. */
  readonly default?: string;
  /** The MySQL type where the MySQL history declares a different one (MEDIUMTEXT, LONGTEXT). */
  readonly mysqlType?: string;
  /** The column comment the MySQL history declares (MySQL only; SQLite has no column comments). */
  readonly comment?: string;
  /** An explicit MySQL collation, where the MySQL history names one (e.g. `utf8mb4_unicode_ci`). */
  readonly collation?: string;
}

export interface IndexSpec {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface ForeignKeySpec {
  readonly columns: readonly string[];
  readonly table: string;
  readonly references: readonly string[];
  readonly onDelete?: 'CASCADE';
}

export interface TableSpec {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly primaryKey: readonly string[];
  /** Whether the (single) primary key column auto-increments on MySQL. */
  readonly autoIncrement?: boolean;
  readonly uniques?: readonly IndexSpec[];
  readonly indexes?: readonly IndexSpec[];
  readonly uniqueIndexes?: readonly IndexSpec[];
  readonly foreignKeys?: readonly ForeignKeySpec[];
}

export const varchar = (length: number): ColumnType => ({ kind: 'varchar', length });
export const decimal = (precision: number, scale: number): ColumnType => ({ kind: 'decimal', precision, scale });
export const ID: ColumnType = { kind: 'id' };
export const INTEGER: ColumnType = { kind: 'integer' };
export const BIGINT: ColumnType = { kind: 'bigint' };
export const TEXT: ColumnType = { kind: 'text' };
export const JSON_: ColumnType = { kind: 'json' };
export const BOOLEAN: ColumnType = { kind: 'boolean' };
export const DATETIME: ColumnType = { kind: 'datetime' };
export const FLOAT: ColumnType = { kind: 'float' };

/** A nullable column (SQLAlchemy's default for non-key columns). */
export const col = (name: string, type: ColumnType, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type,
  nullable: true,
  ...extra,
});

/** A `NOT NULL` column. */
export const req = (name: string, type: ColumnType, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type,
  nullable: false,
  ...extra,
});

/** A named index (or unique constraint) over `columns`. */
export const idx = (name: string, ...columns: string[]): IndexSpec => ({ name, columns });

/** Server default of `CURRENT_TIMESTAMP`. */
export const NOW = { default: 'CURRENT_TIMESTAMP' } as const;

/**
 * The tables as `dialect` names them: where index names are schema-wide (the SQLite history,
 * PostgreSQL) every index name is suffixed with its table (`ix_agent_agent_id` becomes
 * `ix_agent_agent_id_agent`); unique constraints keep their names.
 */
export function forDialect(dialect: Dialect, tables: readonly TableSpec[]): TableSpec[] {
  return tables.map((table) => withIndexNames(table, (name) => indexName(dialect, table.name, name)));
}

/** The index name `base` (as the MySQL history spells it) on `dialect`. */
export function indexName(dialect: Dialect, table: string, base: string): string {
  const support = dialectSupport(dialect);
  // cut where the server would, so the names written are the names read back
  return support.indexNamesSchemaWide ? `${base}_${table}`.slice(0, support.maxIdentifierLength) : base;
}

function withIndexNames(table: TableSpec, rename: (name: string) => string): TableSpec {
  const renamed = (list?: readonly IndexSpec[]) => list?.map((i) => ({ ...i, name: rename(i.name) }));
  return { ...table, indexes: renamed(table.indexes), uniqueIndexes: renamed(table.uniqueIndexes) };
}

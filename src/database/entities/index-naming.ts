import type { EntityMetadata } from '@mikro-orm/core';
import { indexName } from '../ddl/table-spec.js';
import type { Dialect } from '../../version-guard/core/revision.js';
import { dialectSupport } from '../../version-guard/dialects/registry.js';

/*
 * The entities spell index names as the MySQL history does. The SQLite history suffixes every
 * index name with its table (`ix_agent_agent_id` is `ix_agent_agent_id_agent` there), and SQLite
 * keeps unique constraints inside `CREATE TABLE`, where schema introspection does not see them.
 * `applyDialectNaming` turns the entity metadata into what each dialect's history produced.
 */

interface Named<P extends string> {
  readonly name: string;
  readonly properties: P[];
}

/** Names of real indexes (`CREATE [UNIQUE] INDEX`), as opposed to unique constraints. */
const INDEX_NAMES = new Set<string>();

/** A `CREATE INDEX` over `properties`. */
export function index<P extends string>(name: string, ...properties: P[]): Named<P> {
  INDEX_NAMES.add(name);
  return { name, properties };
}

/** A `CREATE UNIQUE INDEX` over `properties`. */
export function uniqueIndex<P extends string>(name: string, ...properties: P[]): Named<P> {
  INDEX_NAMES.add(name);
  return { name, properties };
}

/** Indexes MySQL creates by itself for a foreign key that no other index covers (SQLite has none). */
const FOREIGN_KEY_INDEX_NAMES = new Set<string>();

/** The index InnoDB adds for a foreign key over `properties` (named after the first column). */
export function foreignKeyIndex<P extends string>(name: string, ...properties: P[]): Named<P> {
  FOREIGN_KEY_INDEX_NAMES.add(name);
  return { name, properties };
}

/** A unique constraint declared with the table (MySQL names an unnamed one after its first column). */
export function uniqueConstraint<P extends string>(name: string, ...properties: P[]): Named<P> {
  return { name, properties };
}

/** Rewrites index names and unique constraints of `meta` for `dialect` (a `discovery.onMetadata` hook). */
export function applyDialectNaming(meta: EntityMetadata, dialect: Dialect): void {
  if (!dialectSupport(dialect).indexNamesSchemaWide || !meta.tableName) return;
  const table = meta.tableName;
  meta.indexes = meta.indexes
    .filter((i) => i.name === undefined || !FOREIGN_KEY_INDEX_NAMES.has(i.name))
    .map((i) => ({ ...i, name: i.name && indexName(dialect, table, i.name) }));
  meta.uniques = meta.uniques
    .filter((u) => u.name !== undefined && INDEX_NAMES.has(u.name))
    .map((u) => ({ ...u, name: indexName(dialect, table, u.name!) }));
}

import type { AbstractSqlConnection, AbstractSqlPlatform, DatabaseTable } from '@mikro-orm/sql';
import { DatabaseSchema } from '@mikro-orm/sql';
import type { ManagedDatabase } from '../core/database-handle.js';
import { messages } from '../core/messages/index.js';

/** A table as the drift check compares it: column names and (non-primary) index names. */
export interface TableShape {
  readonly columns: readonly string[];
  readonly indexes: readonly string[];
}

function shapeOf(table: DatabaseTable): TableShape {
  return {
    columns: table.getColumns().map((c) => c.name),
    indexes: table
      .getIndexes()
      .filter((i) => !i.primary)
      .map((i) => i.keyName),
  };
}

/**
 * Differences between a live schema and the entities' schema, by name (pure): tables, columns,
 * indexes. Column types are not compared: servers report them in too many equivalent spellings.
 */
export function compareShapes(live: ReadonlyMap<string, TableShape>, expected: ReadonlyMap<string, TableShape>): string[] {
  const lines: string[] = [];
  const { missing, extra } = messages.driftLine;
  for (const [table, shape] of expected) {
    const have = live.get(table);
    if (!have) {
      lines.push(missing(`table ${table}`));
      continue;
    }
    for (const c of shape.columns) if (!have.columns.includes(c)) lines.push(missing(`column ${table}.${c}`));
    for (const c of have.columns) if (!shape.columns.includes(c)) lines.push(extra(`column ${table}.${c}`));
    for (const i of shape.indexes) if (!have.indexes.includes(i)) lines.push(missing(`index ${table}.${i}`));
    for (const i of have.indexes) if (!shape.indexes.includes(i)) lines.push(extra(`index ${table}.${i}`));
  }
  for (const table of live.keys()) if (!expected.has(table)) lines.push(extra(`table ${table}`));
  return lines.sort();
}

/** Compares a database with the entities at head, ignoring `ignoredTables` (guard and protected tables). */
export async function detectDrift(db: ManagedDatabase, ignoredTables: readonly string[]): Promise<string[]> {
  const { orm } = db;
  const platform = orm.em.getPlatform() as AbstractSqlPlatform;
  const connection = orm.em.getConnection() as AbstractSqlConnection;
  const liveSchema = await DatabaseSchema.create(connection, platform, orm.config, undefined, undefined, undefined, [...ignoredTables]);
  const target = (orm.schema as unknown as { getTargetSchema(): DatabaseSchema }).getTargetSchema();
  const shapes = (schema: DatabaseSchema) =>
    new Map(
      schema
        .getTables()
        .filter((t) => !ignoredTables.includes(t.name))
        .map((t) => [t.name, shapeOf(t)] as const),
    );
  return compareShapes(shapes(liveSchema), shapes(target));
}

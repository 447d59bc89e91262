import type { DatabaseSchema, DatabaseTable } from '@mikro-orm/sql';
import type { ManagedDatabase } from '../core/database-handle.js';
import { messages } from '../core/messages/index.js';
import type { TableShape } from './user-schema.reader.js';

export type { TableShape } from './user-schema.reader.js';

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

/**
 * Compares a database's tables, `live` (read by `UserSchemaReader` through the schema inspector,
 * as every other question the guard asks of a schema: the app's own tables of the connection's
 * database, PostgreSQL's current schema), with the entities at head, ignoring `ignoredTables`
 * (guard and protected tables). Not MikroORM's introspection: it read every schema of a PostgreSQL
 * database (a table of another schema was drift) and everything about each table, of which only
 * names are compared (a drift report took about 190 ms of CPU on SQLite, now about 20).
 */
export function detectDrift(db: ManagedDatabase, live: ReadonlyMap<string, TableShape>, ignoredTables: readonly string[]): string[] {
  const target = (db.orm.schema as unknown as { getTargetSchema(): DatabaseSchema }).getTargetSchema();
  // (names of ignored tables match in any case, as table names do on some servers)
  const ignored = new Set(ignoredTables.map((table) => table.toLowerCase()));
  const compared = <T>(entries: Iterable<readonly [string, T]>) => new Map([...entries].filter(([table]) => !ignored.has(table.toLowerCase())));
  return compareShapes(compared(live), compared(target.getTables().map((t) => [t.name, shapeOf(t)] as const)));
}

import type { LiveSqliteTable } from './sqlite-rebuild.js';

/** Runs one query and returns its rows (a revision's `execute`). */
export type QueryRows = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Reads `table` of a SQLite database as a rebuild needs it, or undefined when it does not exist. */
export async function readSqliteTable(query: QueryRows, table: string): Promise<LiveSqliteTable | undefined> {
  const [create] = await query(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [table]);
  if (!create) return undefined;
  const columns = await query(`SELECT name, type, "notnull", dflt_value FROM pragma_table_info(?)`, [table]);
  // automatic indexes (of UNIQUE constraints) have no statement: the rebuilt table makes its own
  const objects = await query(
    `SELECT name, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name`,
    [table],
  );
  return {
    sql: String(create.sql),
    columns: columns.map((c) => ({
      name: String(c.name),
      type: String(c.type),
      notnull: Number(c.notnull) === 1,
      dflt_value: c.dflt_value === null ? null : String(c.dflt_value),
    })),
    objects: objects.map((o) => ({ name: String(o.name), sql: String(o.sql) })),
  };
}

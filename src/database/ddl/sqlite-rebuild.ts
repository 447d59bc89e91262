import { createTableSql } from './render-ddl.js';
import type { TableSpec } from './table-spec.js';

const q = (name: string) => `\`${name}\``;

/**
 * Statements that rebuild a SQLite table into `target` (the only way SQLite can drop a table
 * constraint or change a declared type): create a copy, move the rows, swap the names. Columns
 * listed in `newColumns` do not exist yet and take their defaults.
 */
export function rebuildSqliteTableSql(target: TableSpec, newColumns: readonly string[] = []): string[] {
  const temp = `_rebuild_${target.name}`;
  const copied = target.columns.map((c) => c.name).filter((name) => !newColumns.includes(name));
  const [create] = createTableSql('sqlite', { ...target, name: temp });
  const names = copied.map(q).join(', ');
  return [
    `DROP TABLE IF EXISTS ${q(temp)};`,
    create,
    `INSERT INTO ${q(temp)} (${names}) SELECT ${names} FROM ${q(target.name)};`,
    `DROP TABLE ${q(target.name)};`,
    `ALTER TABLE ${q(temp)} RENAME TO ${q(target.name)};`,
    // indexes are created under their real names once the table has its own name
    ...createTableSql('sqlite', target).slice(1),
  ];
}

/** Whether rebuilding into `target` keeps every live column (none would be lost). */
export function sqliteRebuildIsSafe(target: TableSpec, liveColumns: readonly string[]): boolean {
  const declared = new Set(target.columns.map((c) => c.name));
  return liveColumns.every((name) => declared.has(name));
}

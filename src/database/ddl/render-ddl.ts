import type { Dialect } from '../../version-guard/core/revision.js';
import type { ColumnSpec, ColumnType, IndexSpec, TableSpec } from './table-spec.js';

const q = (name: string) => `\`${name}\``;
const list = (names: readonly string[]) => names.map(q).join(', ');

function typeSql(dialect: Dialect, type: ColumnType): string {
  switch (type.kind) {
    case 'varchar':
      return `VARCHAR(${type.length})`;
    case 'decimal':
      return `NUMERIC(${type.precision}, ${type.scale})`;
    case 'id':
      return dialect === 'sqlite' ? 'INTEGER' : 'BIGINT';
    case 'boolean':
      return dialect === 'sqlite' ? 'BOOLEAN' : 'BOOL';
    default:
      return type.kind.toUpperCase();
  }
}

function defaultSql(dialect: Dialect, value: string): string {
  // SQLite wants an expression default in parentheses; MySQL takes CURRENT_TIMESTAMP bare
  if (value === 'CURRENT_TIMESTAMP') return dialect === 'sqlite' ? '(CURRENT_TIMESTAMP)' : 'CURRENT_TIMESTAMP';
  return value;
}

/** A MySQL string literal: quotes and backslashes escaped (backslash is an escape character there). */
export function mysqlStringLiteral(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** One column definition as it appears in `create table` / `add column`. */
export function columnSql(dialect: Dialect, column: ColumnSpec, autoIncrement = false): string {
  const type = dialect === 'mysql' && column.mysqlType ? column.mysqlType : typeSql(dialect, column.type);
  const parts = [q(column.name), type];
  if (dialect === 'mysql' && column.collation) parts.push(`COLLATE ${column.collation}`);
  parts.push(column.nullable ? 'NULL' : 'NOT NULL');
  if (autoIncrement && dialect === 'mysql') parts.push('AUTO_INCREMENT');
  if (column.default !== undefined) parts.push(`DEFAULT ${defaultSql(dialect, column.default)}`);
  if (dialect === 'mysql' && column.comment !== undefined) parts.push(`COMMENT ${mysqlStringLiteral(column.comment)}`);
  return parts.join(' ');
}

/**
 * `create table` followed by its `create index` statements. `extraColumns` are column definitions
 * written out already (a live table's own columns a rebuild keeps), placed after the declared ones.
 */
export function createTableSql(dialect: Dialect, table: TableSpec, extraColumns: readonly string[] = []): string[] {
  const auto = table.autoIncrement !== false && table.primaryKey.length === 1;
  const lines = [...table.columns.map((c) => columnSql(dialect, c, auto && c.name === table.primaryKey[0])), ...extraColumns];
  if (table.primaryKey.length > 0) lines.push(`PRIMARY KEY (${list(table.primaryKey)})`);
  // an unnamed unique constraint (empty name) is named by the server
  for (const u of table.uniques ?? []) {
    lines.push(`${u.name ? `CONSTRAINT ${q(u.name)} ` : ''}UNIQUE (${list(u.columns)})`);
  }
  for (const fk of table.foreignKeys ?? []) {
    const action = fk.onDelete ? ` ON DELETE ${fk.onDelete}` : '';
    lines.push(`FOREIGN KEY (${list(fk.columns)}) REFERENCES ${q(fk.table)} (${list(fk.references)})${action}`);
  }
  const suffix = dialect === 'mysql' ? ' DEFAULT CHARSET=utf8mb4 ENGINE=InnoDB' : '';
  return [`CREATE TABLE ${q(table.name)} (${lines.join(', ')})${suffix};`, ...indexesSql(table)];
}

/** The `create index` statements of a table (plain, then unique). */
export function indexesSql(table: TableSpec): string[] {
  return [
    ...(table.indexes ?? []).map((i) => createIndexSql(table.name, i, false)),
    ...(table.uniqueIndexes ?? []).map((i) => createIndexSql(table.name, i, true)),
  ];
}

export function createIndexSql(table: string, index: IndexSpec, unique: boolean): string {
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${q(index.name)} ON ${q(table)} (${list(index.columns)});`;
}

export function dropIndexSql(dialect: Dialect, table: string, index: string): string {
  return dialect === 'sqlite' ? `DROP INDEX ${q(index)};` : `DROP INDEX ${q(index)} ON ${q(table)};`;
}

/** `add column`; on MySQL `after` puts it back behind that column (SQLite always appends). */
export function addColumnSql(dialect: Dialect, table: string, column: ColumnSpec, after?: string): string {
  const position = after && dialect === 'mysql' ? ` AFTER ${q(after)}` : '';
  return `ALTER TABLE ${q(table)} ADD COLUMN ${columnSql(dialect, column)}${position};`;
}

/** MySQL: changes a column's declaration in place. */
export function modifyColumnSql(table: string, column: ColumnSpec): string {
  return `ALTER TABLE ${q(table)} MODIFY COLUMN ${columnSql('mysql', column)};`;
}

export function dropColumnSql(table: string, column: string): string {
  return `ALTER TABLE ${q(table)} DROP COLUMN ${q(column)};`;
}

export function dropTableSql(table: string): string {
  return `DROP TABLE IF EXISTS ${q(table)};`;
}

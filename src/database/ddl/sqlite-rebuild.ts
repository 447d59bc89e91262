import { createTableSql } from './render-ddl.js';
import type { TableSpec } from './table-spec.js';

const q = (name: string) => `\`${name}\``;

/** A column the live table has and the spec does not know (a user's own), written as it was declared. */
export interface KeptColumn {
  readonly name: string;
  readonly definition: string;
}

/** What a rebuild carries over from the live table besides the declared columns. */
export interface KeptParts {
  readonly columns: readonly KeptColumn[];
  /** `create index` / `create trigger` statements of the table's own indexes and triggers. */
  readonly objects: readonly string[];
}

const NOTHING_KEPT: KeptParts = { columns: [], objects: [] };

/**
 * Statements that rebuild a SQLite table into `target` (the only way SQLite can drop a table
 * constraint or change a declared type): create a copy, move the rows, swap the names. Columns
 * listed in `newColumns` do not exist yet and take their defaults; `kept` columns, indexes and
 * triggers of the live table come along unchanged, with their data.
 */
export function rebuildSqliteTableSql(target: TableSpec, newColumns: readonly string[] = [], kept: KeptParts = NOTHING_KEPT): string[] {
  const temp = `_rebuild_${target.name}`;
  const copied = [
    ...target.columns.map((c) => c.name).filter((name) => !newColumns.includes(name)),
    ...kept.columns.map((c) => c.name),
  ];
  const [create] = createTableSql('sqlite', { ...target, name: temp }, kept.columns.map((c) => c.definition));
  const names = copied.map(q).join(', ');
  return [
    `DROP TABLE IF EXISTS ${q(temp)};`,
    create,
    `INSERT INTO ${q(temp)} (${names}) SELECT ${names} FROM ${q(target.name)};`,
    `DROP TABLE ${q(target.name)};`,
    `ALTER TABLE ${q(temp)} RENAME TO ${q(target.name)};`,
    // indexes are created under their real names once the table has its own name
    ...createTableSql('sqlite', target).slice(1),
    ...kept.objects.map((sql) => `${sql.trim().replace(/;$/, '')};`),
  ];
}

/** A column as `pragma_table_info` reports it. */
export interface LiveColumn {
  readonly name: string;
  readonly type: string;
  readonly notnull: boolean;
  readonly dflt_value: string | null;
}

/** A live SQLite table: its `create` statement, columns, and its own indexes and triggers. */
export interface LiveSqliteTable {
  readonly sql: string;
  readonly columns: readonly LiveColumn[];
  readonly objects: readonly { readonly name: string; readonly sql: string }[];
}

/**
 * The parts of `live` that a rebuild into one of `specs` must carry over (pure): the columns none
 * of them declares, written as the table's `create` statement declares them (keeping a CHECK,
 * COLLATE or REFERENCES clause), and the indexes and triggers the specs do not create.
 */
export function keptParts(live: LiveSqliteTable, specs: readonly TableSpec[]): KeptParts {
  const declared = new Set(specs.flatMap((s) => s.columns.map((c) => c.name.toLowerCase())));
  const created = new Set(specs.flatMap((s) => [...(s.indexes ?? []), ...(s.uniqueIndexes ?? [])].map((i) => i.name.toLowerCase())));
  const written = new Map(columnDefinitions(live.sql).map((d) => [d.name.toLowerCase(), d.definition]));
  return {
    columns: live.columns
      .filter((c) => !declared.has(c.name.toLowerCase()))
      .map((c) => ({ name: c.name, definition: written.get(c.name.toLowerCase()) ?? definitionFromPragma(c) })),
    objects: live.objects.filter((o) => !created.has(o.name.toLowerCase())).map((o) => o.sql),
  };
}

function definitionFromPragma(column: LiveColumn): string {
  const parts = [q(column.name)];
  if (column.type) parts.push(column.type);
  if (column.notnull) parts.push('NOT NULL');
  if (column.dflt_value !== null) parts.push(`DEFAULT ${column.dflt_value}`);
  return parts.join(' ');
}

const TABLE_CONSTRAINT = /^(constraint|primary|unique|check|foreign)\b/i;

/** The column definitions of a `create table` statement, by column name (pure). */
export function columnDefinitions(createSql: string): { name: string; definition: string }[] {
  const body = createSql.slice(createSql.indexOf('(') + 1, createSql.lastIndexOf(')'));
  return splitTopLevel(body)
    .map((part) => part.trim())
    .filter((part) => part && !TABLE_CONSTRAINT.test(part))
    .map((definition) => ({ name: leadingName(definition), definition }));
}

const CLOSING: Record<string, string> = { '"': '"', '`': '`', "'": "'", '[': ']' };

// splits at commas outside parentheses, quotes and comments
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (CLOSING[ch]) i = body.indexOf(CLOSING[ch], i + 1) === -1 ? body.length : body.indexOf(CLOSING[ch], i + 1);
    else if (ch === '-' && body[i + 1] === '-') i = body.indexOf('\n', i) === -1 ? body.length : body.indexOf('\n', i);
    else if (ch === '/' && body[i + 1] === '*') i = body.indexOf('*/', i) === -1 ? body.length : body.indexOf('*/', i) + 1;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

function leadingName(definition: string): string {
  const close = CLOSING[definition[0]];
  if (close) return definition.slice(1, definition.indexOf(close, 1));
  return /^[^\s(]+/.exec(definition)?.[0] ?? '';
}

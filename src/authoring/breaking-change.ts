/**
 * Whether a diff's statements can break code written for the schema before them (pure). Adding a
 * table, an index, or a column that is nullable or has a default is safe for older code; anything
 * else (drops, renames, type or nullability changes, table rebuilds, data rewrites) is breaking.
 */
export function isBreakingChange(statements: readonly string[]): boolean {
  return statements.some((statement) => !isAdditive(statement.trim().replace(/;$/, '')));
}

const ADD_TABLE = /^create table /i;
const ADD_INDEX = /^create (unique )?index /i;
const ALTER = /^alter table\s+\S+\s+(.*)$/is;
const ADD_INDEX_CLAUSE = /^add (unique |index |key |unique index |unique key |fulltext index )/i;
const ADD_COLUMN_CLAUSE = /^add (column )?(?!constraint|primary|foreign)/i;

function isAdditive(statement: string): boolean {
  if (statement === '') return true;
  if (ADD_TABLE.test(statement) || ADD_INDEX.test(statement)) return true;
  const alter = ALTER.exec(statement);
  if (!alter) return false;
  return splitClauses(alter[1]).every(isAdditiveClause);
}

function isAdditiveClause(clause: string): boolean {
  if (ADD_INDEX_CLAUSE.test(clause)) return true;
  if (!ADD_COLUMN_CLAUSE.test(clause)) return false;
  // a required column without a default breaks every insert written before it
  return !/\bnot null\b/i.test(clause) || /\bdefault\b/i.test(clause);
}

// Commas at the top level separate the clauses of a MySQL `alter table`.
function splitClauses(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

import type { Dialect, RevisionInfo } from '../version-guard/core/revision.js';

/** What a new revision file contains. */
export interface RevisionSource {
  readonly info: RevisionInfo;
  readonly dialect: Dialect;
  readonly up: readonly string[];
  readonly down: readonly string[];
  /** An empty skeleton to fill in by hand. */
  readonly manual?: boolean;
}

/** `feat: add user status` -> `add_user_status` (file-name part). */
export function slugOf(message: string): string {
  const text = message.replace(/^(feat|fix):\s*/i, '');
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48) || 'revision';
}

/** The file name of a revision: `<id>_<slug>.ts`. */
export function revisionFileName(info: RevisionInfo): string {
  return `${info.id}_${slugOf(info.message)}.ts`;
}

const ident = '`?"?([\\w$]+)`?"?';
const GUARDS: readonly { pattern: RegExp; guard: (m: RegExpExecArray) => string }[] = [
  { pattern: new RegExp(`^create table ${ident}`, 'i'), guard: (m) => `!(await this.tableExists('${m[1]}'))` },
  { pattern: new RegExp(`^drop table (?:if exists )?${ident}`, 'i'), guard: (m) => `await this.tableExists('${m[1]}')` },
  { pattern: new RegExp(`^create (?:unique )?index ${ident} on ${ident}`, 'i'), guard: (m) => `!(await this.indexExists('${m[2]}', '${m[1]}'))` },
  {
    pattern: new RegExp(`^alter table ${ident} add (?:unique |index |unique index |fulltext index )${ident}`, 'i'),
    guard: (m) => `!(await this.indexExists('${m[1]}', '${m[2]}'))`,
  },
  { pattern: new RegExp(`^alter table ${ident} drop index ${ident}`, 'i'), guard: (m) => `await this.indexExists('${m[1]}', '${m[2]}')` },
  // a unique constraint is backed by an index of its name (PostgreSQL)
  { pattern: new RegExp(`^alter table ${ident} add constraint ${ident} unique`, 'i'), guard: (m) => `!(await this.indexExists('${m[1]}', '${m[2]}'))` },
  {
    pattern: new RegExp(`^alter table ${ident} add (?!constraint|primary|foreign|unique|index|fulltext)(?:column )?${ident}`, 'i'),
    guard: (m) => `!(await this.columnExists('${m[1]}', '${m[2]}'))`,
  },
  { pattern: new RegExp(`^alter table ${ident} drop (?:column )?${ident}$`, 'i'), guard: (m) => `await this.columnExists('${m[1]}', '${m[2]}')` },
];

/** Splits `text` at commas outside parentheses and quotes (pure). */
function splitTopLevel(text: string): string[] {
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

/**
 * `alter table t add a ..., add b ...` (MySQL) as one statement per clause, so each clause gets
 * its own check and a retry adds exactly what is still missing (pure).
 */
export function splitAlterClauses(sql: string): string[] {
  const statement = sql.trim().replace(/;$/, '');
  const match = /^(alter table\s+\S+)\s+(.*)$/is.exec(statement);
  if (!match) return [statement];
  const clauses = splitTopLevel(match[2]);
  return clauses.length > 1 ? clauses.map((clause) => `${match[1]} ${clause}`) : [statement];
}

/** One statement as code: guarded by the idempotent check that fits it, when one does (pure). */
export function statementCode(sql: string): string {
  return splitAlterClauses(sql).map(guarded).join('\n    ');
}

function guarded(statement: string): string {
  // SQLite's `drop index` names no table to check: let the statement itself tolerate absence
  const dropIndex = /^drop index (?!if exists)(.+)$/i.exec(statement);
  if (dropIndex) return `this.addSql(${JSON.stringify(`drop index if exists ${dropIndex[1]};`)});`;
  const call = `this.addSql(${JSON.stringify(statement + ';')});`;
  for (const { pattern, guard } of GUARDS) {
    const match = pattern.exec(statement);
    if (match) return `if (${guard(match)}) ${call}`;
  }
  return call;
}

function body(statements: readonly string[]): string {
  const code = statements.filter((s) => s.trim().length > 0).map((s) => `    ${statementCode(s)}`);
  return code.length > 0 ? code.join('\n') : '    // no change';
}

const MANUAL_UP = `    // Check before acting, so the revision is safe to run over a half-finished schema or to retry:
    // if (!(await this.tableExists('my_table'))) this.addSql('create table ...');
    // if (!(await this.columnExists('my_table', 'my_column'))) this.addSql('alter table ... add ...');
    // if (!(await this.indexExists('my_table', 'idx_my_table_my_column'))) this.addSql('create index ...');`;
const MANUAL_DOWN = `    // Undo exactly what up() did, with the same checks:
    // if (await this.tableExists('my_table')) this.addSql('drop table ...');`;

const BREAKING_NOTE = `    // true: code written for the schema before this revision may stop working after it (drop,
    // rename, type or nullability change, data rewrite). Set false for a new table, an index, or a
    // nullable or defaulted column: older builds then keep running during a rollout or rollback.
`;

/** The TypeScript source of a revision file (pure). */
export function renderRevisionFile(source: RevisionSource): string {
  const { info } = source;
  return `import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** ${info.message.replace(/\*\//g, '*\\/')} */
export class Revision_${info.id} extends RevisionMigration {
  static readonly revision = {
    id: '${info.id}',
    parents: [${info.parents.map((p) => `'${p}'`).join(', ')}],
    message: ${JSON.stringify(info.message)},
${source.manual ? BREAKING_NOTE : ''}    breaking: ${info.breaking},
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
${source.manual ? MANUAL_UP : body(source.up)}
  }

  override async down(): Promise<void> {
${source.manual ? MANUAL_DOWN : body(source.down)}
  }
}
`;
}

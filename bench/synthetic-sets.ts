import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeRevisionBundle } from '../src/scripts/revision-bundle.writer.js';
import { writeManifest } from '../src/version-guard/engine/revision-catalog.js';

export type Db = 'agent' | 'ops';
export const DATABASES: readonly Db[] = ['agent', 'ops'];
export type Dialect = 'sqlite' | 'mysql';

/**
 * What the N revisions of a set do. `tables`: each creates one 3-column table. `ddl`: real schema
 * changes on existing tables: ten tables, then each revision adds a column and an index to one.
 */
export type SetKind = 'tables' | 'ddl';

const DDL_TABLES = 10;

/** The SQL of revision `i` (0-based) of a set of `kind`, the same for every tool. */
export function revisionSql(kind: SetKind, i: number, dialect: Dialect): { up: string[]; down: string[] } {
  const text = dialect === 'mysql' ? 'varchar(255)' : 'text';
  const id = dialect === 'mysql' ? 'int' : 'integer';
  if (kind === 'tables' || i < DDL_TABLES) {
    const table = kind === 'tables' ? `bench_${i}` : `ddl_${i}`;
    return { up: [`create table ${table} (id ${id} primary key, name ${text}, value ${text})`], down: [`drop table ${table}`] };
  }
  const table = `ddl_${i % DDL_TABLES}`;
  return {
    up: [`alter table ${table} add column c_${i} ${text}`, `create index ix_c_${i} on ${table} (c_${i})`],
    down: [dialect === 'mysql' ? `drop index ix_c_${i} on ${table}` : `drop index ix_c_${i}`, `alter table ${table} drop column c_${i}`],
  };
}

/** The built tree (`dist/`): synthetic sets live beside `dist/migrations/` so their imports resolve. */
const DIST = resolve(import.meta.dirname, '..');

/** Migration sets of `count` revisions for both databases and both dialects, with manifests and bundles, as a build makes them. */
export interface SyntheticSets {
  readonly root: string;
  readonly ids: Record<Db, string[]>;
  remove(): void;
}

/** Writes this project's sets (`<root>/<dialect>/<db>/`) and builds them the way `npm run build` does. */
export async function syntheticSets(count: number, kind: SetKind = 'tables'): Promise<SyntheticSets> {
  const root = join(DIST, `bench-sets-${randomBytes(4).toString('hex')}`);
  const ids = { agent: [] as string[], ops: [] as string[] };
  for (const database of DATABASES) {
    for (let i = 0; i < count; i++) ids[database].push(randomBytes(6).toString('hex'));
    for (const dialect of ['sqlite', 'mysql'] as const) {
      const dir = join(root, dialect, database);
      mkdirSync(dir, { recursive: true });
      ids[database].forEach((id, i) => {
        const sql = revisionSql(kind, i, dialect);
        const parent = i > 0 ? [ids[database][i - 1]] : [];
        const calls = (statements: string[]) => statements.map((s) => `this.addSql(${JSON.stringify(s)});`).join(' ');
        writeFileSync(
          join(dir, `${id}_bench_${i}.js`),
          `import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';\n` +
            `export class Revision_${id} extends RevisionMigration {\n` +
            `  static revision = ${JSON.stringify({ id, parents: parent, message: `feat: bench ${i}`, breaking: false })};\n` +
            `  async up() { ${calls(sql.up)} }\n` +
            `  async down() { ${calls(sql.down)} }\n` +
            `}\n`,
        );
      });
      await writeRevisionBundle(dir, await writeManifest(dir));
    }
  }
  return { root, ids, remove: () => rmSync(root, { recursive: true, force: true }) };
}

import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { dropTableSql } from '../../../src/database/ddl/render-ddl.js';
import { createTablesPlan } from '../../../src/database/ddl/table-plan.js';
import { opsTablesV012 } from '../../shared/ops-v0-1-2.tables.js';

export const TABLES = opsTablesV012('sqlite');

/** v0.1.2: the ops database's first schema (prompts, prompt versions and drafts, jobs, users). */
export class Revision_b4f4c6589bc5 extends RevisionMigration {
  static readonly revision = {
    id: 'b4f4c6589bc5',
    parents: [],
    message: 'feat: v0.1.2 init sqlite ops',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const plan = await createTablesPlan('sqlite', TABLES, { tableExists: (t) => this.tableExists(t), indexExists: (t, i) => this.indexExists(t, i) });
    for (const sql of plan) this.addSql(sql);
  }

  override down(): void {
    for (const table of [...TABLES].reverse()) this.addSql(dropTableSql(table.name));
  }
}

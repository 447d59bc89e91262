import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { dropTableSql } from '../../../src/database/ddl/render-ddl.js';
import { createTablesPlan } from '../../../src/database/ddl/table-plan.js';
import { agentTablesV012 } from '../../shared/agent-v0-1-2.tables.js';

export const TABLES = agentTablesV012('sqlite');

/** v0.1.2: the agent database's first schema (25 tables); tables already present only get the indexes they lack. */
export class Revision_f458c7fb17a5 extends RevisionMigration {
  static readonly revision = {
    id: 'f458c7fb17a5',
    parents: [],
    message: 'feat: v0.1.2 init sqlite agent',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const plan = await createTablesPlan('sqlite', TABLES, { tableExists: (t) => this.tableExists(t), indexExists: (t, i) => this.indexExists(t, i) });
    for (const sql of plan) this.addSql(sql);
  }

  override down(): void {
    // dropping a table drops its indexes; dependants go first
    for (const table of [...TABLES].reverse()) this.addSql(dropTableSql(table.name));
  }
}

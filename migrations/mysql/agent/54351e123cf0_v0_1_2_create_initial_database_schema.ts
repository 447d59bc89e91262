import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { dropTableSql } from '../../../src/database/ddl/render-ddl.js';
import { createTablesPlan } from '../../../src/database/ddl/table-plan.js';
import { agentTablesV012 } from '../../shared/agent-v0-1-2.tables.js';

export const TABLES = agentTablesV012('mysql');

/** v0.1.2: the agent database's first schema (26 tables); tables already present only get the indexes they lack. */
export class Revision_54351e123cf0 extends RevisionMigration {
  static readonly revision = {
    id: '54351e123cf0',
    parents: [],
    message: 'feat: v0.1.2 create initial database schema',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const plan = await createTablesPlan('mysql', TABLES, { tableExists: (t) => this.tableExists(t), indexExists: (t, i) => this.indexExists(t, i) });
    for (const sql of plan) this.addSql(sql);
  }

  override down(): void {
    // dependants go first: the foreign keys point at earlier tables
    for (const table of [...TABLES].reverse()) this.addSql(dropTableSql(table.name));
  }
}

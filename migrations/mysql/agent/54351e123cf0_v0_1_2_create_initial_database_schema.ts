import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { createTableSql, dropTableSql } from '../../../src/database/ddl/render-ddl.js';
import { agentTablesV012 } from '../../shared/agent-v0-1-2.tables.js';

export const TABLES = agentTablesV012('mysql');

/** v0.1.2: the agent database's first schema (26 tables); tables already present are left alone. */
export class Revision_54351e123cf0 extends RevisionMigration {
  static readonly revision = {
    id: '54351e123cf0',
    parents: [],
    message: 'feat: v0.1.2 create initial database schema',
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const present: boolean[] = [];
    for (const table of TABLES) present.push(await this.tableExists(table.name));

    TABLES.forEach((table, i) => {
      if (!present[i]) for (const sql of createTableSql('mysql', table)) this.addSql(sql);
    });
  }

  override down(): void {
    // dependants go first: the foreign keys point at earlier tables
    for (const table of [...TABLES].reverse()) this.addSql(dropTableSql(table.name));
  }
}

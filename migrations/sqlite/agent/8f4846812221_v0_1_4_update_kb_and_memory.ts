import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { addColumnSql, dropColumnSql, dropTableSql } from '../../../src/database/ddl/render-ddl.js';
import { createTablesPlan } from '../../../src/database/ddl/table-plan.js';
import { col, varchar, type ColumnSpec } from '../../../src/database/ddl/table-spec.js';
import { memoryBaseTable } from '../../shared/v0-1-4.tables.js';

const MEMORY_BASE = memoryBaseTable('sqlite');

const ADDED: readonly (readonly [string, ColumnSpec])[] = [
  ['knowledge_base', col('index_manager_type', varchar(200))],
  ['knowledge_base_document', col('index_manager_type', varchar(200))],
  ['knowledge_base_document', col('index_id', varchar(200))],
  ['knowledge_base_document', col('index_name', varchar(200))],
];
const REMOVED: readonly ColumnSpec[] = [col('es_index_name', varchar(200)), col('es_index_id', varchar(200))];

/** v0.1.4: memory bases; knowledge bases record their index manager, documents their index without the `es_` prefix. */
export class Revision_8f4846812221 extends RevisionMigration {
  static readonly revision = {
    id: '8f4846812221',
    parents: ['07acd03b1173'],
    message: 'fix: v0.1.4 sqlite agent update kb and memory',
    breaking: true,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const memory = await createTablesPlan('sqlite', [MEMORY_BASE], { tableExists: (t) => this.tableExists(t), indexExists: (t, i) => this.indexExists(t, i) });
    const added: boolean[] = [];
    for (const [table, column] of ADDED) added.push(await this.columnExists(table, column.name));
    const removed: boolean[] = [];
    for (const column of REMOVED) removed.push(await this.columnExists('knowledge_base_document', column.name));

    for (const sql of memory) this.addSql(sql);
    ADDED.forEach(([table, column], i) => {
      if (!added[i]) this.addSql(addColumnSql('sqlite', table, column));
    });
    REMOVED.forEach((column, i) => {
      if (removed[i]) this.addSql(dropColumnSql('knowledge_base_document', column.name));
    });
  }

  override async down(): Promise<void> {
    const added: boolean[] = [];
    for (const [table, column] of ADDED) added.push(await this.columnExists(table, column.name));
    const removed: boolean[] = [];
    for (const column of REMOVED) removed.push(await this.columnExists('knowledge_base_document', column.name));

    [...REMOVED].reverse().forEach((column, i) => {
      if (!removed[REMOVED.length - 1 - i]) this.addSql(addColumnSql('sqlite', 'knowledge_base_document', column));
    });
    ADDED.forEach(([table, column], i) => {
      if (added[i]) this.addSql(dropColumnSql(table, column.name));
    });
    this.addSql(dropTableSql(MEMORY_BASE.name));
  }
}

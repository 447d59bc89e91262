import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { addColumnSql, dropColumnSql, dropTableSql } from '../../../src/database/ddl/render-ddl.js';
import { createTablesPlan } from '../../../src/database/ddl/table-plan.js';
import { col, varchar, type ColumnSpec } from '../../../src/database/ddl/table-spec.js';
import { memoryBaseTable } from '../../shared/v0-1-4.tables.js';
import { agentColumnV012 } from '../../shared/agent-v0-1-2.tables.js';

const MEMORY_BASE = memoryBaseTable('mysql');

const INDEX_MANAGER = { comment: 'Whether Chroma or Milvus is used for indexing' } as const;
const ADDED: readonly (readonly [string, ColumnSpec])[] = [
  ['knowledge_base', col('index_manager_type', varchar(200), INDEX_MANAGER)],
  ['knowledge_base_document', col('index_manager_type', varchar(200), INDEX_MANAGER)],
  ['knowledge_base_document', col('index_id', varchar(200), { comment: 'ES中的索引ID' })],
  ['knowledge_base_document', col('index_name', varchar(200), { comment: 'ES索引名称' })],
];
/** Dropped here; `down` brings them back as 0.1.2 declared them (with their comments, in the table's collation). */
const REMOVED: readonly ColumnSpec[] = ['es_index_name', 'es_index_id'].map((name) => agentColumnV012('knowledge_base_document', name));

/** v0.1.4: memory bases; knowledge bases record their index manager, documents their index without the `es_` prefix. */
export class Revision_072ac1293a02 extends RevisionMigration {
  static readonly revision = {
    id: '072ac1293a02',
    parents: ['54be202e347e'],
    message: 'fix: v0.1.4 mysql agent update kb and memory',
    breaking: true,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const memory = await createTablesPlan('mysql', [MEMORY_BASE], { tableExists: (t) => this.tableExists(t), indexExists: (t, i) => this.indexExists(t, i) });
    const added: boolean[] = [];
    for (const [table, column] of ADDED) added.push(await this.columnExists(table, column.name));
    const removed: boolean[] = [];
    for (const column of REMOVED) removed.push(await this.columnExists('knowledge_base_document', column.name));

    for (const sql of memory) this.addSql(sql);
    ADDED.forEach(([table, column], i) => {
      if (!added[i]) this.addSql(addColumnSql('mysql', table, column));
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

    // back where 0.1.3 had them: es_index_id after status, es_index_name after es_index_id
    if (!removed[1]) this.addSql(addColumnSql('mysql', 'knowledge_base_document', REMOVED[1], 'status'));
    if (!removed[0]) this.addSql(addColumnSql('mysql', 'knowledge_base_document', REMOVED[0], 'es_index_id'));
    ADDED.forEach(([table, column], i) => {
      if (added[i]) this.addSql(dropColumnSql(table, column.name));
    });
    this.addSql(dropTableSql(MEMORY_BASE.name));
  }
}

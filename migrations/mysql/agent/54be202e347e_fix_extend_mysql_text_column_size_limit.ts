import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { addColumnSql, modifyColumnSql } from '../../../src/database/ddl/render-ddl.js';
import { INTEGER, JSON_, col, type ColumnSpec } from '../../../src/database/ddl/table-spec.js';
import { agentColumnV012 } from '../../shared/agent-v0-1-2.tables.js';

/**
 * Text columns widened to LONGTEXT. Each keeps its declaration otherwise (the comment the 0.1.2
 * create gave it: MODIFY COLUMN replaces the whole definition).
 */
const WIDENED: readonly (readonly [string, string])[] = [
  ['agent_execution', 'fail_reason'],
  ['trace_detail', 'input'],
  ['trace_detail', 'output'],
  ['trace_summary', 'fail_reason'],
  ['workflow_execution', 'fail_reason'],
  ['workflow_execution_details', 'meta_data'],
];

/**
 * The declaration `column` of `table` had before: TEXT with its comment. The MySQL history's down
 * also names `utf8mb4_unicode_ci`, the collation its tables were created in; ours are created in the
 * table's default collation, so restoring that one is what undoes `up`.
 */
const narrow = (table: string, column: string): ColumnSpec => agentColumnV012(table, column);
const widen = (table: string, column: string): ColumnSpec => ({ ...agentColumnV012(table, column), mysqlType: 'LONGTEXT' });

/** Columns of `agent_publish` that 9fa66e01df94 may have missed on a half-synced database. */
const ENSURED: readonly ColumnSpec[] = [col('model_id', INTEGER), col('agent_model_config', JSON_)];

/**
 * Widens long text columns to LONGTEXT and makes sure `agent_publish` has its model columns.
 * `down` narrows the columns back to TEXT as they were created; it
 * leaves the `agent_publish` model columns, which belong to 9fa66e01df94 (dropping them here
 * would leave that revision's schema behind).
 */
export class Revision_54be202e347e extends RevisionMigration {
  static readonly revision = {
    id: '54be202e347e',
    parents: ['26f51e9528f1'],
    message: 'fix: extend mysql text column size limit',
    breaking: true,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const widened: boolean[] = [];
    for (const [table, column] of WIDENED) widened.push(await this.columnExists(table, column));
    const ensured: boolean[] = [];
    for (const column of ENSURED) ensured.push(await this.columnExists('agent_publish', column.name));

    WIDENED.forEach(([table, column], i) => {
      if (widened[i]) this.addSql(modifyColumnSql(table, widen(table, column)));
    });
    ENSURED.forEach((column, i) => {
      if (!ensured[i]) this.addSql(addColumnSql('mysql', 'agent_publish', column));
    });
  }

  override async down(): Promise<void> {
    const widened: boolean[] = [];
    for (const [table, column] of WIDENED) widened.push(await this.columnExists(table, column));

    WIDENED.forEach(([table, column], i) => {
      if (widened[i]) this.addSql(modifyColumnSql(table, narrow(table, column)));
    });
  }
}

import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { addColumnSql, dropColumnSql, modifyColumnSql } from '../../../src/database/ddl/render-ddl.js';
import { BOOLEAN, JSON_, TEXT, col, req, varchar, type ColumnSpec } from '../../../src/database/ddl/table-spec.js';

const ADDED: readonly (readonly [string, ColumnSpec])[] = [
  ['plugin', col('desc_mk', TEXT)],
  ['plugin', col('inputs', JSON_)],
  ['plugin_publish', col('desc_mk', TEXT)],
  ['plugin_publish', col('inputs', JSON_)],
  ['tool', req('available', BOOLEAN)],
  ['workflow', col('object_key', varchar(512))],
  ['workflow_publish', col('object_key', varchar(512))],
];

/** The collation the MySQL history restores on `down`. */

/** Declarations changed in place: [table, before, after]. */
const CHANGED: readonly (readonly [string, ColumnSpec, ColumnSpec])[] = [
  ['user', req('session_key', varchar(256)), req('session_key', varchar(512))],
  ['workflow', col('schema', TEXT), col('schema', TEXT, { mysqlType: 'LONGTEXT' })],
  ['workflow_publish', col('schema', TEXT), col('schema', TEXT, { mysqlType: 'LONGTEXT' })],
];

/**
 * v0.1.3: plugin markdown descriptions and inputs, tool availability (every existing tool
 * available), workflow object keys, longer session keys and workflow schemas. Idempotent over a
 * half auto-synced 0.1.2 database: as in the MySQL history, every step first checks that its
 * column (or, for the `tool` update, its table) exists.
 */
export class Revision_06a1f79bce8b extends RevisionMigration {
  static readonly revision = {
    id: '06a1f79bce8b',
    parents: ['54351e123cf0'],
    message: 'feat: v0.1.3 mysql agent update',
    breaking: true,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check runs before any SQL: MikroORM executes the queued statements after up() returns
    const present: boolean[] = [];
    for (const [table, column] of ADDED) present.push(await this.columnExists(table, column.name));
    // `tool.available` exists once the step above ran, wherever the table does
    const tools = await this.tableExists('tool');
    const changed: boolean[] = [];
    for (const [table, before] of CHANGED) changed.push(await this.columnExists(table, before.name));

    ADDED.forEach(([table, column], i) => {
      if (!present[i]) this.addSql(addColumnSql('mysql', table, column));
    });
    if (tools) this.addSql('UPDATE `tool` SET `available` = 1;');
    CHANGED.forEach(([table, , after], i) => {
      if (changed[i]) this.addSql(modifyColumnSql(table, after));
    });
  }

  override async down(): Promise<void> {
    const present: boolean[] = [];
    for (const [table, column] of ADDED) present.push(await this.columnExists(table, column.name));
    const changed: boolean[] = [];
    for (const [table, before] of CHANGED) changed.push(await this.columnExists(table, before.name));

    CHANGED.forEach(([table, before], i) => {
      if (changed[i]) this.addSql(modifyColumnSql(table, before));
    });
    ADDED.forEach(([table, column], i) => {
      if (present[i]) this.addSql(dropColumnSql(table, column.name));
    });
  }
}

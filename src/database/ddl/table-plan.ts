import type { Dialect } from '../../version-guard/core/revision.js';
import { createIndexSql, createTableSql } from './render-ddl.js';
import type { TableSpec } from './table-spec.js';

/** The schema questions a plan asks (a revision answers them with its own checks). */
export interface SchemaChecks {
  tableExists(table: string): Promise<boolean>;
  indexExists(table: string, index: string): Promise<boolean>;
}

/**
 * Statements that bring `tables` into being without touching what is already there: a missing
 * table is created with its indexes; an existing one (made by an auto-sync) only gets the indexes
 * it lacks. Every question is asked before the first statement is returned.
 */
export async function createTablesPlan(dialect: Dialect, tables: readonly TableSpec[], checks: SchemaChecks): Promise<string[]> {
  const statements: string[] = [];
  for (const table of tables) {
    if (!(await checks.tableExists(table.name))) {
      statements.push(...createTableSql(dialect, table));
      continue;
    }
    for (const [list, unique] of [[table.indexes, false], [table.uniqueIndexes, true]] as const) {
      for (const index of list ?? []) {
        if (!(await checks.indexExists(table.name, index.name))) statements.push(createIndexSql(table.name, index, unique));
      }
    }
  }
  return statements;
}

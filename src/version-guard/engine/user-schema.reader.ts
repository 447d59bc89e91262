import type { SchemaInspector } from '../dialects/schema-inspector.js';
import { GUARD_TABLES } from './bookkeeping/guard-tables.js';

/** A table by the names the drift report compares: its columns and (non-primary) indexes. */
export interface TableShape {
  readonly columns: readonly string[];
  readonly indexes: readonly string[];
}

/**
 * Reads the user's tables of a database (neither the guard's own nor the protected ones), for
 * legacy detection and the drift report; never writes. Built on the inspector of a bookkeeping read, so that one read
 * lists the tables once.
 */
export class UserSchemaReader {
  constructor(
    private readonly inspector: SchemaInspector,
    private readonly protectedTables: ReadonlySet<string>,
  ) {}

  /** Tables other than the guard's own and the protected ones. */
  async readUserTables(): Promise<string[]> {
    return (await this.inspector.listTables()).filter((table) => this.isUserTable(table));
  }

  /** User tables with their columns, for legacy detection. */
  async readUserSchema(): Promise<Map<string, string[]>> {
    const all = await this.inspector.listTablesWithColumns();
    return new Map([...all].filter(([table]) => this.isUserTable(table)));
  }

  /** User tables with their columns and (non-primary) indexes, for the drift report: two queries, one after the other on one connection. */
  async readUserShapes(): Promise<Map<string, TableShape>> {
    const columns = await this.readUserSchema();
    const indexes = await this.inspector.listTablesWithIndexes();
    return new Map([...columns].map(([table, names]) => [table, { columns: names, indexes: indexes.get(table) ?? [] }] as const));
  }

  private isUserTable(table: string): boolean {
    return !GUARD_TABLES.includes(table) && !this.protectedTables.has(table);
  }
}

import type { SchemaInspector } from '../dialects/schema-inspector.js';
import { GUARD_TABLES } from './bookkeeping/guard-tables.js';

/**
 * Reads the user's tables of a database (neither the guard's own nor the protected ones), for
 * legacy detection; never writes. Built on the inspector of a bookkeeping read, so that one read
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

  private isUserTable(table: string): boolean {
    return !GUARD_TABLES.includes(table) && !this.protectedTables.has(table);
  }
}

import type { AbstractSqlConnection, Transaction } from '@mikro-orm/sql';
import type { SchemaInspector } from './schema-inspector.js';
import type { QueryRunner } from '../core/database-handle.js';
import { alembicRowsFor } from '../core/alembic-adoption.js';
import type { RevisionGraph } from '../core/revision-graph.js';

/** The table the Python app's Alembic records its current revision(s) in, one row per head. */
export const ALEMBIC_VERSION_TABLE = 'alembic_version';

/** Reads and rewrites Alembic's `alembic_version` table of one database. */
export class AlembicVersionStore {
  /** Reads go through `query`; `connection` is asked for only when the table is rewritten. */
  constructor(
    private readonly query: QueryRunner,
    private readonly inspector: SchemaInspector,
    private readonly connection: () => AbstractSqlConnection,
  ) {}

  /** The recorded revision ids, or null when the table does not exist. */
  async read(): Promise<string[] | null> {
    if (!(await this.inspector.tableExists(ALEMBIC_VERSION_TABLE))) return null;
    const rows = await this.query(`select version_num from ${ALEMBIC_VERSION_TABLE}`);
    return rows.map((row: Record<string, unknown>) => String(row.version_num));
  }

  /**
   * Makes the table hold the current heads of what `bookkeepingTable` records as applied, read
   * inside `trx` so that, on SQLite, it commits or rolls back with the change itself.
   */
  async syncTo(graph: RevisionGraph, bookkeepingTable: string, trx?: Transaction): Promise<void> {
    const connection = this.connection();
    const rows = await connection.execute(`select name from ${bookkeepingTable}`, [], 'all', trx);
    const heads = alembicRowsFor(graph, rows.map((row: Record<string, unknown>) => String(row.name)));
    await connection.execute(`delete from ${ALEMBIC_VERSION_TABLE}`, [], 'run', trx);
    for (const head of heads) {
      await connection.execute(`insert into ${ALEMBIC_VERSION_TABLE} (version_num) values (?)`, [head], 'run', trx);
    }
  }
}

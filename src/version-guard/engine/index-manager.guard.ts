import type { AbstractSqlConnection } from '@mikro-orm/sql';
import type { IndexManagerType } from '../../config/app-config.js';
import { createSchemaInspector } from './schema-inspector.js';
import { GuardError } from '../core/errors.js';
import { SETTINGS_TABLE } from './version.repository.js';
import { type ManagedDatabase } from '../core/database-handle.js';
import { dialectSupport } from '../dialects/registry.js';
import { messages } from '../core/messages/index.js';

const KEY = 'index_manager_type';

/** INDEX_MANAGER_TYPE differs from the one this deployment's data was created with. */
export class IndexManagerChangedError extends GuardError {
  readonly code = 'index_manager_changed';

  constructor(readonly recorded: string, readonly configured: string) {
    super(messages.indexManagerChanged(recorded, configured), messages.indexManagerChangedHelp(recorded, configured), 'agent');
  }
}

/** Records the vector store kind in the agent database and refuses a later change. */
export class IndexManagerGuard {
  constructor(private readonly agent: ManagedDatabase) {}

  /** The recorded kind, or null before the first start (reads only). */
  async recorded(): Promise<string | null> {
    const connection = this.connection();
    const inspector = createSchemaInspector(this.agent.dialect, (sql, params) => connection.execute(sql, params, 'all'));
    if (!(await inspector.tableExists(SETTINGS_TABLE))) return null;
    const rows = await connection.execute(`select value from ${SETTINGS_TABLE} where name = ?`, [KEY], 'all');
    return rows.length > 0 ? String((rows[0] as { value: unknown }).value) : null;
  }

  /** The error to refuse with when the configured kind differs from the recorded one. */
  async check(configured: IndexManagerType): Promise<IndexManagerChangedError | null> {
    const recorded = await this.recorded();
    return recorded !== null && recorded !== configured ? new IndexManagerChangedError(recorded, configured) : null;
  }

  /** Records `configured` when nothing is recorded yet (first start). */
  async recordIfFirst(configured: IndexManagerType): Promise<boolean> {
    if ((await this.recorded()) !== null) return false;
    const connection = this.connection();
    await connection.execute(
      `create table if not exists ${SETTINGS_TABLE} (name varchar(64) not null primary key, value varchar(255) not null)`,
    );
    // several processes may start at once: the first insert wins, the others are ignored
    const insert = dialectSupport(this.agent.dialect).insertIgnoringDuplicate(SETTINGS_TABLE, ['name', 'value']);
    await connection.execute(insert, [KEY, configured]);
    return true;
  }

  private connection(): AbstractSqlConnection {
    return this.agent.orm.em.getConnection() as AbstractSqlConnection;
  }
}

import { MigrationStorage } from '@mikro-orm/migrations';
import type { Transaction } from '@mikro-orm/sql';
import type { BookkeepingStore } from './bookkeeping-store.js';

/**
 * MikroORM's migration storage, for the migrator's own logging: it writes bookkeeping rows
 * through the store (a plain insert instead of an entity definition built for every row); the
 * table itself, and the reads and deletes of the migrator, stay MikroORM's. While `deferred` is
 * set (a plan running inside one SQLite transaction) rows are not written per revision: the
 * runner writes the applied ones with `logAll`, in the same transaction, so they commit or roll
 * back with the migrations.
 */
export class BookkeepingStorage extends MigrationStorage {
  deferred = false;

  /** `store` is asked for on first write: MikroORM builds its storage before the runner's fields exist. */
  constructor(driver: ConstructorParameters<typeof MigrationStorage>[0], options: ConstructorParameters<typeof MigrationStorage>[1], private readonly store: () => BookkeepingStore) {
    super(driver, options);
  }

  private schemaKnown = false;

  // MikroORM looks for, creates and reads its table in the dialect's default schema (PostgreSQL's
  // public); the session's own may be another (a role whose search_path names one), where the
  // revisions' tables and the guard's other tables are. Its name is asked once, first.
  override async ensureTable(): Promise<void> {
    if (!this.schemaKnown) {
      const schema = await this.store().tables.currentSchema();
      if (schema !== null) this.driver.config.set('schema', schema);
      this.schemaKnown = true;
    }
    await super.ensureTable();
  }

  override async logMigration(params: { name: string }, tx?: Transaction): Promise<void> {
    if (this.deferred) return;
    await this.logAll([params.name], tx);
  }

  /** Records `names` as applied, in this order (the table created first when missing). */
  async logAll(names: readonly string[], tx?: Transaction): Promise<void> {
    await this.ensureTable();
    await this.store().recordApplied(names.map((name) => this.getMigrationName(name)), tx);
  }
}

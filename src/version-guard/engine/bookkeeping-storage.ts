import { MigrationStorage } from '@mikro-orm/migrations';
import type { Transaction } from '@mikro-orm/sql';
import { ROWS_PER_INSERT } from './guard-tables.js';


/**
 * MikroORM's migration storage, writing bookkeeping rows with a plain insert instead of building
 * an entity definition for every row. While `deferred` is set (a plan running inside one SQLite
 * transaction) rows are not written per revision: the runner writes the applied ones with
 * `logAll`, in the same transaction, so they commit or roll back with the migrations.
 */
export class BookkeepingStorage extends MigrationStorage {
  deferred = false;

  override async logMigration(params: { name: string }, tx?: Transaction): Promise<void> {
    if (this.deferred) return;
    await this.logAll([params.name], tx);
  }

  /** Records `names` as applied, in this order, with one insert per `ROWS_PER_INSERT` rows. */
  async logAll(names: readonly string[], tx?: Transaction): Promise<void> {
    await this.ensureTable();
    const table = this.driver.getPlatform().quoteIdentifier(this.options.tableName!);
    for (let start = 0; start < names.length; start += ROWS_PER_INSERT) {
      const chunk = names.slice(start, start + ROWS_PER_INSERT).map((name) => this.getMigrationName(name));
      const values = chunk.map(() => '(?)').join(', ');
      await this.driver.getConnection().execute(`insert into ${table} (name) values ${values}`, chunk, 'run', tx);
    }
  }
}

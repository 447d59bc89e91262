import { Migration } from '@mikro-orm/migrations';
import { createSchemaInspector, type SchemaInspector } from '../dialects/schema-inspector.js';
import { dialectOfDriver } from '../dialects/registry.js';
import type { Dialect, RevisionInfo } from '../core/revision.js';

/** The static side of a revision class: its identity in the graph. */
export interface RevisionClass {
  readonly revision: RevisionInfo;
  new (...args: ConstructorParameters<typeof Migration>): RevisionMigration;
}

/**
 * Base class of every revision: a MikroORM `Migration` that declares its id, parents and message
 * in a static `revision` field, must implement `down`, and gets the idempotent schema checks that
 * let a migration run safely over a half-finished schema (or be retried after a MySQL failure).
 */
export abstract class RevisionMigration extends Migration {
  abstract override down(): Promise<void> | void;

  /** The dialect this migration is running against. */
  protected get dialect(): Dialect {
    return dialectOfDriver(this.driver);
  }

  /** Whether `table` exists now (queries run inside the migration's transaction). */
  protected tableExists(table: string): Promise<boolean> {
    return this.inspector().tableExists(table);
  }

  /** Whether `table` has a column named `column`. */
  protected columnExists(table: string, column: string): Promise<boolean> {
    return this.inspector().columnExists(table, column);
  }

  /** Whether `table` has an index named `index`. */
  protected indexExists(table: string, index: string): Promise<boolean> {
    return this.inspector().indexExists(table, index);
  }

  private inspector(): SchemaInspector {
    return createSchemaInspector(this.dialect, (sql, params) => this.execute(sql, params));
  }
}

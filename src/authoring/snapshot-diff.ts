import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { DatabaseName, Dialect } from '../version-guard/core/revision.js';
import { entityOptionsFor } from '../version-guard/engine/orm-options.js';
import { authoringMessages } from '../version-guard/core/messages/index.js';
import { dialectSupport } from '../version-guard/dialects/registry.js';

/** Name of the schema snapshot file kept in each migration set's source directory. */
export const SNAPSHOT_NAME = 'schema-snapshot';

/** MikroORM's migrator with its snapshot diff exposed: entities against the set's head schema. */
class SnapshotMigrator extends Migrator {
  /** The set's head schema as last recorded, or undefined when there is no snapshot yet. */
  headSchema() {
    return this.getSchemaFromSnapshot();
  }

  /** Records the entities' schema as the set's new head schema. */
  save(): Promise<void> {
    return this.storeCurrentSchema();
  }
}

/**
 * Diffs the entities against a migration set's snapshot, offline: no database server is needed
 * for either dialect (MikroORM compares its metadata with the stored schema).
 */
export class OfflineSchemaDiff {
  private constructor(
    private readonly orm: MikroORM,
    private readonly migrator: SnapshotMigrator,
  ) {}

  static async open(dialect: Dialect, database: DatabaseName, setDir: string, protectedTables: readonly string[]): Promise<OfflineSchemaDiff> {
    const options: Partial<Options> = {
      ...(await dialectSupport(dialect).offlineOptions()),
      ...(await entityOptionsFor(database, dialect)),
      schemaGenerator: { skipTables: [...protectedTables] },
      migrations: { path: setDir, snapshot: true, snapshotName: SNAPSHOT_NAME, silent: true, migrationsList: [] },
    };
    const orm = await MikroORM.init(options);
    return new OfflineSchemaDiff(orm, new SnapshotMigrator(orm.em as never));
  }

  /** Whether the set has a snapshot to diff against (without one, MikroORM would need a live database). */
  async hasSnapshot(): Promise<boolean> {
    return (await this.migrator.headSchema()) !== undefined;
  }

  /** Statements that take the set's head schema to the entities (`up`) and back (`down`). */
  async diff(): Promise<{ up: string[]; down: string[] }> {
    const fromSchema = await this.migrator.headSchema();
    if (!fromSchema) throw new Error(authoringMessages.noSnapshotToDiff());
    const { up, down } = await this.orm.schema.getUpdateSchemaMigrationSQL({ wrap: false, safe: false, dropTables: true, fromSchema });
    return { up: splitStatements(up), down: splitStatements(down) };
  }

  save(): Promise<void> {
    return this.migrator.save();
  }

  close(): Promise<void> {
    return this.orm.close(true);
  }
}

// MikroORM separates statements with ";\n"; a string literal containing one would be rejoined.
function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let buffer = '';
  for (const chunk of sql.split(/;\n/)) {
    buffer += (buffer ? ';\n' : '') + chunk;
    if (buffer.split("'").length % 2 === 0) continue;
    if (buffer.trim()) statements.push(buffer.trim().replace(/;$/, '') + ';');
    buffer = '';
  }
  return statements;
}

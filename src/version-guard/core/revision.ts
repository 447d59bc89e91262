/** Names of the two databases, in the order the guard checks them. */
export const DATABASE_NAMES = ['agent', 'ops'] as const;
export type DatabaseName = (typeof DATABASE_NAMES)[number];

/** The supported SQL dialects (each has a folder in src/version-guard/dialects/ and migration sets of its own). */
export const DIALECTS = ['sqlite', 'mysql', 'postgresql'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** A migration set is one (dialect, database) pair with its own revision history. */
export interface MigrationSetId {
  readonly dialect: Dialect;
  readonly database: DatabaseName;
}

/** `sqlite_agent`, `mysql_ops`, ...: the name operators use for a migration set. */
export function migrationSetName(set: MigrationSetId): string {
  return `${set.dialect}_${set.database}`;
}

/** All four migration sets. */
export const ALL_MIGRATION_SETS: readonly MigrationSetId[] = DIALECTS.flatMap((dialect) =>
  DATABASE_NAMES.map((database) => ({ dialect, database })),
);

/** What the graph needs to know about one revision; read without importing its code. */
export interface RevisionInfo {
  /** 12 lowercase hex characters. */
  readonly id: string;
  /** Zero parents: a root; one: a normal revision; several: a merge revision. */
  readonly parents: readonly string[];
  readonly message: string;
  /**
   * Whether code written for the schema before this revision can stop working after it (a drop,
   * rename, type or nullability change, data rewrite). Older builds still run on a database with
   * non-breaking revisions they do not know (state `ahead_compatible`).
   */
  readonly breaking: boolean;
}

/** Revision ids are 12 lowercase hex characters. */
export const REVISION_ID_PATTERN = /^[0-9a-f]{12}$/;

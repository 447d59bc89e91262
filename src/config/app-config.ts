import type { DatabaseLocation } from '../version-guard/dialects/dialect-support.js';
import type { DatabaseName, Dialect } from '../version-guard/core/revision.js';
import type { UpgradePolicy } from '../version-guard/core/operation-rules.js';

/** Vector store kinds; their data formats are incompatible. */
export const INDEX_MANAGER_TYPES = ['chroma', 'milvus'] as const;
export type IndexManagerType = (typeof INDEX_MANAGER_TYPES)[number];

export type { DatabaseLocation };

/** How logs are written: Nest's text lines, or one JSON object per line. */
export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The validated configuration; the only place settings come from. */
export interface AppConfig {
  readonly dbType: Dialect;
  readonly databases: Readonly<Record<DatabaseName, DatabaseLocation>>;
  readonly upgradePolicy: UpgradePolicy;
  readonly lockTimeoutMs: number;
  /**
   * DB_LOCK_LEASE_S: where the upgrade lock is a lease (MySQL), how long after its holder's last
   * renewal it is taken over; on PostgreSQL, about how long after its holder's host stopped
   * answering the server frees it. The holder tolerates a server that does not answer for ~70 % of it.
   */
  readonly lockLeaseMs: number;
  /** DB_DDL_LOCK_TIMEOUT_S: how long one migration statement may wait for a table lock. */
  readonly ddlLockTimeoutS: number;
  readonly backupBeforeUpgrade: boolean;
  readonly protectedTables: readonly string[];
  readonly indexManagerType: IndexManagerType;
  readonly port: number;
  /** Root holding `<dialect>/<database>/` migration sets. */
  readonly migrationsDir: string;
  readonly logFormat: LogFormat;
  /** Where SQLite backups go; null: next to each database file. */
  readonly backupDir: string | null;
  /** The locations of the database types not in use (files when a server is in use, URLs when files are), to warn that data never moves across types. */
  readonly inactive: { readonly filePaths: readonly string[]; readonly urlsSet: boolean };
}

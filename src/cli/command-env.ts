import type { AppConfig } from '../config/app-config.js';
import type { LegacyBaselines } from '../version-guard/core/legacy-baselines.port.js';
import type { DatabaseName } from '../version-guard/core/revision.js';
import type { RevisionCatalog, RevisionSetCode } from '../version-guard/engine/revision-catalog.js';
import type { ReadableDatabase } from '../version-guard/core/database-handle.js';
import type { CliContext, OpenOptions } from './cli-context.js';

/** Everything a command handler needs; `open` connects the engine only once input is validated. */
export interface CommandEnv {
  readonly config: AppConfig;
  readonly catalog: RevisionCatalog;
  readonly baselines: LegacyBaselines;
  /** Databases chosen with `--db`, agent first. */
  readonly chosen: readonly DatabaseName[];
  readonly json: boolean;
  out(text: string): void;
  err(text: string): void;
  /** Connects the chosen databases; mode `read` (read-only commands) creates nothing. */
  open(options?: OpenOptions): Promise<CliContext>;
  /** Opens the chosen databases for reading a status only (lighter than `open`). */
  openReadOnly(): Promise<CliContext<ReadableDatabase>>;
}

/** The code's migration sets for the chosen databases (no database is read). */
export function codeOfChosen(env: CommandEnv): Promise<RevisionSetCode[]> {
  return Promise.all(env.chosen.map((database) => env.catalog.load({ dialect: env.config.dbType, database })));
}

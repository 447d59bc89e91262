import type { MigrationSetId } from './revision.js';
import type { AlembicAliases } from './alembic-adoption.js';
import type { ReleaseBaseline } from './legacy-detector.js';

/** The release baselines of SPEC §3, keyed by release name, for one migration set. */
export interface LegacyBaselines {
  /** The first release that recorded revisions; databases of older ones have no history. */
  readonly trackingRelease: string;
  releasesOf(set: MigrationSetId): Readonly<Record<string, ReleaseBaseline>>;
  /** Old-branch ids of the Python app's Alembic history and the main-line revision each is adopted as. */
  alembicAliasesOf(set: MigrationSetId): AlembicAliases;
}

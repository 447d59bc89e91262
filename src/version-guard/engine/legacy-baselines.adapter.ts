import type { LegacyBaselines } from '../core/legacy-baselines.port.js';
import { migrationSetName } from '../core/revision.js';
import { loadAlembicAliases } from './alembic-aliases.js';
import { defaultBaselinesDir, loadBaselines } from './legacy-baselines.js';

/** The release baselines from `legacy-baselines/baselines.json`, as the engine reads them. */
export async function loadLegacyBaselines(dir: string = defaultBaselinesDir()): Promise<LegacyBaselines> {
  const [baselines, aliases] = await Promise.all([loadBaselines(dir), loadAlembicAliases(dir)]);
  return {
    trackingRelease: baselines.trackingRelease,
    releasesOf: (set) => baselines.sets[migrationSetName(set)]?.releases ?? {},
    alembicAliasesOf: (set) => aliases.sets[migrationSetName(set)] ?? {},
  };
}

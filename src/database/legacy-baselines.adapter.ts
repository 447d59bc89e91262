import type { LegacyBaselines } from '../version-guard/legacy-baselines.port.js';
import { migrationSetName } from '../version-guard/revision.js';
import { loadBaselines } from './legacy-baselines.js';

/** The release baselines from `legacy-baselines/baselines.json`, as the engine reads them. */
export async function loadLegacyBaselines(dir?: string): Promise<LegacyBaselines> {
  const baselines = await loadBaselines(dir);
  return {
    trackingRelease: baselines.trackingRelease,
    releasesOf: (set) => baselines.sets[migrationSetName(set)]?.releases ?? {},
  };
}

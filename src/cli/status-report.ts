import type { DatabaseState, DatabaseStatus } from '../version-guard/core/database-status.js';
import { toStatusJson } from '../version-guard/core/database-status.js';

const ids = (list: readonly string[]) => (list.length > 0 ? list.join(', ') : '(none)');

/** Human-readable status of one database. */
export function formatStatus(status: DatabaseStatus): string {
  const lines = [
    `${status.name} database (${status.dialect}): ${status.state}`,
    `   Current version: ${ids(status.current)}`,
    `   Latest version: ${ids(status.heads)}`,
    `   Pending: ${ids(status.pending)}`,
  ];
  if (status.legacyRelease) lines.push(`   Legacy release: ${status.legacyRelease} (stamp as ${status.legacy?.revision})`);
  if (status.state === 'legacy_unrecognized' && status.legacy) {
    lines.push(`   Missing against release ${status.legacy.nearestRelease}: ${ids(status.legacy.missing)}`);
  }
  if (status.adoptedFrom) lines.push(`   Adopted from: ${status.adoptedFrom} (alembic_version is kept at the current version)`);
  if (status.state === 'ahead_compatible') lines.push(`   Newer than this code, not breaking: ${ids(status.unknown)}`);
  if (status.ahead) lines.push(`   Older code cannot run on it: ${status.ahead.reason}`);
  if (status.foreignSet) lines.push(`   Belongs to migration set: ${status.foreignSet}`);
  if (status.failure) lines.push(`   Failed at ${status.failure.revision} (${status.failure.failedAt}): ${status.failure.error}`);
  return lines.join('\n');
}

/** The `status --json` document of SPEC §6. */
export function statusJson(statuses: readonly DatabaseStatus[]): string {
  return JSON.stringify({ databases: statuses.map(toStatusJson) });
}

const TO_DO: ReadonlySet<DatabaseState> = new Set(['behind', 'empty', 'legacy', 'failed']);

// an older build on a newer, compatible schema starts: nothing for this code to do
const FINE: ReadonlySet<DatabaseState> = new Set(['up_to_date', 'ahead_compatible']);

/** `check` exit status: 0 all at head (or compatibly ahead), 1 something to do, 2 a refusing state. */
export function checkExitStatus(statuses: readonly DatabaseStatus[]): 0 | 1 | 2 {
  if (statuses.some((s) => !FINE.has(s.state) && !TO_DO.has(s.state))) return 2;
  return statuses.some((s) => TO_DO.has(s.state)) ? 1 : 0;
}

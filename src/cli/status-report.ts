import type { DatabaseStatus } from '../version-guard/core/database-status.js';
import { checkVerdict } from '../version-guard/core/operation-rules.js';
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

/** `check` exit status: 0 all at head (or compatibly ahead), 1 something to do, 2 a refusing state. */
export function checkExitStatus(statuses: readonly DatabaseStatus[]): 0 | 1 | 2 {
  const verdicts = statuses.map((status) => checkVerdict(status.state));
  if (verdicts.includes('refusing')) return 2;
  return verdicts.includes('to_do') ? 1 : 0;
}

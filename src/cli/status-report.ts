import type { DatabaseStatus } from '../version-guard/core/database-status.js';
import { checkVerdict } from '../version-guard/core/operation-rules.js';
import { toStatusJson } from '../version-guard/core/database-status.js';
import { cliMessages } from '../version-guard/core/messages/index.js';

/** Human-readable status of one database. */
export function formatStatus(status: DatabaseStatus): string {
  const text = cliMessages.status;
  const lines = [
    text.header(status.name, status.dialect, status.state),
    text.current(status.current),
    text.latest(status.heads),
    text.pending(status.pending),
  ];
  if (status.legacyRelease) lines.push(text.legacyRelease(status.legacyRelease, status.legacy?.revision));
  if (status.state === 'legacy_unrecognized' && status.legacy) {
    const { nearestRelease, missing, extraTables } = status.legacy;
    lines.push(nearestRelease ? text.missingAgainst(nearestRelease, missing) : cliMessages.holdsOfNoRelease(extraTables));
  }
  if (status.adoptedFrom) lines.push(text.adoptedFrom(status.adoptedFrom));
  if (status.state === 'ahead_compatible') lines.push(text.newerNotBreaking(status.unknown));
  if (status.ahead) lines.push(text.olderCannotRun(status.ahead.reason));
  if (status.foreignSet) lines.push(text.belongsTo(status.foreignSet));
  if (status.failure) lines.push(text.failedAt(status.failure.revision, status.failure.failedAt, status.failure.error));
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

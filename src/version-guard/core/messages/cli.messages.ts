import { quoteInput } from '../quote-input.js';

import { idsOrNone as ids, listSome, plural } from './words.js';

/** Texts of the `db` command line: usage errors, reports and the lines each command prints. */
export const cliMessages = {
  help: () => 'run `npm run db -- --help` for the commands and options',
  /** A usage error as printed: one line. */
  usageLine: (text: string) => `db: ${text}`,
  /** An unexpected error (no guard error): its first line, then where to look. */
  unexpected: (firstLine: string) => `❌ ${firstLine}\n   Fix: ${cliMessages.help()}`,
  notADatabase: (value: string) => `--db ${quoteInput(value)} is not a database; use agent, ops or all`,
  notARevision: (command: string, value: string, forms: string) => `${command}: ${quoteInput(value)} is not a revision; use ${forms}`,
  notAStepCount: (command: string, value: string) =>
    `${command}: ${quoteInput(value)} is not a step count; use ${value[0]}1, ${value[0]}2, ...`,
  upgradeForms: () => 'head, +N or a revision id',
  downgradeForms: () => '-N, base or a revision id',
  stampForms: () => 'head, base, a release such as v0.1.2, or a revision id',
  downgradeTargetRequired: () => 'downgrade: a target is required: -N, a revision id, or base',
  stampTargetRequired: () => 'stamp: a target is required: a revision id, head, base, or a release such as v0.1.2',
  autogenerateOrManual: () => 'revision: choose --autogenerate or --manual, not both',
  reviewNewRevisions: () => 'Review the new revisions, then `npm run build` to use them.',
  authored: (set: string, file: string, note: string) => `✓ ${set}: ${file} (${note})`,
  notAuthored: (set: string, note: string) => `- ${set}: ${note}`,

  // upgrade, downgrade, stamp
  /** After an upgrade or downgrade: where the database now is. */
  nowAt: (db: string, current: readonly string[]) => `${db} database: now at ${current.length > 0 ? current.join(',') : 'base'}`,
  /** `upgrade --sql`: the comment heading one database's statements. */
  sqlHeader: (db: string, dialect: string, count: number, from: readonly string[], to?: string) =>
    `-- ${db} database (${dialect}): ${count} revision(s) from ${from.length > 0 ? from.join(',') : 'empty'}${count > 0 && to ? ` to ${to}` : ''}`,
  /** `upgrade --sql`: the comment heading one revision's statements. */
  sqlRevision: (id: string, message: string) => `\n-- ${id} ${message}`,
  upgradeOutOfRange: (steps: number, pending: number, set: string) =>
    `upgrade +${steps}: only ${pending} revision(s) are pending in ${set}`,
  upgradeOutOfRangeHelp: () => 'use a smaller step count, or `upgrade` for head',
  downgradeOutOfRange: (steps: number, applied: number, db: string) =>
    `downgrade -${steps}: only ${applied} revision(s) are applied to the ${db} database`,
  downgradeOutOfRangeHelp: () => 'use a smaller step count, or `downgrade base` to revert everything',
  stampHeadHeads: (set: string, heads: readonly string[]) =>
    `stamp head: ${set} has ${heads.length} heads (${heads.join(', ')}); name one revision`,
  stampNoBaseline: (release: string, set: string, known: readonly string[]) =>
    `stamp: release ${release} has no baseline in ${set}; known releases: ${known.join(', ')}`,
  repaired: (db: string, set: string, changed: readonly string[]) =>
    changed.length > 0
      ? `${db} database: accepted the current code of ${changed.join(', ')} of ${set}`
      : `${db} database: every applied revision matches its code; checksums recorded`,

  /** `status` and `detect` on an untracked database of a set no release made without history (PostgreSQL): what it holds. */
  holdsOfNoRelease: (tables: readonly string[]) => `   No release made this set's databases without history; it holds: ${listSome(tables)}`,

  // status, check
  status: {
    header: (db: string, dialect: string, state: string) => `${db} database (${dialect}): ${state}`,
    current: (list: readonly string[]) => `   Current version: ${ids(list)}`,
    latest: (list: readonly string[]) => `   Latest version: ${ids(list)}`,
    pending: (list: readonly string[]) => `   Pending: ${ids(list)}`,
    legacyRelease: (release: string, revision: string | null | undefined) => `   Legacy release: ${release} (stamp as ${revision})`,
    missingAgainst: (release: string | null | undefined, missing: readonly string[]) =>
      `   Missing against release ${release}: ${ids(missing)}`,
    adoptedFrom: (table: string) => `   Adopted from: ${table} (alembic_version is kept at the current version)`,
    newerNotBreaking: (unknown: readonly string[]) => `   Newer than this code, not breaking: ${ids(unknown)}`,
    olderCannotRun: (reason: string) => `   Older code cannot run on it: ${reason}`,
    belongsTo: (set: string) => `   Belongs to migration set: ${set}`,
    failedAt: (revision: string, failedAt: string, error: string) => `   Failed at ${revision} (${failedAt}): ${error}`,
  },
  drift: (db: string, drift: readonly string[]) =>
    drift.length > 0 ? `\n${db} database: schema drift\n${drift.map((d) => `   ${d}`).join('\n')}` : `\n${db} database: no schema drift`,

  // heads, history
  headsOf: (set: string, count: number) => `${set}: ${plural(count, 'head')}`,
  headLine: (id: string, message: string) => `   ${id} ${message}`,
  historyOf: (set: string) => `${set}:`,
  historyLine: (parents: readonly string[], id: string, head: boolean, message: string) =>
    `   ${parents.length > 0 ? parents.join(', ') : '<base>'} -> ${id}${head ? ' (head)' : ''}${parents.length > 1 ? ' (merge)' : ''}, ${message}`,
  historyDetails: (breaking: boolean, file: string, checksum: string) =>
    `      breaking: ${breaking ? 'yes' : 'no'}\n      file: ${file}\n      checksum: ${checksum}`,

  // detect
  detect: {
    notLegacy: (db: string) => `${db} database: not a legacy database (it is empty or has migration history)`,
    recognised: (db: string, release: string | null, revision: string | null) =>
      `${db} database: created by release ${release}; its revision id is ${revision}`,
    unrecognised: (db: string) => `${db} database: unrecognised: no release schema is complete`,
    nearest: (release: string, missing: readonly string[]) => `   Nearest release: ${release}; missing: ${missing.join(', ')}`,
    extraTables: (tables: readonly string[]) => `   Warning: tables of no release: ${tables.join(', ')}`,
  },
};

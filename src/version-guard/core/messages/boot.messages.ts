import type { DatabaseStatus } from '../database-status.js';
import { cliCommand } from './cli-command.js';
import { migrationSetName } from '../revision.js';
import { idsOrNone as list, listSome, plural } from './words.js';

const setOf = (s: DatabaseStatus) => migrationSetName({ dialect: s.dialect, database: s.name });

/** Every text the guard prints or puts in an error, as functions; tests assert them verbatim. */
export const messages = {
  upToDate: (db: string, current: readonly string[], heads: readonly string[]) =>
    [
      `✅ ${db} database: version is already up to date`,
      `   Current version: ${current.join(',')}`,
      `   Latest version: ${heads.join(',')}`,
    ].join('\n'),
  checkOff: (s: DatabaseStatus) =>
    `⚠️ ${s.name} database: version check skipped (DB_UPGRADE_POLICY=off); state ${s.state}, current ${list(s.current)}, latest ${list(s.heads)}. Nothing was checked or upgraded.`,
  upgradePlan: (db: string, from: readonly string[], to: readonly string[], count: number) =>
    `${db} database: upgrading from ${from.length > 0 ? from.join(',') : 'empty'} to ${to.join(',')} (${plural(count, 'revision')})`,
  stamped: (db: string, release: string, revision: string) =>
    `${db} database: recognised a database created by release ${release}; stamped it as ${revision}`,
  revisionApplied: (db: string, id: string, message: string, ms: number) =>
    `${db} database: applied ${id} ${message} (${ms} ms)`,
  upgraded: (db: string, heads: readonly string[], count: number, ms: number) =>
    `✅ ${db} database: upgraded to ${heads.join(',')} (${plural(count, 'revision')} in ${ms} ms)`,
  nothingToApply: (db: string, current: readonly string[]) =>
    `${db} database: nothing to apply, already at ${current.length > 0 ? current.join(',') : 'base'}`,
  reverted: (db: string, id: string, message: string, ms: number) => `${db} database: reverted ${id} ${message} (${ms} ms)`,
  stampedTo: (db: string, target: string, added: number, removed: number) =>
    `${db} database: stamped at ${target} (${added} recorded, ${removed} removed; no migration ran)`,
  legacyExtraTables: (db: string, tables: readonly string[]) =>
    `⚠️ ${db} database: tables that belong to no release are left as they are: ${tables.join(', ')}`,
  backedUp: (db: string, file: string, action = 'upgrading') => `${db} database: backed up to ${file} before ${action}`,
  indexManagerRecorded: (type: string) => `agent database: recorded INDEX_MANAGER_TYPE=${type} for this deployment`,
  // `denied`: the fault's message (`<db> database: the database user lacks a privilege this needs (…)`)
  indexManagerNotRecorded: (denied: string, type: string) =>
    `⚠️ ${denied}: INDEX_MANAGER_TYPE=${type} is not recorded, so a later change of it goes unnoticed until a start that may create tables in the agent database records it`,
  lineageNotRecorded: (denied: string) =>
    `⚠️ ${denied}: the lineage of revisions applied by an earlier release is not recorded, so an older build treats them as unknown until a start that may write to this database records it`,
  drift: (db: string, drift: readonly string[]) =>
    [`⚠️ ${db} database: the schema differs from the entities at head (schema drift):`, ...drift.map((d) => `   ${d}`)].join('\n'),
  sqliteDataUnused: (dbType: string, paths: readonly string[]) =>
    `⚠️ DB_TYPE=${dbType}, but SQLite files with data exist (${paths.join(', ')}): they are not used, and data never moves across database types by itself`,
  mysqlUnused: (dbType: string) =>
    `⚠️ DB_TYPE=${dbType}, but AGENT_DB_URL/OPS_DB_URL are set: those MySQL databases are not used, and data never moves across database types by itself`,
  aheadCompatible: (s: DatabaseStatus) =>
    `⚠️ ${s.name} database: it has revision${s.unknown.length === 1 ? '' : 's'} ${s.unknown.join(', ')}, newer than this code (latest ${s.heads.join(',')}), recorded as not breaking: starting anyway (a rolling deploy or a rollback)`,
  stillApplying: (db: string, revision: string, position: number, total: number, seconds: number) =>
    `${db} database: still applying ${revision} (${position} of ${total}), ${seconds} s so far`,
  probesOnly: (port: number) =>
    `port ${port} open for the health probes only while the databases are upgraded (/health/live, /health/ready); other routes wait`,
  migrateOnlyDone: () => 'both databases are at head (--migrate-only): exiting without serving',
  waitingForLock: (db: string, holder: string) =>
    `${db} database: another process is upgrading it (${holder}); waiting for its lock`,

  refusalHeader: (s: DatabaseStatus) => `❌ ${s.name} database: refusing to start (state: ${s.state})`,
  /** The lines under a refusal or failure header. */
  block: {
    current: (ids: readonly string[]) => `   Current version: ${ids.length > 0 ? ids.join(',') : '(none)'}`,
    latest: (ids: readonly string[]) => `   Latest version: ${ids.join(',')}`,
    latestOrNone: (ids: readonly string[]) => `   Latest version: ${ids.length > 0 ? ids.join(',') : '(none)'}`,
    problem: (text: string) => `   Problem: ${text}`,
    fix: (text: string) => `   Fix: ${text}`,
  },
  /** A refusal's problem line as it starts the error's message. */
  refused: (db: string, problem: string) => `${db} database: ${problem}`,
  upgradeFailedHeader: (db: string) => `❌ ${db} database: upgrade failed (state: failed)`,
  /** An error without a block of its own: what is wrong, then what to run. */
  plainError: (message: string, help: string) => `❌ ${message}\n   Fix: ${help}`,
  upgradeFailed: (db: string, revision: string, cause: string, set?: string) =>
    `${db} database: upgrade failed at revision ${revision}${set ? ` of ${set}` : ''}: ${cause}`,
  upgradeFailedExplainedHelp: (db: string, help: string) => `${help}; then ${cliCommand('upgrade', db)} or start again with --migrate`,
  upgradeFailedHelp: (db: string) =>
    `fix the cause, then ${cliCommand('upgrade', db)} or start again with --migrate; ${cliCommand('status', db)} shows the recorded failure`,
  unreachable: (db: string, location: string, reason: string) => `${db} database: cannot open ${location} (${reason})`,
  unreachableHelp: (key: string) =>
    key.endsWith('_PATH')
      ? `check ${key} and DB_TYPE: the file's directory must exist or be creatable, and be writable`
      : `check ${key} and DB_TYPE, and that the database server is running and reachable`,
  backupFailed: (db: string, target: string, reason: string) =>
    `${db} database: the backup before upgrading could not be written to ${target}: ${reason}; nothing was changed`,
  backupFailedHelp: () =>
    'make the backup directory writable (DB_BACKUP_DIR, default: next to the database file) and start again, or set DB_BACKUP_BEFORE_UPGRADE=false',
  portInUse: (port: number) => `port ${port} is already in use by another process; the databases were checked, but the app cannot listen`,
  portInUseHelp: () => 'stop the other process or set PORT to a free port, then start again',
  startFailed: (message: string, detail: string) => `❌ The application failed to start: ${message}\n${detail}\n`,
  listening: (port: number) => `listening on port ${port}`,
  connectionsClosed: (signal?: string) => `closed the agent and ops database connections${signal ? ` (${signal})` : ''}`,
  indexManagerChanged: (recorded: string, configured: string) =>
    `INDEX_MANAGER_TYPE is ${configured}, but this deployment's data was created with ${recorded}: Chroma and Milvus store vectors in incompatible formats, so ${configured} cannot read the existing index`,
  indexManagerChangedHelp: (recorded: string, configured: string) =>
    `set INDEX_MANAGER_TYPE=${recorded} to go back; moving to ${configured} means re-indexing the knowledge bases into a new deployment`,
  /** One line of a schema drift report. */
  driftLine: {
    missing: (what: string) => `${what}: expected by the entities, missing in the database`,
    extra: (what: string) => `${what}: in the database, not in the entities`,
  },
  /** Why an older build cannot run on a database that is ahead of it. */
  aheadReason: {
    diverged: (pending: readonly string[]) => `the history diverged: the code's revisions ${pending.join(', ')} are not applied`,
    noLineage: (id: string) => `revision ${id} was recorded without its parents and breaking flag`,
    breaking: (id: string) => `revision ${id} is breaking`,
    divergedAt: (id: string, parent: string, parentKnown: boolean) =>
      `the history diverged: revision ${id} follows ${parent}, which is ${parentKnown ? "not the code's head" : 'not applied'}`,
  },
  unknownDialect: (dialect: string, supported: readonly string[]) => `unknown database type "${dialect}"; supported: ${supported.join(', ')}`,
  unknownDriver: (name: string) => `driver ${name}`,
  notADirectory: (dir: string) => `${dir} is not a directory`,
  notADirectoryCode: (dir: string) => `ENOTDIR: ${dir} is not a directory`,
  unknownError: () => 'unknown error',
  noPackageJson: (from: string) => `no package.json above ${from}`,
  readOnlyOpened: (db: string) => `the ${db} database was opened read-only`,
  problem: {
    behind: (s: DatabaseStatus) =>
      `${plural(s.pending.length, 'pending revision')} not applied: ${s.pending.join(', ')} (DB_UPGRADE_POLICY=check)`,
    ahead: (s: DatabaseStatus) =>
      `the database has revision ${s.unknown.join(', ')}, which this code does not know: it was upgraded by a newer release` +
      (s.ahead ? `, and older code cannot run on it: ${s.ahead.reason}` : ''),
    ahead_compatible: (s: DatabaseStatus) =>
      `the database has revision ${s.unknown.join(', ')}, newer than this code and not breaking: this code runs on it but cannot change its history`,
    foreign: (s: DatabaseStatus) =>
      `the database holds revision ${s.unknown.join(', ')} of the ${s.foreignSet} migration set, not ${setOf(s)}: the database locations are probably swapped or wrong`,
    multiple_heads: (s: DatabaseStatus) =>
      `the ${setOf(s)} migration set has ${s.heads.length} heads (${s.heads.join(', ')}): parallel revisions were not merged`,
    legacy: (s: DatabaseStatus) =>
      `the database was created by release ${s.legacyRelease} (no migration history); it must be stamped as ${s.legacy?.revision} and upgraded`,
    legacy_unrecognized: (s: DatabaseStatus) =>
      `the database has tables but no migration history, and no release schema is complete in it` +
      (s.legacy?.nearestRelease
        ? `; against release ${s.legacy.nearestRelease} it is missing: ${s.legacy.missing.join(', ')}`
        : `; no release ever made this set's databases without history, and it holds: ${listSome(s.legacy?.extraTables ?? [])}`),
    failed: (s: DatabaseStatus) =>
      `a previous upgrade failed at revision ${s.failure?.revision} of ${setOf(s)} (${s.failure?.failedAt}): ${s.failure?.error}`,
    modified: (s: DatabaseStatus) =>
      `the code of applied revision ${s.modified.join(', ')} of ${setOf(s)} changed since it ran (checksum differs); the database may not match what the code now says it did`,
  },
  fix: {
    behind: (s: DatabaseStatus) =>
      `${cliCommand('upgrade', s.name)}, or start once with --migrate (npm run start:migrate), or set DB_UPGRADE_POLICY=auto`,
    ahead: (s: DatabaseStatus) =>
      `start the newer release again, or downgrade with that release's code (npm run db -- downgrade --db ${s.name} <revision>)`,
    ahead_compatible: (s: DatabaseStatus) =>
      `use the newer release's CLI to change ${s.name} (it knows ${s.unknown.join(', ')})`,
    foreign: (s: DatabaseStatus) =>
      `point ${s.locationKey ?? `the ${s.name} database's location`} at the ${s.name} database (check DB_TYPE and both locations)`,
    multiple_heads: () => `npm run db -- merge -m "fix: merge parallel revisions", then start again`,
    legacy: (s: DatabaseStatus) =>
      `start once with --migrate (npm run start:migrate), or run ${cliCommand(`stamp v${s.legacyRelease}`, s.name)} then ${cliCommand('upgrade', s.name)}`,
    legacy_unrecognized: (s: DatabaseStatus) =>
      `compare the database with legacy-baselines/ (${cliCommand('detect', s.name)}); restore the missing tables or a backup, then start again`,
    failed: (s: DatabaseStatus) =>
      `fix the cause, then ${cliCommand('upgrade', s.name)} or start once with --migrate`,
    modified: (s: DatabaseStatus) => `${cliCommand('repair', s.name)} to accept the current code`,
  },
  lockLost: (db: string, revision: string, reason: string) =>
    `${db} database: stopped before recording revision ${revision || '(none)'}: the upgrade lock was lost (${reason}); nothing more was written, another process may be upgrading now`,
  lockLostHelp: (db: string) =>
    `start again (or ${cliCommand('upgrade', db)}): it waits for the other process and applies whatever is still pending; check the network path to the database server`,
  ddlLockTimeout: (seconds: number, holders: string) =>
    `a statement waited more than ${seconds} s (DB_DDL_LOCK_TIMEOUT_S) for a table lock held by ${holders}; end that session's transaction or lock, or raise DB_DDL_LOCK_TIMEOUT_S`,
  lockInUse: (db: string, lock: string) => `${db} database: upgrade lock: ${lock}`,
  lockTimeout: (db: string, seconds: number, holder: string) =>
    `${db} database: gave up after ${seconds} s waiting for another process's upgrade lock (held by ${holder})`,
  lockTimeoutHelp: (db: string, lockHint: string) =>
    `wait for the other process to finish and start again, or raise DB_LOCK_TIMEOUT_S; if no process is upgrading ${db}, ${lockHint}`,
};

import { cliCommand } from './cli-command.js';

/** Texts for database faults (locks, damaged files, privileges, lost servers); tests assert them verbatim. */
export const faultMessages = {
  locked: (db: string, file: string, seconds: number) =>
    `${db} database: ${file} is locked by another program that holds a write transaction on it (for example the sqlite3 shell inside BEGIN IMMEDIATE or BEGIN EXCLUSIVE); gave up after ${seconds} s`,
  lockedHelp: () =>
    'end the other program\'s transaction (COMMIT or ROLLBACK) or close it, then try again; raise DB_LOCK_TIMEOUT_S to wait longer',
  damaged: (db: string, file: string) => `${db} database: ${file} is not a SQLite database or is damaged`,
  damagedHelp: (file: string) =>
    `restore ${file} from a backup (README, section "Backups"; the backups taken before each upgrade are named ${file.split('/').pop()}.<revision>.<time>.bak), then start again`,
  readOnly: (db: string, file: string) => `${db} database: ${file} cannot be written (read-only file, directory or file system)`,
  readOnlyHelp: (file: string) => `make ${file} and its directory writable by this process, then try again`,
  readOnlyServer: (db: string, location: string, reason: string) =>
    `${db} database: the server of ${location} accepts no writes (${reason}): a replica, a reader endpoint, or a server in read-only mode`,
  readOnlyServerHelp: (locationKey: string) => `point ${locationKey} at the primary (writable) server, or end its read-only mode, then try again`,
  /** The cause a MySQL session setup gives for a Galera node with wsrep_ready=OFF (the reason in `nodeNotReady`). */
  galeraNodeNotReady: () => 'this node is not part of the primary component (wsrep_ready=OFF)',
  nodeNotReady: (db: string, location: string, reason: string) =>
    `${db} database: the cluster node of ${location} serves no clients now (${reason}): it is cut off from the cluster's primary component, or still joining it`,
  nodeNotReadyHelp: (locationKey: string) =>
    `point ${locationKey} at a node of the primary component, or at a load balancer that routes only to synced nodes (wsrep_ready=ON), then try again; the node serves again once it rejoins`,
  cannotCreate: (db: string, file: string) => `${db} database: cannot create ${file} (its directory is read-only or missing)`,
  cannotCreateHelp: (file: string) => `make the directory of ${file} exist and writable by this process, then try again`,
  diskFull: (db: string, file: string) => `${db} database: the disk holding ${file} is full`,
  diskFullHelp: () => 'free some space on that disk (the upgrade was rolled back), then try again',
  denied: (db: string, reason: string) => `${db} database: the database user lacks a privilege this needs (${reason})`,
  /** `grant`: what the dialect's fix is (`privileges` below). */
  deniedHelp: (grant: string, locationKey: string) => `${grant}, then try again (${locationKey})`,
  /** How to give a user what revisions need, per dialect (the start of `deniedHelp`). */
  privileges: {
    mysql: (dbName: string) => `grant the user all privileges on ${dbName} (GRANT ALL ON \`${dbName}\`.* TO …), or use a user that has them`,
    postgresql: (dbName: string) =>
      `to apply revisions, use the role that owns ${dbName} and its tables (PostgreSQL lets only a table's owner alter or drop one; CREATE on the schema suffices for revisions that only add tables); a user that starts the app at head needs only SELECT on them (GRANT SELECT ON ALL TABLES IN SCHEMA public TO …)`,
    sqlite: (file: string) => `make ${file} and its directory writable by this process`,
  },
  connectionLost: (db: string, location: string, reason: string) => `${db} database: lost the connection to ${location} mid-way (${reason})`,
  connectionLostHelp: (db: string) =>
    `make sure the server is running and reachable, then run ${cliCommand('status', db)} and try again; revisions already applied stay applied`,
  damagedBookkeeping: (db: string, table: string, count: number) =>
    `${db} database: the bookkeeping table ${table} is damaged: ${count} row${count === 1 ? ' has' : 's have'} no revision name`,
  damagedBookkeepingHelp: (db: string, table: string) =>
    `delete the rows without a name (delete from ${table} where name is null or name = ''), then run ${cliCommand('status', db)}; restore a backup if unsure`,
  notADirectory: (dir: string) => `${dir} is not a directory: a part of that path is a file`,
  recordingFailed: (reason: string) => `the failure could not be recorded either (${reason})`,
  recordingFailedSame: () => 'the failure could not be recorded either, for the same reason',
  failed: (db: string, reason: string) => `${db} database: the operation failed: ${reason}`,
  failedHelp: (db: string) => `fix the cause, then run ${cliCommand('status', db)} to see where the database stands`,
  notApplied: (db: string, revision: string, current: readonly string[]) =>
    `${db} database: cannot downgrade to ${revision}: it is not applied (the database is at ${current.length > 0 ? current.join(',') : 'base'})`,
  notAppliedHelp: (db: string) =>
    `choose a revision the database has (npm run db -- history, ${cliCommand('status', db)}), or base`,
};

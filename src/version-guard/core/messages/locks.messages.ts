import { plural } from './words.js';

/** Texts naming an upgrade lock, its holder and how to clear it, per dialect; the engine puts them into its lines. */
export const lockMessages = {
  sqlite: {
    clearHint: (lockPath: string) => `make sure no other process uses the database; the lock (${lockPath}) is released when its process exits`,
    description: (lockPath: string) => `write lock on ${lockPath}`,
    unknownHolder: () => 'another process',
    /** What the lock's owner file says about its holder. */
    owner: (pid: number, host: string, since: string) => `pid ${pid} on ${host} since ${since}`,
  },
  mysql: {
    clearHint: (ttlS: number, table: string) =>
      `a lock whose holder stopped renewing it is taken over ${ttlS} s after its last renewal; to clear it at once run DELETE FROM ${table}`,
    description: (table: string, topology: string, ttlS: number) =>
      `lease row in ${table} (${topology}, taken over ${ttlS} s after its holder stops renewing it)`,
    justFinished: () => 'a process that just finished',
    holder: (holder: string, connectionId: unknown, since: string, silentS: string) =>
      `${holder} over MySQL connection ${connectionId}, since ${since}, last renewed ${silentS} s ago`,
    session: (id: unknown, user: unknown, host: unknown, inTransaction: boolean, doing: string) =>
      `MySQL connection ${id} (${user}@${host}${inTransaction ? ', in an open transaction' : ''}, ${doing})`,
    running: (statement: string) => `running: ${statement}`,
    idle: (command: string, seconds: unknown) => `${command} for ${seconds} s`,
    topology: {
      galera: (nodes: number) => `Galera cluster of ${plural(nodes, 'node')}`,
      group_replication: (members: number) => `Group Replication of ${plural(members, 'member')}`,
      single: () => 'single server',
    },
  },
  postgresql: {
    clearHint: () =>
      `the server frees it when the holding session ends; find it with SELECT pid FROM pg_locks WHERE locktype = 'advisory' and end it with SELECT pg_terminate_backend(<pid>)`,
    description: (freedS: number) =>
      `session advisory lock on its own connection (released by the server when the process dies, or about ${freedS} s after its host stops answering)`,
    /** The holder learnt that the lock's session is gone (the server freed the lock with it). */
    sessionEnded: (why: string) => `the lock's session on the server ended (${why})`,
    justFinished: () => 'a session that just finished',
    holder: (pid: number, application: string, client: string | null, since: string) =>
      `PostgreSQL backend ${pid} (${application || 'no application name'}, ${client ?? 'local socket'}, since ${since})`,
    session: (pid: number, application: string, client: string | null, state: string, query: string) =>
      `PostgreSQL backend ${pid} (${application || 'no application name'}, ${client ?? 'local socket'}, ${state}: ${query})`,
  },
  /** Why a holder must consider a lease lost (MySQL's lease row; PostgreSQL's lock session). */
  lease: {
    takenOver: () => 'another process took the lock over',
    notRenewed: (silentS: string) => `the lock could not be renewed for ${silentS} s (connection to the server lost)`,
  },
  sessionEnded: () => 'a session that has ended since',
  sessionUnidentified: () => 'a session that could not be identified',
};

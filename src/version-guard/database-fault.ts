import type { AppConfig, DatabaseLocation } from '../config/app-config.js';
import { GuardError } from './errors.js';
import { faultMessages } from './fault.messages.js';
import { DatabaseUnreachableError } from './startup.errors.js';

/** A database failed in a way the operator can fix (a lock, a damaged file, a privilege, a full disk). */
export class DatabaseFaultError extends GuardError {
  constructor(
    readonly code: string,
    message: string,
    help: string,
    database: string,
  ) {
    super(message, help, database);
  }
}

/** Codes of a driver error and of its causes (MikroORM wraps driver errors). */
function codesOf(error: unknown): { codes: string[]; text: string } {
  const codes: string[] = [];
  const texts: string[] = [];
  for (let e = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string') codes.push(e.code);
    if (typeof e.message === 'string') texts.push(e.message);
    e = e.cause === e ? undefined : (e.cause as typeof e);
  }
  return { codes, text: texts.join(' ') };
}

const has = (codes: readonly string[], ...wanted: string[]) => codes.some((code) => wanted.some((w) => code.startsWith(w)));

/**
 * The operator's explanation of a driver error on one database, or null when it is none of the
 * known faults. `file` is what was being opened (a SQLite lock file, say), defaulting to the database.
 */
export function explainFault(config: AppConfig, database: string, error: unknown, file?: string): GuardError | null {
  if (error instanceof GuardError) return error;
  const location = config.databases[database as keyof AppConfig['databases']];
  const { codes, text } = codesOf(error);
  const seconds = config.lockTimeoutMs / 1000;
  if (location.dialect === 'sqlite') {
    const path = file ?? location.path;
    if (has(codes, 'SQLITE_BUSY', 'SQLITE_LOCKED') || /database is locked/i.test(text)) {
      return new DatabaseFaultError('database_locked', faultMessages.locked(database, path, seconds), faultMessages.lockedHelp(), database);
    }
    if (has(codes, 'SQLITE_NOTADB', 'SQLITE_CORRUPT')) {
      return new DatabaseFaultError('database_damaged', faultMessages.damaged(database, path), faultMessages.damagedHelp(path), database);
    }
    if (has(codes, 'SQLITE_FULL', 'ENOSPC') || /database or disk is full/i.test(text)) {
      return new DatabaseFaultError('disk_full', faultMessages.diskFull(database, path), faultMessages.diskFullHelp(), database);
    }
    if (has(codes, 'SQLITE_READONLY', 'EROFS', 'EACCES', 'EPERM') || /readonly database/i.test(text)) {
      return new DatabaseFaultError('read_only', faultMessages.readOnly(database, path), faultMessages.readOnlyHelp(path), database);
    }
    if (has(codes, 'SQLITE_CANTOPEN')) {
      return new DatabaseFaultError('cannot_create', faultMessages.cannotCreate(database, path), faultMessages.cannotCreateHelp(path), database);
    }
    return null;
  }
  if (has(codes, 'ER_DBACCESS_DENIED', 'ER_TABLEACCESS_DENIED', 'ER_SPECIFIC_ACCESS_DENIED', 'ER_COLUMNACCESS_DENIED')) {
    return new DatabaseFaultError('privilege_missing', faultMessages.denied(database, redact(firstLine(text), location)), faultMessages.deniedHelp(database, location.dbName), database);
  }
  if (has(codes, 'PROTOCOL_CONNECTION_LOST', 'ER_SERVER_SHUTDOWN', 'ECONNRESET', 'EPIPE') || /closed state|connection lost|server has gone away/i.test(text)) {
    return new DatabaseFaultError('connection_lost', faultMessages.connectionLost(database, location.safeUrl, redact(firstLine(text), location)), faultMessages.connectionLostHelp(database), database);
  }
  return null;
}

const CONNECT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH'];

/**
 * A failure part-way through a write: a server that stops answering then is a lost connection
 * (the explanation of known faults otherwise).
 */
export function explainMidway(config: AppConfig, database: string, error: unknown): GuardError | null {
  const explained = explainFault(config, database, error);
  const location = config.databases[database as keyof AppConfig['databases']];
  if (explained || location.dialect !== 'mysql' || !has(codesOf(error).codes, ...CONNECT_CODES)) return explained;
  const reason = redact(firstLine(error instanceof Error ? error.message : String(error)), location);
  return new DatabaseFaultError('connection_lost', faultMessages.connectionLost(database, location.safeUrl, reason), faultMessages.connectionLostHelp(database), database);
}

/** Any error met while working on a database, as an operator's block (known faults explained). */
export function faultOf(config: AppConfig, database: string, error: unknown): GuardError {
  const explained = explainFault(config, database, error);
  if (explained) return explained;
  // could not connect at all: the same message as at start
  if (has(codesOf(error).codes, ...CONNECT_CODES, 'ER_ACCESS_DENIED', 'ER_BAD_DB_ERROR')) {
    return unreachableError(config, database, error);
  }
  const location = config.databases[database as keyof AppConfig['databases']];
  const text = redact(firstLine(error instanceof Error ? error.message : String(error)), location);
  return new DatabaseFaultError('database_error', faultMessages.failed(database, text), faultMessages.failedHelp(database), database);
}

/** The app's message for a database it cannot open or reach (also used by the CLI). */
export function unreachableError(config: AppConfig, database: string, error: unknown): GuardError {
  const explained = explainFault(config, database, error);
  if (explained) return explained;
  const location = config.databases[database as keyof AppConfig['databases']];
  const where = location.dialect === 'sqlite' ? location.path : location.safeUrl;
  const key = `${database.toUpperCase()}_DB_${location.dialect === 'sqlite' ? 'PATH' : 'URL'}`;
  const code = (error as { code?: string } | null)?.code;
  const text = firstLine(error instanceof Error ? error.message : String(error));
  const reason = code && text && !text.includes(code) ? `${code}: ${text}` : text || code || 'unknown error';
  return new DatabaseUnreachableError(database, where, key, redact(reason, location));
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

// A driver message may quote the connection URL; never let its password through.
export function redact(text: string, location: DatabaseLocation): string {
  if (location.dialect !== 'mysql') return text;
  const password = new URL(location.url).password;
  return password ? text.split(password).join('***').split(decodeURIComponent(password)).join('***') : text;
}

import type { AppConfig, DatabaseLocation } from '../../config/app-config.js';
import type { DialectSupport } from '../dialects/dialect-support.js';
import { supportFor } from '../dialects/registry.js';
import { GuardError } from '../core/errors.js';
import { faultMessages, messages } from '../core/messages/index.js';
import { DatabaseUnreachableError } from '../core/startup.errors.js';

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

/** The database's location and what its dialect knows about it. */
function locate(config: AppConfig, database: string) {
  const location = config.databases[database as keyof AppConfig['databases']];
  return { location, support: supportFor(location) as DialectSupport };
}

/**
 * The operator's explanation of a driver error on one database, or null when it is none of the
 * known faults. `file` is what was being opened (a SQLite lock file, say), defaulting to the database.
 */
export function explainFault(config: AppConfig, database: string, error: unknown, file?: string): GuardError | null {
  if (error instanceof GuardError) return error;
  return explainKind(config, database, error, file);
}

/**
 * A failure part-way through a write: a server that stops answering then is a lost connection
 * (the explanation of known faults otherwise).
 */
export function explainMidway(config: AppConfig, database: string, error: unknown): GuardError | null {
  const explained = explainFault(config, database, error);
  if (explained) return explained;
  const { location, support } = locate(config, database);
  const { codes, text } = codesOf(error);
  if (support.classifyFault(codes, text, true) !== 'connection_lost') return null;
  const reason = support.redact(firstLine(error instanceof Error ? error.message : String(error)), location);
  return new DatabaseFaultError('connection_lost', faultMessages.connectionLost(database, support.printable(location), reason), faultMessages.connectionLostHelp(database), database);
}

function explainKind(config: AppConfig, database: string, error: unknown, file?: string): GuardError | null {
  const { location, support } = locate(config, database);
  const { codes, text } = codesOf(error);
  const kind = support.classifyFault(codes, text, false);
  const where = file ?? support.printable(location);
  const reason = () => support.redact(firstLine(text), location);
  const fault = (code: string, message: string, help: string) => new DatabaseFaultError(code, message, help, database);
  switch (kind) {
    case 'locked':
      return fault('database_locked', faultMessages.locked(database, where, config.lockTimeoutMs / 1000), faultMessages.lockedHelp());
    case 'damaged':
      return fault('database_damaged', faultMessages.damaged(database, where), faultMessages.damagedHelp(where));
    case 'disk_full':
      return fault('disk_full', faultMessages.diskFull(database, where), faultMessages.diskFullHelp());
    case 'read_only':
      return fault('read_only', faultMessages.readOnly(database, where), faultMessages.readOnlyHelp(where));
    case 'node_not_ready':
      return fault('node_not_ready', faultMessages.nodeNotReady(database, where, reason()), faultMessages.nodeNotReadyHelp(support.location.key(database as never)));
    case 'read_only_server':
      return fault('read_only_server', faultMessages.readOnlyServer(database, where, reason()), faultMessages.readOnlyServerHelp(support.location.key(database as never)));
    case 'cannot_create':
      return fault('cannot_create', faultMessages.cannotCreate(database, where), faultMessages.cannotCreateHelp(where));
    case 'privilege_missing':
      return fault('privilege_missing', faultMessages.denied(database, reason()), faultMessages.deniedHelp(support.privilegeHelp(location), support.location.key(database as never)));
    case 'connection_lost':
      return fault('connection_lost', faultMessages.connectionLost(database, where, reason()), faultMessages.connectionLostHelp(database));
    default:
      return null;
  }
}

/** Any error met while working on a database, as an operator's block (known faults explained). */
export function faultOf(config: AppConfig, database: string, error: unknown): GuardError {
  const explained = explainFault(config, database, error);
  if (explained) return explained;
  const { location, support } = locate(config, database);
  // could not connect at all: the same message as at start
  const { codes, text: causes } = codesOf(error);
  if (support.classifyFault(codes, causes, false) === 'unreachable') return unreachableError(config, database, error);
  const text = support.redact(firstLine(error instanceof Error ? error.message : String(error)), location);
  return new DatabaseFaultError('database_error', faultMessages.failed(database, text), faultMessages.failedHelp(database), database);
}

/** The app's message for a database it cannot open or reach (also used by the CLI). */
export function unreachableError(config: AppConfig, database: string, error: unknown): GuardError {
  const explained = explainFault(config, database, error);
  if (explained) return explained;
  const { location, support } = locate(config, database);
  const code = (error as { code?: string } | null)?.code;
  const text = firstLine(error instanceof Error ? error.message : String(error));
  const reason = code && text && !text.includes(code) ? `${code}: ${text}` : text || code || messages.unknownError();
  return new DatabaseUnreachableError(database, support.printable(location), support.location.key(database as never), support.redact(reason, location));
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

/** `text` with the secrets of `location` masked (a driver message may quote the connection URL). */
export function redact(text: string, location: DatabaseLocation): string {
  return (supportFor(location) as DialectSupport).redact(text, location);
}

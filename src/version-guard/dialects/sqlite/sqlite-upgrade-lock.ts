import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { pollForLock, type LockTimedOut, type ReleaseLock, type TryLock, type UpgradeLock } from '../upgrade-lock.js';
import { lockMessages } from '../../core/messages/index.js';

/**
 * Upgrade lock for a SQLite database: a write transaction held on a side file
 * (`<db>.upgrade-lock`). The operating system drops it when the holding process dies,
 * so a killed upgrade never leaves a stuck lock behind.
 */
export class SqliteUpgradeLock implements UpgradeLock, TryLock {
  /** The side file whose write transaction is the lock. */
  readonly lockPath: string;
  private readonly ownerPath: string;

  constructor(databasePath: string) {
    this.lockPath = `${databasePath}.upgrade-lock`;
    this.ownerPath = `${this.lockPath}.owner`;
  }

  get clearHint(): string {
    return lockMessages.sqlite.clearHint(this.lockPath);
  }

  get file(): string {
    return this.lockPath;
  }

  get description(): string {
    return lockMessages.sqlite.description(this.lockPath);
  }

  acquire(timeoutMs: number, onWait: (holder: string) => void): Promise<ReleaseLock | LockTimedOut> {
    return pollForLock(this, timeoutMs, onWait);
  }

  async tryAcquire(): Promise<ReleaseLock | null> {
    const db = new Database(this.lockPath, { timeout: 0 });
    try {
      // a read-only lock file or directory must fail here, not pass as a lock nobody else can take
      db.exec('create table if not exists upgrade_lock (id integer)');
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return null;
      throw error;
    }
    await writeFile(this.ownerPath, lockMessages.sqlite.owner(process.pid, hostname(), new Date().toISOString()));
    return async () => {
      await rm(this.ownerPath, { force: true });
      db.exec('ROLLBACK');
      db.close();
    };
  }

  async describeHolder(): Promise<string> {
    return readFile(this.ownerPath, 'utf8').catch(() => lockMessages.sqlite.unknownHolder());
  }
}

import { retryWhile } from '../retry.js';

/**
 * Errors that mean "another session or cluster node won": a deadlock, a certification conflict on
 * Galera or Group Replication, a lock wait that ran out. The work is safe to try again.
 */
const LOST_RACE = new Set(['ER_LOCK_DEADLOCK', 'ER_TRANSACTION_ROLLBACK_DURING_COMMIT', 'ER_LOCK_WAIT_TIMEOUT']);

/** Whether `error` (or the driver error MikroORM wrapped in it) is a lost race. */
export function isLostRace(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return LOST_RACE.has(e?.code ?? '') || LOST_RACE.has(e?.cause?.code ?? '');
}

/** Runs an idempotent setup step (create if missing) again when it lost a race: processes starting at once on several nodes all try it. */
export function retryLostRace<T>(work: () => Promise<T>): Promise<T> {
  return retryWhile(work, isLostRace);
}

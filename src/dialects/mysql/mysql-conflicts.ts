/**
 * Errors that mean "another session or cluster node won": a deadlock, a certification conflict on
 * Galera or Group Replication, a lock wait that ran out. The work is safe to try again.
 */
const LOST_RACE = new Set(['ER_LOCK_DEADLOCK', 'ER_TRANSACTION_ROLLBACK_DURING_COMMIT', 'ER_LOCK_WAIT_TIMEOUT']);

export function isLostRace(error: unknown): boolean {
  return LOST_RACE.has((error as { code?: string } | null)?.code ?? '');
}

/**
 * Runs an idempotent setup step (create if missing) again when it lost a race, a few times with a
 * short random pause: processes starting at once on several nodes all try the same step.
 */
export async function retryLostRace<T>(work: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isLostRace(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}

import type { Dialect } from '../version-guard/revision.js';
import { dialectSupport } from './registry.js';

/**
 * Runs `work` (an idempotent read, or a create-if-missing) again when it lost a race its dialect
 * calls transient (a Galera node aborted it for a replicated change), a few times with a short
 * random pause; any other error, or the last one, is the caller's.
 */
export async function retryTransient<T>(dialect: Dialect, work: () => Promise<T>, attempts = 6): Promise<T> {
  const support = dialectSupport(dialect);
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !support.isTransientConflict?.(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt + Math.random() * 50));
    }
  }
}

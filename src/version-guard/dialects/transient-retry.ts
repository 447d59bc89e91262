import type { Dialect } from '../core/revision.js';
import { dialectSupport } from './registry.js';
import { retryWhile } from './retry.js';

/** Runs `work` again when it lost a race its dialect calls transient (a Galera node aborted it for a replicated change). */
export function retryTransient<T>(dialect: Dialect, work: () => Promise<T>): Promise<T> {
  const support = dialectSupport(dialect);
  return retryWhile(work, (error) => support.isTransientConflict?.(error) ?? false);
}

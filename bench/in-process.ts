import type { DatabaseState } from '../src/version-guard/core/database-status.js';
import { benchConfig, openGuard } from './jobs.js';
import { measure, type Timing } from './stats.js';

/** One in-process row: the status of some databases read right after connecting, `runs` times. */
export interface InProcessJob {
  readonly files: { readonly agent: string; readonly ops: string };
  /** Migrations root (the built sets when absent). */
  readonly root?: string;
  readonly runs: number;
  /** How many of the two databases to read (agent first). */
  readonly databases: 1 | 2;
  /** The state each read must find. */
  readonly expected: DatabaseState;
}

/** Opens the guard fresh for each run (not timed), then times the status reads. */
export function measureInProcess(job: InProcessJob): Promise<Timing> {
  const config = benchConfig(job.files, job.root);
  return measure(job.runs, () => openGuard(config), async (guard) => {
    for (const db of guard.dbs.slice(0, job.databases)) {
      const status = await guard.engine.status(db);
      if (status.state !== job.expected) throw new Error(`expected ${job.expected}, got ${status.state}`);
    }
  }, (guard) => guard.close().then(() => undefined));
}

// Run as its own process by the benchmark (`node in-process.js '<job as JSON>'`), so that the rows
// measure a process holding only the app's engine, as a start does, and not the benchmark's heap.
if (process.argv[1] === import.meta.filename) {
  const timing = await measureInProcess(JSON.parse(process.argv[2]) as InProcessJob);
  process.stdout.write(`${JSON.stringify(timing)}\n`);
}

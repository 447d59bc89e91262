import { spawn } from 'node:child_process';

/** Timing of one measured job over several runs, in milliseconds. */
export interface Timing {
  readonly min: number;
  readonly median: number;
  readonly runs: number;
}

/** Min and median of `times`. */
export function summarize(times: readonly number[]): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return { min: round(sorted[0]), median: round(sorted[Math.floor(sorted.length / 2)]), runs: sorted.length };
}

/** Runs `job` `runs` times in this process (after `setup` each time, untimed) and returns min and median. */
export async function measure<T>(runs: number, setup: () => Promise<T>, job: (input: T) => Promise<unknown>, teardown?: (input: T) => Promise<void>): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const input = await setup();
    const started = performance.now();
    await job(input);
    times.push(performance.now() - started);
    await teardown?.(input);
  }
  return summarize(times);
}

/** A process to start: executable, arguments, environment and working directory. */
export interface ProcessSpec {
  readonly file: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

/** Milliseconds from spawning a process until it exits; fails with its output when it exits non-zero. */
export function timeProcess(spec: ProcessSpec): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(spec.file, [...spec.args], {
      cwd: spec.cwd,
      env: { PATH: process.env.PATH ?? '', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000)));
    child.stderr.on('data', (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve(ms);
      else reject(new Error(`${spec.file} ${spec.args.join(' ')} exited ${code}:\n${output}`));
    });
  });
}

/** Runs fresh processes: `prepare` (untimed) then the process `runs` times. */
export async function measureProcesses(runs: number, prepare: (run: number) => ProcessSpec | Promise<ProcessSpec>): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeProcess(await prepare(i)));
  return summarize(times);
}

/**
 * Times several jobs' processes in turn within each round, after one untimed run of each (file
 * cache, compile caches), so that a change in the machine's speed during the benchmark hits every
 * job alike instead of whichever ran then.
 */
export async function measureInTurn(runs: number, jobs: Readonly<Record<string, () => ProcessSpec>>): Promise<Record<string, Timing>> {
  const names = Object.keys(jobs);
  for (const name of names) await timeProcess(jobs[name]());
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i++) for (const name of names) times[name].push(await timeProcess(jobs[name]()));
  return Object.fromEntries(names.map((name) => [name, summarize(times[name])]));
}

export const round = (ms: number) => Math.round(ms * 10) / 10;

/** Timing of one measured job over several runs. */
export interface Timing {
  readonly min: number;
  readonly median: number;
  readonly runs: number;
}

/** Runs `job` `runs` times (after `setup` each time, untimed) and returns min and median in ms. */
export async function measure<T>(runs: number, setup: () => Promise<T>, job: (input: T) => Promise<unknown>, teardown?: (input: T) => Promise<void>): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const input = await setup();
    const started = performance.now();
    await job(input);
    times.push(performance.now() - started);
    await teardown?.(input);
  }
  times.sort((a, b) => a - b);
  return { min: round(times[0]), median: round(times[Math.floor(times.length / 2)]), runs };
}

export const round = (ms: number) => Math.round(ms * 100) / 100;

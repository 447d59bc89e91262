/** Every 10 s while one revision runs, reports it with the seconds elapsed (long upgrades must show life). */
export class RevisionTicker {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly onTick: (revision: string, seconds: number) => void,
    private readonly everyMs = 10_000,
  ) {}

  start(revision: string): void {
    this.stop();
    const started = Date.now();
    this.timer = setInterval(() => this.onTick(revision, Math.round((Date.now() - started) / 1000)), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

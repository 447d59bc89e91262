/** Where the boot upgrade is, for `/health/ready` while it runs (SPEC §4). */
export interface UpgradeProgress {
  readonly status: 'upgrading';
  readonly database: string;
  readonly revision: string | null;
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
}

/**
 * The state of the boot guard shared by the module, `main.ts` and the health probes: whether
 * upgrades are still to run after the port opens, and how far they are while they run.
 */
export class BootProgress {
  private pending: (() => Promise<unknown>) | null = null;
  private current: { database: string; revision: string | null; done: number; total: number } | null = null;
  private startedAt = 0;
  private resolvePassed!: () => void;
  /** Resolves once the guard has passed (every database at head, or skipped under `off`). */
  readonly passed: Promise<void> = new Promise((resolve) => (this.resolvePassed = resolve));

  /** Whether revisions are still to be applied (the port may open for the probes meanwhile). */
  get hasPendingWork(): boolean {
    return this.pending !== null;
  }

  /** Keeps the upgrades for later: `runPending` applies them. */
  defer(work: () => Promise<unknown>): void {
    this.pending = work;
  }

  /** The guard passed without deferring anything. */
  markPassed(): void {
    this.resolvePassed();
  }

  /** Applies the deferred upgrades; the guard has passed when it resolves. */
  async runPending(): Promise<void> {
    const work = this.pending;
    this.pending = null;
    if (work) await work();
    this.current = null;
    this.resolvePassed();
  }

  /** Called as a database's upgrade starts and after each revision. */
  report(database: string, revision: string | null, done: number, total: number): void {
    if (!this.current) this.startedAt = Date.now();
    this.current = { database, revision, done, total };
  }

  /** The progress object of `/health/ready` while upgrading, or null when no upgrade runs. */
  snapshot(): UpgradeProgress | null {
    if (!this.current) return null;
    return { status: 'upgrading', ...this.current, elapsedMs: Date.now() - this.startedAt };
  }
}

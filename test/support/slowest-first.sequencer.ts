import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest, slowest first (seconds of earlier runs on two cores):
 * they must start first, or the run ends with one of them running alone. Vitest orders by the
 * previous run's durations when it has them; a fresh clone (as in CI) has none, and ordering by
 * file size started the 28 s long-upgrade file and the 44 s rolling-deploy file last (+28 s).
 */
const SLOWEST = [
  'test/cluster/galera.test.ts', // 55-70: 9-process races, kills
  'test/e2e/authoring.test.ts', // 60-65: project copy builds, type checks, stairways on three dialects
  'test/e2e/mysql-concurrency.test.ts', // 50-65: 16-process races, lease takeovers
  'test/e2e/cli.test.ts', // 60: every command on three dialects, long chains of commands
  'test/e2e/boot-guard.test.ts', // 60: every start form, builds included, every state on three dialects
  'test/e2e/long-upgrade.test.ts', // 40-50: a revision that runs 25 s
  'test/e2e/authoring-merge.test.ts', // 33-40
  'test/e2e/operability.test.ts', // 16-34
  'test/e2e/legacy.test.ts', // 29: every release on two dialects
  'test/e2e/recovery.test.ts', // 23-28: kills at random moments
  'test/e2e/integrity.test.ts', // 20-26
  'test/e2e/postgresql-app.test.ts', // 17-30: an 8-process race, a lock holder's host that vanishes
  'test/integration/alembic-adoption.test.ts', // 17-26
];

/** Vitest's order (previous durations, else file size), with the known slowest files first when durations are missing. */
export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    if (files.every((file) => this.ctx.cache.getTestSpecificationResult(file))) return sorted;
    const rank = (file: TestSpecification) => {
      const index = SLOWEST.findIndex((path) => file.moduleId.endsWith(path));
      return index === -1 ? SLOWEST.length : index;
    };
    return sorted.map((file, order) => ({ file, order })).sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order).map(({ file }) => file);
  }
}

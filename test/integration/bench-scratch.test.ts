import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToEnd } from '../support/commands.js';
import { ROOT } from '../support/paths.js';

// `npm run bench` writes SQLite files of a thousand tables per job (about 1.3 GB per run): they go
// to one scratch directory per run, which must be gone when the run ends, however it ends
const BENCH_JOBS = join(ROOT, 'dist', 'bench', 'jobs.js');
const script = (ending: string) =>
  `const { freshFiles } = await import(${JSON.stringify(BENCH_JOBS)}); const { writeFileSync } = await import('node:fs');` +
  'const files = [freshFiles(), freshFiles()]; for (const f of files) writeFileSync(f.agent, "x");' +
  `console.log(JSON.stringify(files.map((f) => f.dir))); ${ending}`;

describe('the benchmark scratch directory', () => {
  it.for([
    ['when the run ends', '', 0],
    ['when the run is stopped (SIGTERM)', "process.kill(process.pid, 'SIGTERM'); await new Promise((r) => setTimeout(r, 5000));", 128 + 15],
  ] as const)('is removed %s, with everything in it', async ([, ending, status], { onTestFinished }) => {
    const tmp = mkdtempSync(join(tmpdir(), 'bench-scratch-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));

    const run = await runToEnd(process.execPath, ['--input-type=module', '-e', script(ending)], { env: { PATH: process.env.PATH ?? '', TMPDIR: tmp } });

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(status);
    const dirs = JSON.parse(run.stdout) as string[];
    expect(dirs).toHaveLength(2);
    for (const dir of dirs) {
      expect(dir.startsWith(tmp)).toBe(true);
      expect(existsSync(dir)).toBe(false);
    }
    expect(readdirSync(tmp)).toEqual([]);
  });
});

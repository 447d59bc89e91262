import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProjectCopy } from './authoring-project.js';
import { APP_MAIN, BUILT_MIGRATIONS } from './paths.js';
import { childEnv, freePort, type ProcessResult } from './processes.js';

/** The two databases, in the order the guard reports them. */
export const DBS = ['agent', 'ops'] as const;
export type Db = (typeof DBS)[number];

/** The line the app logs once the guard has passed and it serves (the port may open earlier, for probes only). */
export const STARTED_LINE = 'listening on port';

interface ManifestRevision {
  readonly id: string;
  readonly parents: readonly string[];
}

function builtManifest(db: Db): ManifestRevision[] {
  const path = join(BUILT_MIGRATIONS, 'sqlite', db, 'manifest.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { revisions: ManifestRevision[] }).revisions;
}

/** The built sqlite migration set of `db`: every revision id and its single head. */
export function builtSet(db: Db): { ids: string[]; head: string; parentOfHead: string } {
  const revisions = builtManifest(db);
  const parents = new Set(revisions.flatMap((r) => r.parents));
  const heads = revisions.filter((r) => !parents.has(r.id));
  if (heads.length !== 1) throw new Error(`built sqlite_${db} set has ${heads.length} heads; the e2e tests expect one`);
  const head = heads[0];
  if (head.parents.length !== 1) throw new Error(`head of sqlite_${db} is not a single-parent revision`);
  return { ids: revisions.map((r) => r.id), head: head.id, parentOfHead: head.parents[0] };
}

/** Paths of one test's two SQLite files. */
export function dbPaths(dir: string): Record<Db, string> {
  return { agent: join(dir, 'agent.db'), ops: join(dir, 'ops.db') };
}

/** Copies prepared database files (`agent.db`, `ops.db`) from `from` into `to`. */
export function copyDatabases(from: string, to: string): void {
  for (const db of DBS) copyFileSync(dbPaths(from)[db], dbPaths(to)[db]);
}

/** Lines of a process output. */
export function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Everything a process printed. */
export function output(result: Pick<ProcessResult, 'stdout' | 'stderr'>): string {
  return `${result.stdout}\n${result.stderr}`;
}

/**
 * The refusal block of one database on stderr: from its `❌ <db> database` line up to the next
 * `❌` line (or the end).
 */
export function refusalBlock(stderr: string, db: Db): string {
  const all = lines(stderr);
  const start = all.findIndex((line) => line.startsWith(`❌ ${db} database`));
  if (start < 0) return '';
  const rest = all.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('❌'));
  return [all[start], ...(end < 0 ? rest : rest.slice(0, end))].join('\n');
}

/**
 * The three up-to-date lines of SPEC §4 for `db`, found in `stdout`: the first as the tail of its
 * log line, the next two as whole lines right after it. Returns them, or null when absent.
 */
export function upToDateLines(stdout: string, db: Db): [string, string, string] | null {
  const all = lines(stdout);
  const i = all.findIndex((line) => line.endsWith(`✅ ${db} database: version is already up to date`));
  if (i < 0) return null;
  return [`✅ ${db} database: version is already up to date`, all[i + 1], all[i + 2]];
}

/** Text that would betray a raw error escaping to the operator. */
export const RAW_ERROR_PATTERNS: readonly RegExp[] = [
  /SQLITE_[A-Z]+/,
  /already exists/i,
  /SqliteError/,
  /UNIQUE constraint failed/i,
  /^\s+at .+\(.+:\d+:\d+\)$/m,
  /database is locked/i,
];

/** A result of a command started as a user would type it. */
export interface CommandRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly started: boolean;
  readonly port: number;
}

/**
 * Runs `command args` in `cwd` in its own process group with only the given variables (plus
 * PATH/HOME) and a free PORT; once it prints the started line, `whileRunning` runs and the whole
 * group is stopped with SIGTERM. Killed (SIGKILL, whole group) after `timeoutMs`.
 */
export async function runCommand(
  command: string,
  args: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    timeoutMs?: number;
    whileRunning?: (port: number) => Promise<void>;
    /** Called with everything printed so far (stdout then stderr) whenever more arrives. */
    onOutput?: (printed: string) => void;
  },
): Promise<CommandRun> {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: childEnv({ PORT: String(port), ...options.env }),
    detached: true,
  });
  const group = child.pid!;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-group, signal);
    } catch {
      // the group is already gone
    }
  };
  let stdout = '';
  let stderr = '';
  let started = false;
  let stopping: Promise<void> | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    options.onOutput?.(`${stdout}\n${stderr}`);
    if (!started && stdout.includes(STARTED_LINE)) {
      started = true;
      stopping = (async () => {
        try {
          await options.whileRunning?.(port);
        } finally {
          killGroup('SIGTERM');
        }
      })();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    options.onOutput?.(`${stdout}\n${stderr}`);
  });
  const timer = setTimeout(() => killGroup('SIGKILL'), options.timeoutMs ?? 60_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  );
  clearTimeout(timer);
  await stopping;
  // npm may exit before its child: make sure nothing of the group is left behind
  killGroup('SIGKILL');
  return { exitCode, signal, stdout, stderr, started, port };
}

/** Runs the built app (`node dist/main.js args`) with `runCommand`. */
export function runAppCommand(args: string[], options: Parameters<typeof runCommand>[2]): Promise<CommandRun> {
  return runCommand(process.execPath, [APP_MAIN, ...args], options);
}

/** A promise and the function that resolves it. */
export function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => (fire = resolve));
  return { promise, fire };
}

/**
 * A private copy of the project (its files, and `dist/` as `npm install` built it; node_modules
 * linked) so that `nest start`, which empties and rebuilds `dist/`, cannot disturb other tests.
 */
export function projectCopy(): { root: string; remove: () => void } {
  return ProjectCopy.create();
}

/**
 * GET `http://127.0.0.1:<port><path>`, retried while the port refuses connections: Nest prints its
 * started line at the end of `init()`, just before the HTTP server actually listens.
 */
export async function getJson(port: number, path: string, withinMs = 10_000): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: response.status, body: await response.json() };
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code !== 'ECONNREFUSED' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

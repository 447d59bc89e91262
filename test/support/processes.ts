import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { APP_MAIN, CLI_MAIN } from './paths.js';
import { suiteCompileCache } from './scratch-dir.js';

/** What a finished process printed and how it ended. */
export interface ProcessResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The app printed its "started" line (it opened its port). */
  readonly started: boolean;
  /** The signal that ended the process, if one did. */
  readonly signal?: NodeJS.Signals | null;
}

// logged after `app.listen()` resolved: the port is open
const STARTED = 'listening on port';

// Ports for the apps and servers the tests start come from below Linux's ephemeral range
// (32768-60999), where the kernel picks the local ports of outgoing connections: a port found free
// there can be taken by one of the many database connections of other processes before it is
// listened on. Each vitest worker has its own block, so workers never hand out the same port; the
// runner's process (the servers of the global setups) has block 0 (pool ids start at 1), and the
// Galera nodes the last one: they listen only once the node before them is synced, seconds into
// the run, and a port from the kernel was taken meanwhile (a joiner failed its state transfer).
// (Linux's default range; a host whose ephemeral range reaches below 32768 brings the collisions back)
const PORT_BLOCK = 200;
const FIRST_PORT = 12_000;
const BLOCKS = Math.floor((32_768 - FIRST_PORT) / PORT_BLOCK);
/** The port block of the Galera cluster's nodes, which nothing else uses. */
export const CLUSTER_PORT_BLOCK = BLOCKS - 1;
const ownBlock = Number(process.env.VITEST_POOL_ID ?? 0);
// (a hundred workers at once: twice the cores of a 50-core machine)
if (ownBlock >= CLUSTER_PORT_BLOCK) throw new Error(`vitest pool id ${ownBlock}: only ${CLUSTER_PORT_BLOCK - 1} workers have a port block of their own (test/support/processes.ts)`);
const nextInBlock = new Map<number, number>();

/** Listens on `port` (0: any) on every address, as the app binds; the port, or null if taken. */
function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen(port, () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });
}

/** A free port for a server or app, from this process's block (or from `block`). */
export async function freePort(block = ownBlock): Promise<number> {
  const start = FIRST_PORT + block * PORT_BLOCK;
  for (let tries = 0; tries < PORT_BLOCK; tries++) {
    const next = nextInBlock.get(block) ?? Math.floor(Math.random() * PORT_BLOCK);
    nextInBlock.set(block, next + 1);
    const port = await tryListen(start + (next % PORT_BLOCK));
    if (port !== null) return port;
  }
  throw new Error(`no free port in ${start}-${start + PORT_BLOCK - 1}`);
}

/** Environment for a child: the test's variables only, nothing inherited from the developer's shell. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // the compile cache makes the many short app and CLI processes of the suite start faster
  return { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', NODE_COMPILE_CACHE: suiteCompileCache(), ...env };
}

export interface AppRun extends ProcessResult {
  readonly port: number;
}

/**
 * Starts the built app as a user would (`node dist/main.js [args]`) in `cwd`. Resolves when it
 * exits by itself, or once it is listening: then `whileRunning` runs and the app is stopped (SIGTERM).
 */
export async function runAppProcess(options: {
  /** The entry point to start (default: this project's `dist/main.js`). */
  main?: string;
  cwd: string;
  env: Record<string, string>;
  args?: string[];
  timeoutMs?: number;
  whileRunning?: (port: number) => Promise<void>;
}): Promise<AppRun> {
  const port = await freePort();
  const child = spawn(process.execPath, [options.main ?? APP_MAIN, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: childEnv({ PORT: String(port), ...options.env }),
  });
  let stdout = '';
  let stderr = '';
  let started = false;
  let stopping: Promise<void> | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!started && stdout.includes(STARTED)) {
      started = true;
      stopping = (async () => {
        try {
          await options.whileRunning?.(port);
        } finally {
          child.kill('SIGTERM');
        }
      })();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  );
  clearTimeout(timer);
  await stopping;
  return { exitCode, signal, stdout, stderr, started, port };
}

/** Runs the built CLI (`node dist/src/cli/main.js args`) in `cwd` and waits for it. */
export async function runCliProcess(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<ProcessResult> {
  const child = spawn(process.execPath, [CLI_MAIN, ...args], { cwd: options.cwd, env: childEnv(options.env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { exitCode, stdout, stderr, started: false };
}

/** A running app process that a test controls itself (e.g. to kill it mid-upgrade). */
export interface AppHandle {
  /** Resolves once stdout or stderr contains `text`; rejects if the process ends first. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  /** The HTTP port it was given. */
  readonly port: number;
  /** Resolves with the result when the process has ended. */
  readonly ended: Promise<ProcessResult>;
}

/** Starts the built app and hands control to the test; `prefix` is a command that runs it (as on another host). */
export async function spawnApp(options: { cwd: string; env: Record<string, string>; args?: string[]; prefix?: readonly string[] }): Promise<AppHandle> {
  const port = await freePort();
  const [command, ...args] = [...(options.prefix ?? []), process.execPath, APP_MAIN, ...(options.args ?? [])];
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: childEnv({ PORT: String(port), ...options.env }),
  });
  let output = '';
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const onData = () => waiters.forEach((check) => check());
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
    onData();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
    onData();
  });
  const ended = new Promise<ProcessResult>((resolve) =>
    child.on('close', (code) => {
      onData();
      resolve({ exitCode: code, stdout, stderr, started: stdout.includes(STARTED) });
    }),
  );
  let closed = false;
  void ended.then(() => {
    closed = true;
    onData();
  });
  return {
    ended,
    port,
    kill: (signal) => child.kill(signal),
    waitFor: (text, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out waiting for "${text}"; output so far:\n${output}`)), timeoutMs);
        const done = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (output.includes(text)) done();
          else if (closed) done(new Error(`process ended before "${text}"; output:\n${output}`));
        };
        waiters.add(check);
        check();
      }),
  };
}

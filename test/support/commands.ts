import { execFile } from 'node:child_process';

/** How a command ended and what it printed. */
export interface CommandResult {
  /** Its exit status; null when a signal ended it (`timeoutMs` included). */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to its end without blocking the event loop, killed (SIGKILL) after `timeoutMs`
 * when given. The test servers start and stop in vitest's main process, which also serves the
 * workers' module requests and results: a synchronous spawn there stalls every running test file
 * while it lasts.
 */
export function runToEnd(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const settings = { encoding: 'utf8' as const, env: options.env, cwd: options.cwd, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 0, killSignal: 'SIGKILL' as const };
    execFile(command, args, settings, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ exitCode, stdout, stderr: stderr || (error && typeof error.code !== 'number' ? error.message : '') });
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends a throwaway test server at once (SIGKILL) and waits until it is gone. Its data directory is
 * deleted next, so a clean shutdown would only cost time: a Galera node leaving its cluster
 * cleanly took about 5 s of every run's end.
 */
export async function killServer(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return; // already gone
  }
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

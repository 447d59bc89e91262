import type { LogFormat } from './config/app-config.js';
import { GuardError } from './version-guard/core/errors.js';
import { DatabaseRefusedError } from './version-guard/core/guard.errors.js';
import { renderGuardError } from './version-guard/core/render-error.js';
import { StartupRefusedError } from './version-guard/core/startup.errors.js';
import { messages } from './version-guard/core/messages/index.js';

/** The HTTP port is taken by another process. */
export class PortInUseError extends GuardError {
  readonly code = 'port_in_use';

  constructor(port: number) {
    super(messages.portInUse(port), messages.portInUseHelp());
  }
}

function jsonLines(error: unknown): string {
  const problems = error instanceof StartupRefusedError ? error.problems : [error];
  return problems
    .map((problem) => {
      const base = { time: new Date().toISOString(), level: 'error', pid: process.pid, context: 'Startup', event: 'refused' };
      if (problem instanceof DatabaseRefusedError) {
        const { status } = problem;
        return { ...base, database: status.name, state: status.state, from: status.current, to: status.heads, message: problem.message, help: problem.help };
      }
      if (problem instanceof GuardError) return { ...base, code: problem.code, database: problem.database, message: problem.message, help: problem.help };
      return { ...base, event: 'crashed', message: problem instanceof Error ? problem.message : String(problem), stack: problem instanceof Error ? problem.stack : undefined };
    })
    .map((record) => JSON.stringify(record))
    .join('\n');
}

/** Why the application did not start (the guard's explanation, or the unexpected error), as printed on stderr. */
export function startupFailureText(error: unknown, format: LogFormat): string {
  if (format === 'json') return jsonLines(error) + '\n';
  if (error instanceof GuardError) return renderGuardError(error) + '\n';
  const message = error instanceof Error ? error.message : String(error);
  const detail = error instanceof Error ? (error.stack ?? message) : message;
  return messages.startFailed(message, detail);
}

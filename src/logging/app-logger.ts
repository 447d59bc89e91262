import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { LogFormat } from '../config/app-config.js';

/** A log record with structured fields: `message` is the text, the rest goes into JSON logs. */
export interface LogEvent {
  readonly message: string;
  readonly event: string;
  readonly [field: string]: unknown;
}

/** Builds a structured log record (text logs print only `message`). */
export function logEvent(event: string, message: string, fields: Record<string, unknown> = {}): LogEvent {
  return { message, event, ...fields };
}

function isLogEvent(value: unknown): value is LogEvent {
  return typeof value === 'object' && value !== null && typeof (value as LogEvent).message === 'string' && 'event' in value;
}

/** Where log lines go: a process's stdout and stderr, or a capture for an in-process start. */
export type LogWriter = (stream: 'stdout' | 'stderr', text: string) => void;

/** The process's own stdout and stderr. */
export const toProcess: LogWriter = (stream, text) => void process[stream].write(text);

/**
 * The application's logger. Text: Nest's console lines, colourless unless on a terminal, so the
 * guard's lines stay exact in files and pipes. JSON (`LOG_FORMAT=json`): one object per line with
 * time, level, context, message and the event's fields. Errors the caller reports itself (Nest's
 * failed-bootstrap stack trace) are left out: the guard prints its own explanation.
 */
export class AppLogger extends ConsoleLogger {
  constructor(
    private readonly format: LogFormat = 'text',
    private readonly write: LogWriter = toProcess,
  ) {
    super({ colors: format === 'text' && write === toProcess && Boolean(process.stdout.isTTY) });
  }

  /** The last timestamp text and the second it shows: lines within one second share it. */
  private stamp = { second: Number.NaN, text: '' };

  // Nest formats the local time (to the second) anew for every line: a start applying 1000
  // revisions per database prints 2000 lines, and that formatting cost about 20 ms of its upgrade
  protected override getTimestamp(): string {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.stamp.second) this.stamp = { second, text: super.getTimestamp() };
    return this.stamp.text;
  }

  override error(message: unknown, ...rest: unknown[]): void {
    if (rest.at(-1) === 'ExceptionHandler') return;
    super.error(message, ...(rest as [string?, string?]));
  }

  protected override printMessages(
    messages: unknown[],
    context = '',
    logLevel: LogLevel = 'log',
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    if (this.format === 'text') {
      const texts = messages.map((m) => (isLogEvent(m) ? m.message : m));
      for (const text of texts) {
        const line = this.formatMessage(logLevel, text, this.formatPid(process.pid), logLevel.toUpperCase().padStart(7, ' '), this.formatContext(context), this.updateAndGetTimestampDiff());
        this.write(writeStreamType ?? 'stdout', line);
      }
      return;
    }
    const stream = writeStreamType === 'stderr' || logLevel === 'error' ? 'stderr' : 'stdout';
    for (const message of messages) {
      const fields = isLogEvent(message) ? message : { message: message instanceof Error ? message.message : String(message) };
      const stack = typeof errorStack === 'string' ? { stack: errorStack } : {};
      this.write(stream, JSON.stringify({ time: new Date().toISOString(), level: logLevel, pid: process.pid, context, ...fields, ...stack }) + '\n');
    }
  }

  // Nest prints an error's stack after its line; it goes to the same writer
  protected override printStackTrace(stack: string): void {
    if (stack) this.write('stderr', `${stack}\n`);
  }
}

import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps what it is given: the boot service logs `logEvent` objects. */
export function recordingLogger(): { logger: LoggerService; lines: { level: string; event: string; message: string }[] } {
  const lines: { level: string; event: string; message: string }[] = [];
  const keep = (level: string) => (entry: unknown) => {
    const { event, message } = entry as { event?: string; message?: string };
    lines.push({ level, event: event ?? '', message: message ?? String(entry) });
  };
  return { logger: { log: keep('log'), warn: keep('warn'), error: keep('error') }, lines };
}

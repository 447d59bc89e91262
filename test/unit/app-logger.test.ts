import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppLogger, logEvent } from '../../src/logging/app-logger.js';

// Nest's own format of a line's local time (ConsoleLogger)
const nestTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', day: '2-digit', month: '2-digit' });

function captured(): { logger: AppLogger; lines: string[] } {
  const lines: string[] = [];
  return { logger: new AppLogger('text', (_stream, text) => lines.push(text)), lines };
}

const LINE = /^\[Nest\] (\d+) {2}- (.+?) {5}LOG \[Guard\] (.*)\n$/;

describe('AppLogger text lines', () => {
  afterEach(() => void vi.useRealTimers());

  it("are Nest's lines: pid, the local time to the second, level, context and the event's message", () => {
    vi.useFakeTimers({ now: new Date(2026, 10, 29, 11, 15, 30, 250), toFake: ['Date'] });
    const { logger, lines } = captured();
    logger.log(logEvent('revision_applied', 'agent database: applied abcdef012345 feat: x (0 ms)', { revision: 'abcdef012345' }), 'Guard');
    const [, pid, time, message] = LINE.exec(lines[0]) ?? [];
    expect(Number(pid)).toBe(process.pid);
    expect(time).toBe(nestTime.format(Date.now()));
    expect(message).toBe('agent database: applied abcdef012345 feat: x (0 ms)');
  });

  it('show each line the second it was written in, across second boundaries', () => {
    const start = new Date(2026, 10, 29, 11, 15, 59, 900).getTime();
    vi.useFakeTimers({ now: start, toFake: ['Date'] });
    const { logger, lines } = captured();
    const times: number[] = [];
    for (const step of [0, 50, 150, 1_000, 61_000]) {
      vi.setSystemTime(start + step);
      times.push(Date.now());
      logger.log(`line ${step}`, 'Guard');
    }
    expect(lines.map((line) => LINE.exec(line)?.[2])).toEqual(times.map((time) => nestTime.format(time)));
    // within one second the same text, after it another
    expect(new Set(lines.map((line) => LINE.exec(line)?.[2])).size).toBe(3);
  });
});

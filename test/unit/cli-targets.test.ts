import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/cli.errors.js';
import { parseDowngradeTarget, parseStampTarget, parseUpgradeTarget } from '../../src/cli/targets.js';

const HELP = 'run `npm run db -- --help` for the commands and options';

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}

describe('parseUpgradeTarget', () => {
  it.each([
    [undefined, { kind: 'head' }],
    ['head', { kind: 'head' }],
    ['heads', { kind: 'head' }],
    ['+1', { kind: 'steps', steps: 1 }],
    ['+3', { kind: 'steps', steps: 3 }],
    ['+12', { kind: 'steps', steps: 12 }],
    ['f458', { kind: 'revision', ref: 'f458' }],
    ['031b34b4', { kind: 'revision', ref: '031b34b4' }],
    ['f458c7fb17a5', { kind: 'revision', ref: 'f458c7fb17a5' }],
  ])('parses %j', (value, target) => {
    expect(parseUpgradeTarget(value)).toEqual(target);
  });

  it.each([
    ['+0', 'upgrade: "+0" is not a step count; use +1, +2, ...'],
    ['+', 'upgrade: "+" is not a step count; use +1, +2, ...'],
    ['+x', 'upgrade: "+x" is not a step count; use +1, +2, ...'],
    ['+1.5', 'upgrade: "+1.5" is not a step count; use +1, +2, ...'],
    ['+-1', 'upgrade: "+-1" is not a step count; use +1, +2, ...'],
  ])('rejects the step count %j', (value, message) => {
    const error = usageError(() => parseUpgradeTarget(value));
    expect(error.message).toBe(message);
    expect(error.help).toBe(HELP);
    expect(error.code).toBe('usage');
  });

  it.each([
    ['zzz', 'upgrade: "zzz" is not a revision; use head, +N or a revision id'],
    ['abc', 'upgrade: "abc" is not a revision; use head, +N or a revision id'],
    ['F458C7FB17A5', 'upgrade: "F458C7FB17A5" is not a revision; use head, +N or a revision id'],
    ['f458c7fb17a50', 'upgrade: "f458c7fb17a50" is not a revision; use head, +N or a revision id'],
    ['-1', 'upgrade: "-1" is not a revision; use head, +N or a revision id'],
    ['base', 'upgrade: "base" is not a revision; use head, +N or a revision id'],
    ['', 'upgrade: "" is not a revision; use head, +N or a revision id'],
  ])('rejects %j as a revision', (value, message) => {
    const error = usageError(() => parseUpgradeTarget(value));
    expect(error.message).toBe(message);
    expect(error.help).toBe(HELP);
  });
});

describe('parseDowngradeTarget', () => {
  it.each([
    ['base', { kind: 'base' }],
    ['-1', { kind: 'steps', steps: 1 }],
    ['-4', { kind: 'steps', steps: 4 }],
    ['031b', { kind: 'revision', ref: '031b' }],
    ['f458c7fb17a5', { kind: 'revision', ref: 'f458c7fb17a5' }],
  ])('parses %j', (value, target) => {
    expect(parseDowngradeTarget(value)).toEqual(target);
  });

  it.each([undefined, ''])('requires a target (%j)', (value) => {
    const error = usageError(() => parseDowngradeTarget(value));
    expect(error.message).toBe('downgrade: a target is required: -N, a revision id, or base');
    expect(error.help).toBe(HELP);
  });

  it.each([
    ['-0', 'downgrade: "-0" is not a step count; use -1, -2, ...'],
    ['-', 'downgrade: "-" is not a step count; use -1, -2, ...'],
    ['-two', 'downgrade: "-two" is not a step count; use -1, -2, ...'],
    ['-2.5', 'downgrade: "-2.5" is not a step count; use -1, -2, ...'],
  ])('rejects the step count %j', (value, message) => {
    expect(usageError(() => parseDowngradeTarget(value)).message).toBe(message);
  });

  it.each([
    ['head', 'downgrade: "head" is not a revision; use -N, base or a revision id'],
    ['+1', 'downgrade: "+1" is not a revision; use -N, base or a revision id'],
    ['xyz123', 'downgrade: "xyz123" is not a revision; use -N, base or a revision id'],
    ['031', 'downgrade: "031" is not a revision; use -N, base or a revision id'],
  ])('rejects %j as a revision', (value, message) => {
    expect(usageError(() => parseDowngradeTarget(value)).message).toBe(message);
  });
});

describe('parseStampTarget', () => {
  it.each([
    ['head', { kind: 'head' }],
    ['base', { kind: 'base' }],
    ['v0.1.2', { kind: 'release', release: '0.1.2' }],
    ['v0.1.3', { kind: 'release', release: '0.1.3' }],
    ['0.1.1', { kind: 'release', release: '0.1.1' }],
    ['v0.1.10', { kind: 'release', release: '0.1.10' }],
    ['8f48', { kind: 'revision', ref: '8f48' }],
    ['8f4846812221', { kind: 'revision', ref: '8f4846812221' }],
  ])('parses %j', (value, target) => {
    expect(parseStampTarget(value)).toEqual(target);
  });

  it.each([undefined, ''])('requires a target (%j)', (value) => {
    const error = usageError(() => parseStampTarget(value));
    expect(error.message).toBe('stamp: a target is required: a revision id, head, base, or a release such as v0.1.2');
    expect(error.help).toBe(HELP);
  });

  it.each([
    ['v0.1', 'stamp: "v0.1" is not a revision; use head, base, a release such as v0.1.2, or a revision id'],
    ['release-0.1.2', 'stamp: "release-0.1.2" is not a revision; use head, base, a release such as v0.1.2, or a revision id'],
    ['V0.1.2', 'stamp: "V0.1.2" is not a revision; use head, base, a release such as v0.1.2, or a revision id'],
    ['-1', 'stamp: "-1" is not a revision; use head, base, a release such as v0.1.2, or a revision id'],
    ['zz', 'stamp: "zz" is not a revision; use head, base, a release such as v0.1.2, or a revision id'],
  ])('rejects %j', (value, message) => {
    expect(usageError(() => parseStampTarget(value)).message).toBe(message);
  });
});

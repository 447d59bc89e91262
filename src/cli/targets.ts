import { quoteInput } from '../version-guard/core/quote-input.js';
import { UsageError } from './cli.errors.js';
import type { DowngradeTarget, StampTarget, UpgradeTarget } from '../version-guard/core/change-plan.js';

const REVISION_REF = /^[0-9a-f]{4,12}$/;

function revisionRef(value: string, command: string, forms: string): { kind: 'revision'; ref: string } {
  if (!REVISION_REF.test(value)) {
    throw new UsageError(`${command}: ${quoteInput(value)} is not a revision; use ${forms}`);
  }
  return { kind: 'revision', ref: value };
}

function steps(value: string, command: string): number {
  const n = /^[+-]\d+$/.test(value) ? Number(value.slice(1)) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${command}: ${quoteInput(value)} is not a step count; use ${value[0]}1, ${value[0]}2, ...`);
  return n;
}

/** Parses `upgrade [head|<rev>|+N]` (pure). */
export function parseUpgradeTarget(value = 'head'): UpgradeTarget {
  if (value === 'head' || value === 'heads') return { kind: 'head' };
  if (value.startsWith('+')) return { kind: 'steps', steps: steps(value, 'upgrade') };
  return revisionRef(value, 'upgrade', 'head, +N or a revision id');
}

/** Parses `downgrade <-N|<rev>|base>` (pure); the target is required. */
export function parseDowngradeTarget(value: string | undefined): DowngradeTarget {
  if (!value) throw new UsageError('downgrade: a target is required: -N, a revision id, or base');
  if (value === 'base') return { kind: 'base' };
  if (value.startsWith('-')) return { kind: 'steps', steps: steps(value, 'downgrade') };
  return revisionRef(value, 'downgrade', '-N, base or a revision id');
}

/** Parses `stamp <rev|head|base|v0.1.2>` (pure). */
export function parseStampTarget(value: string | undefined): StampTarget {
  if (!value) throw new UsageError('stamp: a target is required: a revision id, head, base, or a release such as v0.1.2');
  if (value === 'head') return { kind: 'head' };
  if (value === 'base') return { kind: 'base' };
  const release = /^v?(\d+\.\d+\.\d+)$/.exec(value);
  if (release) return { kind: 'release', release: release[1] };
  return revisionRef(value, 'stamp', 'head, base, a release such as v0.1.2, or a revision id');
}

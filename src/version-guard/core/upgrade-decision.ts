import type { DatabaseState, DatabaseStatus } from './database-status.js';

/** What the guard does at start when a database is not at head. */
export const UPGRADE_POLICIES = ['auto', 'check', 'off'] as const;
export type UpgradePolicy = (typeof UPGRADE_POLICIES)[number];

/** What the guard does with one database at start. */
export type BootAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'start_ahead' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'upgrade'; readonly stampFirst: string | null }
  | { readonly kind: 'refuse' };

const APPLIED_UNDER_CHECK: ReadonlySet<DatabaseState> = new Set(['empty']);
const APPLIED_UNDER_AUTO: ReadonlySet<DatabaseState> = new Set(['empty', 'behind', 'legacy', 'failed']);

/** The SPEC §4 table: the action for a database state under a policy (pure). */
export function decideBootAction(status: DatabaseStatus, policy: UpgradePolicy): BootAction {
  if (policy === 'off') return { kind: 'skip' };
  if (status.state === 'up_to_date') return { kind: 'none' };
  // an older build during a rollout or after a rollback: the newer revisions were declared safe for it
  if (status.state === 'ahead_compatible') return { kind: 'start_ahead' };
  const applies = policy === 'auto' ? APPLIED_UNDER_AUTO : APPLIED_UNDER_CHECK;
  if (!applies.has(status.state)) return { kind: 'refuse' };
  return { kind: 'upgrade', stampFirst: status.state === 'legacy' ? status.legacy?.revision ?? null : null };
}

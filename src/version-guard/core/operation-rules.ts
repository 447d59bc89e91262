import type { DatabaseState, DatabaseStatus } from './database-status.js';

/** What the guard does at start when a database is not at head. */
export const UPGRADE_POLICIES = ['auto', 'check', 'off'] as const;
export type UpgradePolicy = (typeof UPGRADE_POLICIES)[number];

/** What a start does with a database in a state, under a policy that checks (SPEC §4). */
type BootVerdict = 'none' | 'start_ahead' | 'apply' | 'stamp_and_apply' | 'refuse';

/** The operator's commands that change a database. */
export type ChangeCommand = 'upgrade' | 'downgrade' | 'stamp' | 'repair';

interface StateRule {
  readonly auto: BootVerdict;
  readonly check: BootVerdict;
  readonly commands: readonly ChangeCommand[];
}

// `stamp` and `repair` are how an operator settles a state by hand: every state allows them.
const BY_HAND: readonly ChangeCommand[] = ['stamp', 'repair'];
const ALL: readonly ChangeCommand[] = ['upgrade', 'downgrade', ...BY_HAND];

/**
 * The one table of which states allow which operation: a start under `auto` (or `--migrate`) and
 * under `check`, and each command that changes a database. `db check` reads its exit status from
 * the `auto` column: what a start under `auto` would apply is "something to do".
 */
const RULES: Readonly<Record<DatabaseState, StateRule>> = {
  empty: { auto: 'apply', check: 'apply', commands: ALL },
  up_to_date: { auto: 'none', check: 'none', commands: ALL },
  behind: { auto: 'apply', check: 'refuse', commands: ALL },
  legacy: { auto: 'stamp_and_apply', check: 'refuse', commands: BY_HAND },
  legacy_unrecognized: { auto: 'refuse', check: 'refuse', commands: BY_HAND },
  // an older build during a rollout or after a rollback: the newer revisions were declared safe for it
  ahead_compatible: { auto: 'start_ahead', check: 'start_ahead', commands: BY_HAND },
  ahead: { auto: 'refuse', check: 'refuse', commands: BY_HAND },
  foreign: { auto: 'refuse', check: 'refuse', commands: BY_HAND },
  multiple_heads: { auto: 'refuse', check: 'refuse', commands: BY_HAND },
  failed: { auto: 'apply', check: 'refuse', commands: ALL },
  modified: { auto: 'refuse', check: 'refuse', commands: BY_HAND },
};

/** What the guard does with one database at start. */
export type BootAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'start_ahead' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'upgrade'; readonly stampFirst: string | null }
  | { readonly kind: 'refuse' };

/** The action for a database state under a policy (pure). */
export function decideBootAction(status: DatabaseStatus, policy: UpgradePolicy): BootAction {
  if (policy === 'off') return { kind: 'skip' };
  const verdict = RULES[status.state][policy];
  switch (verdict) {
    case 'apply':
      return { kind: 'upgrade', stampFirst: null };
    case 'stamp_and_apply':
      return { kind: 'upgrade', stampFirst: status.legacy?.revision ?? null };
    default:
      return { kind: verdict };
  }
}

/** Whether a command may change a database in this state (else it refuses, naming the state's fix). */
export function commandAllowed(command: ChangeCommand, state: DatabaseState): boolean {
  return RULES[state].commands.includes(command);
}

/** `db check`'s verdict on one database: at head (or compatibly ahead), something to do, or a refusing state. */
export function checkVerdict(state: DatabaseState): 'fine' | 'to_do' | 'refusing' {
  const verdict = RULES[state].auto;
  if (verdict === 'none' || verdict === 'start_ahead') return 'fine';
  return verdict === 'refuse' ? 'refusing' : 'to_do';
}

import { describe, expect, it } from 'vitest';
import type { UpgradePolicy } from '../../src/version-guard/core/operation-rules.js';
import { DATABASE_STATES, type DatabaseState, type DatabaseStatus } from '../../src/version-guard/core/database-status.js';
import { checkVerdict, commandAllowed, decideBootAction, type BootAction, type ChangeCommand } from '../../src/version-guard/core/operation-rules.js';

const LEGACY_REVISION = '031b34b4dd30';

function statusIn(state: DatabaseState): DatabaseStatus {
  const legacy =
    state === 'legacy'
      ? { release: '0.1.3', revision: LEGACY_REVISION, nearestRelease: '0.1.3', missing: [], extraTables: [] }
      : null;
  return {
    name: 'agent',
    dialect: 'sqlite',
    state,
    current: [],
    heads: ['f006c02a457c'],
    pending: [],
    legacyRelease: legacy?.release ?? null,
    unknown: [],
    foreignSet: null,
    failure: null,
    legacy,
    modified: state === 'modified' ? ['f458c7fb17a5'] : [],
    ahead: null,
  };
}

const none: BootAction = { kind: 'none' };
const skip: BootAction = { kind: 'skip' };
const refuse: BootAction = { kind: 'refuse' };
const startAhead: BootAction = { kind: 'start_ahead' };
const upgrade: BootAction = { kind: 'upgrade', stampFirst: null };
const stampThenUpgrade: BootAction = { kind: 'upgrade', stampFirst: LEGACY_REVISION };

/** SPEC §4, row by row: state -> [auto, check, off]. */
const TABLE: Record<DatabaseState, [BootAction, BootAction, BootAction]> = {
  empty: [upgrade, upgrade, skip],
  up_to_date: [none, none, skip],
  behind: [upgrade, refuse, skip],
  legacy: [stampThenUpgrade, refuse, skip],
  legacy_unrecognized: [refuse, refuse, skip],
  ahead_compatible: [startAhead, startAhead, skip],
  ahead: [refuse, refuse, skip],
  foreign: [refuse, refuse, skip],
  multiple_heads: [refuse, refuse, skip],
  failed: [upgrade, refuse, skip],
  modified: [refuse, refuse, skip],
};

const POLICIES: readonly UpgradePolicy[] = ['auto', 'check', 'off'];

describe('decideBootAction (SPEC §4)', () => {
  it('the table covers every database state', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...DATABASE_STATES].sort());
  });

  for (const state of DATABASE_STATES) {
    for (const [column, policy] of POLICIES.entries()) {
      const expected = TABLE[state][column];
      it(`${state} under ${policy}: ${expected.kind}${'stampFirst' in expected && expected.stampFirst ? ' after stamping' : ''}`, () => {
        expect(decideBootAction(statusIn(state), policy)).toEqual(expected);
      });
    }
  }

  it('stamps a legacy database with the revision of the detected release', () => {
    const status = {
      ...statusIn('legacy'),
      legacy: { release: '0.1.2', revision: 'f458c7fb17a5', nearestRelease: '0.1.2', missing: [], extraTables: [] },
      legacyRelease: '0.1.2',
    };
    expect(decideBootAction(status, 'auto')).toEqual({ kind: 'upgrade', stampFirst: 'f458c7fb17a5' });
  });
});

/** SPEC §6, the commands that change a database: the states each works from (the others refuse, naming the fix). */
const COMMANDS: Record<ChangeCommand, readonly DatabaseState[]> = {
  upgrade: ['empty', 'up_to_date', 'behind', 'failed'],
  downgrade: ['empty', 'up_to_date', 'behind', 'failed'],
  // the operator's way to settle any state by hand
  stamp: [...DATABASE_STATES],
  repair: [...DATABASE_STATES],
};

describe('commandAllowed (SPEC §6)', () => {
  for (const [command, states] of Object.entries(COMMANDS) as [ChangeCommand, readonly DatabaseState[]][]) {
    it(`${command} works from ${states.length === DATABASE_STATES.length ? 'every state' : states.join(', ')} and refuses the others`, () => {
      for (const state of DATABASE_STATES) expect([state, commandAllowed(command, state)]).toEqual([state, states.includes(state)]);
    });
  }
});

describe('checkVerdict (db check exit status, SPEC §6)', () => {
  const SOMETHING_TO_DO: readonly DatabaseState[] = ['behind', 'empty', 'legacy', 'failed'];
  const FINE: readonly DatabaseState[] = ['up_to_date', 'ahead_compatible'];
  for (const state of DATABASE_STATES) {
    const expected = FINE.includes(state) ? 'fine' : SOMETHING_TO_DO.includes(state) ? 'to_do' : 'refusing';
    it(`${state}: ${expected}`, () => expect(checkVerdict(state)).toBe(expected));
  }
});

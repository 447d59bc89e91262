import { describe, expect, it, type TestContext } from 'vitest';
import { DatabaseRefusedError } from '../../src/version-guard/core/guard.errors.js';
import { changeDatabase, type ChangeListener, type ChangeRequest } from '../../src/version-guard/engine/change-operation.js';
import { DB_TARGETS } from '../support/db-targets.js';
import { openEngine, testConfig, type EngineHarness } from '../support/engine.js';
import { builtIds } from '../support/fault-harness.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';

type Event = [string, ...unknown[]];

// Every hook the operation calls, in order, with its arguments (durations and lock names left out).
function recorder(): { events: Event[]; listener: ChangeListener } {
  const events: Event[] = [];
  const listener: ChangeListener = {
    lockWait: () => events.push(['lockWait']),
    lockAcquired: () => events.push(['lockAcquired']),
    unchanged: (status) => events.push(['unchanged', status.state]),
    startingAhead: (status) => events.push(['startingAhead', status.state]),
    backedUp: () => events.push(['backedUp']),
    recognisedLegacy: (status) => events.push(['recognisedLegacy', status.legacyRelease]),
    stampedLegacy: (release, revision) => events.push(['stampedLegacy', release, revision]),
    planned: (from, to, revisions) => events.push(['planned', from, to, revisions]),
    revisionStarting: (id, position, total) => events.push(['starting', id, position, total]),
    revisionDone: (id, _message, _ms, position, total) => events.push(['done', id, position, total]),
    stamped: (target, added, removed) => events.push(['stamped', target, added, removed]),
    repaired: (changed) => events.push(['repaired', changed]),
    finished: (after, count) => events.push(['finished', after.current, count]),
  };
  return { events, listener };
}

for (const dialect of DB_TARGETS) {
  describe.skipIf(!dialect.available)(`one change operation on ${dialect.name}`, () => {
    const built = builtIds(dialect.name, 'agent');

    // a pair of this dialect on the built set plus one revision after its head (so that every
    // dialect has a database one behind), and the engine on it; all removed when the test ends
    async function setUp(onTestFinished: TestContext['onTestFinished']) {
      const root = copyBuiltMigrations();
      onTestFinished(() => removeFixture(root));
      const extra = newRevisionId();
      addRevision(root, `${dialect.name}/agent`, {
        id: extra,
        parents: [built.head],
        message: 'feat: change operation fixture',
        up: ['create table change_fixture (id int primary key)'],
        down: ['drop table change_fixture'],
      });
      const target = await dialect.make({ DB_MIGRATIONS_DIR: root, DB_BACKUP_BEFORE_UPGRADE: 'false' });
      onTestFinished(() => target.cleanup());
      const harness = await openEngine(testConfig(target.env));
      onTestFinished(() => harness.close());
      return { extra, target, harness };
    }

    async function run(harness: EngineHarness, request: ChangeRequest): Promise<Event[]> {
      const { events, listener } = recorder();
      await changeDatabase(harness.engine, harness.db.agent, request, listener);
      return events;
    }

    it('upgrades, refuses, downgrades, stamps and repairs, reporting each step to its listener', async ({ onTestFinished }) => {
      const { extra, target, harness } = await setUp(onTestFinished);
      const [head, parentOfHead] = [extra, built.head];
      const toParent = (await harness.engine.codeFor(harness.db.agent)).graph.topologicalOrder().filter((id) => id !== head);
      expect([...toParent].sort()).toEqual([...built.ids].sort());

      // the CLI's upgrade to a revision: every revision announced, then applied, in order
      const upgraded = await run(harness, { kind: 'upgrade', target: { kind: 'revision', ref: parentOfHead }, judgedAs: 'command' });
      expect(upgraded).toEqual([
        ['lockAcquired'],
        ['planned', [], [parentOfHead], toParent],
        ...toParent.flatMap((id, i) => [
          ['starting', id, i + 1, toParent.length],
          ['done', id, i + 1, toParent.length],
        ]),
        ['finished', [parentOfHead], toParent.length],
      ]);
      expect(await target.applied('agent')).toEqual(expect.arrayContaining(toParent));

      // a start under `check` refuses a database that is behind, and changes nothing
      const refused = changeDatabase(harness.engine, harness.db.agent, { kind: 'upgrade', target: { kind: 'head' }, judgedAs: 'check' });
      await expect(refused).rejects.toBeInstanceOf(DatabaseRefusedError);
      await expect(refused).rejects.toMatchObject({ state: 'behind', current: [parentOfHead], heads: [head] });
      expect(await target.applied('agent')).not.toContain(head);

      // a start under `auto` applies what is pending; a second one finds nothing to do
      expect(await run(harness, { kind: 'upgrade', target: { kind: 'head' }, judgedAs: 'auto' })).toEqual([
        ['lockAcquired'],
        ['planned', [parentOfHead], [head], [head]],
        ['starting', head, 1, 1],
        ['done', head, 1, 1],
        ['finished', [head], 1],
      ]);
      expect(await run(harness, { kind: 'upgrade', target: { kind: 'head' }, judgedAs: 'auto' })).toEqual([['lockAcquired'], ['unchanged', 'up_to_date']]);

      // downgrade one step: the head is reverted
      expect(await run(harness, { kind: 'downgrade', target: { kind: 'steps', steps: 1 } })).toEqual([
        ['lockAcquired'],
        ['done', head, 1, 1],
        ['finished', [parentOfHead], 1],
      ]);
      expect(await target.applied('agent')).not.toContain(head);

      // stamp records without running; repair accepts the code as it is
      expect(await run(harness, { kind: 'stamp', revision: head })).toEqual([['lockAcquired'], ['stamped', head, [head], []]]);
      expect(await target.applied('agent')).toContain(head);
      expect(await run(harness, { kind: 'repair' })).toEqual([['lockAcquired'], ['repaired', []]]);
      expect((await harness.engine.status(harness.db.agent)).state).toBe('up_to_date');
    });

    it('refuses a command the state does not allow, naming the state, and changes nothing', async ({ onTestFinished }) => {
      const { extra, target, harness } = await setUp(onTestFinished);
      await run(harness, { kind: 'upgrade', target: { kind: 'head' }, judgedAs: 'command' });
      // a revision this code does not know, recorded without the lineage that would show it is safe: `ahead`
      await target.exec('agent', `insert into mikro_orm_migrations (name) values ('abcdefabcdef')`);
      const { events, listener } = recorder();
      const refused = changeDatabase(harness.engine, harness.db.agent, { kind: 'downgrade', target: { kind: 'steps', steps: 1 } }, listener);
      await expect(refused).rejects.toMatchObject({ state: 'ahead' });
      expect(events).toEqual([['lockAcquired']]);
      expect(await target.applied('agent')).toContain(extra);
    });
  });
}

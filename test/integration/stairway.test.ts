import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DATABASE_NAMES } from '../../src/version-guard/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/version.repository.js';
import { openEngine, testConfig, type EngineHarness } from '../support/engine.js';
import { tempDir } from '../support/sqlite-files.js';

// Stairway: every revision goes up, down and up again from the state just below it, so every
// `down` is proven to undo its `up` and every `up` to work again after its own `down`.
describe.each(DATABASE_NAMES)('stairway: sqlite %s', (name) => {
  let harness: EngineHarness;

  beforeAll(async () => {
    const dir = tempDir('stairway-');
    harness = await openEngine(testConfig({ AGENT_DB_PATH: join(dir, 'agent.db'), OPS_DB_PATH: join(dir, 'ops.db') }));
  });
  afterAll(() => harness.close());

  // user tables only: the bookkeeping table appears with the first applied revision
  const tables = async () => (await readTables()).filter((table: string) => !GUARD_TABLES.includes(table));
  const readTables = async () =>
    (await harness.db[name].orm.em.getConnection().execute(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
    ))
      .map((row: { name: string }) => row.name);

  it('applies, reverts and reapplies every revision in order, then downgrades to base', async () => {
    const db = harness.db[name];
    const code = await harness.engine.codeFor(db);
    const order = code.graph.topologicalOrder();
    expect(order.length).toBeGreaterThanOrEqual(2);

    for (const id of order) {
      const before = await tables();
      const up = await harness.engine.apply(db, [id]);
      expect(up.failure).toBeNull();
      expect(up.applied).toEqual([id]);
      const afterUp = await tables();

      await harness.engine.revert(db, [id]);
      expect(await tables()).toEqual(before);
      expect((await harness.engine.status(db)).pending).toContain(id);

      const again = await harness.engine.apply(db, [id]);
      expect(again.failure).toBeNull();
      expect(await tables()).toEqual(afterUp);
    }
    const atHead = await harness.engine.status(db);
    expect(atHead.state).toBe('up_to_date');
    expect(atHead.current).toEqual(code.graph.heads());

    await harness.engine.revert(db, code.graph.downgradePlan(order, null));
    const left = await readTables();
    expect(left.every((table: string) => GUARD_TABLES.includes(table))).toBe(true);
    expect(left).toContain('mikro_orm_migrations');
    const atBase = await harness.engine.status(db);
    expect(atBase.state).toBe('empty');
    expect(atBase.current).toEqual([]);
  });
});

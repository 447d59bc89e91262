import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DATABASE_NAMES } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
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

  // every column (type, nullability, default) and index (columns, uniqueness) of the user tables
  const shape = async () => {
    const rows = await harness.db[name].orm.em.getConnection().execute(
      `select m.name || '.' || p.name || ' ' || p.type || ' ' || p."notnull" || ' ' || coalesce(p.dflt_value, '-') as s ` +
        `from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and m.name not like 'sqlite_%' ` +
        `union all select m.name || ' index ' || (case when i.origin = 'u' then '(constraint)' else i.name end) || ' ' || i."unique" || ' ' || ` +
        `(select group_concat(c.name) from pragma_index_info(i.name) c) ` +
        `from sqlite_master m join pragma_index_list(m.name) i where m.type = 'table' and m.name not like 'sqlite_%' ` +
        `and i.origin in ('c', 'u')`,
    );
    return (rows as { s: string }[]).map((r) => r.s).filter((s) => !GUARD_TABLES.includes(s.split(/[. ]/)[0])).sort();
  };

  it('applies, reverts and reapplies every revision in order, then downgrades to base', async () => {
    const db = harness.db[name];
    const code = await harness.engine.codeFor(db);
    const order = code.graph.topologicalOrder();
    expect(order.length).toBeGreaterThanOrEqual(2);

    for (const id of order) {
      const before = await tables();
      const beforeShape = await shape();
      const up = await harness.engine.apply(db, [id]);
      expect(up.failure).toBeNull();
      expect(up.applied).toEqual([id]);
      const afterUp = await tables();
      const afterShape = await shape();

      await harness.engine.revert(db, [id]);
      expect(await tables()).toEqual(before);
      expect(await shape()).toEqual(beforeShape);
      expect((await harness.engine.status(db)).pending).toContain(id);

      const again = await harness.engine.apply(db, [id]);
      expect(again.failure).toBeNull();
      expect(await tables()).toEqual(afterUp);
      expect(await shape()).toEqual(afterShape);
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

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_NAMES } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { openEngine, testConfig, type EngineHarness } from '../support/engine.js';
import { POSTGRES_COLUMN_LINES } from '../support/postgres-catalog.js';
import { postgresPair, postgresServerUrl, postgresTables } from '../support/postgres-databases.js';

// Stairway on PostgreSQL: every revision up, down and up again, then down to base.
describe.skipIf(!postgresServerUrl)('stairway: postgresql', () => {
  let harness: EngineHarness;
  let pair: Awaited<ReturnType<typeof postgresPair>>;

  beforeAll(async () => {
    pair = await postgresPair();
    harness = await openEngine(testConfig(pair.env));
  });
  afterAll(async () => {
    await harness?.close();
    await pair?.drop();
  });

  describe.each(DATABASE_NAMES)('%s', (name) => {
    const tables = async () => (await pair.with(name, postgresTables)).filter((table) => !GUARD_TABLES.includes(table));
    // columns with type, nullability and default, and indexes with their definition: the whole shape
    const shape = () =>
      pair.with(name, async (c) => {
        const cols = await c.query(
          `select table_name || '.' || column_name || ' ' || line as s from (${POSTGRES_COLUMN_LINES}) columns`,
        );
        const idx = await c.query(`select tablename || ' ' || indexdef as s from pg_indexes where schemaname = current_schema()`);
        return [...cols.rows, ...idx.rows]
          .map((r: { s: string }) => r.s)
          .filter((s) => !GUARD_TABLES.includes(s.split(/[. ]/)[0]))
          .sort();
      });

    it('applies, reverts and reapplies every revision in order, then downgrades to base', async () => {
      const db = harness.db[name];
      const code = await harness.engine.codeFor(db);
      const order = code.graph.topologicalOrder();
      expect(order.length).toBeGreaterThan(0);
      for (const id of order) {
        const before = await shape();
        expect((await harness.engine.apply(db, [id])).failure).toBeNull();
        const afterUp = await shape();
        expect(afterUp).not.toEqual(before);
        await harness.engine.revert(db, [id]);
        expect(await shape()).toEqual(before);
        expect((await harness.engine.apply(db, [id])).failure).toBeNull();
        expect(await shape()).toEqual(afterUp);
      }
      const atHead = await harness.engine.status(db);
      expect(atHead.state).toBe('up_to_date');
      expect(atHead.current).toEqual(code.graph.heads());
      expect(await harness.engine.drift(db)).toEqual([]);
      await harness.engine.revert(db, code.graph.downgradePlan(order, null));
      expect(await tables()).toEqual([]);
      expect((await harness.engine.status(db)).state).toBe('empty');
    });
  });
});

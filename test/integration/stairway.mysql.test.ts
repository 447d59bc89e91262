import { afterAll, beforeAll, expect, it } from 'vitest';
import { describe } from 'vitest';
import { DATABASE_NAMES } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { openEngine, testConfig, type EngineHarness } from '../support/engine.js';
import { describeMysql, mysqlPair } from '../support/mysql-databases.js';

/** Revisions of the real history that change nothing (a release marker). */
const SCHEMA_NEUTRAL = new Set(['13377a900fe2']);

// Stairway on MariaDB: every revision up, down and up again, then down to base.
describeMysql('stairway: mysql', () => {
  let harness: EngineHarness;
  let pair: Awaited<ReturnType<typeof mysqlPair>>;

  beforeAll(async () => {
    pair = await mysqlPair();
    harness = await openEngine(testConfig(pair.env));
  });
  afterAll(async () => {
    await harness?.close();
    await pair?.drop();
  });

  describe.each(DATABASE_NAMES)('%s', (name) => {
    const tables = async () =>
      (await pair.with(name, async (c) => {
        const [rows] = await c.query(
          `select table_name as name from information_schema.tables where table_schema = database() order by table_name`,
        );
        return (rows as { name: string }[]).map((r) => r.name);
      })).filter((table) => !GUARD_TABLES.includes(table));
    // columns with type, nullability and default, and indexes with their columns: the whole shape
    const columns = () =>
      pair.with(name, async (c) => {
        const [cols] = await c.query(
          `select concat(table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' ', coalesce(column_default, '-')) as col ` +
            `from information_schema.columns where table_schema = database()`,
        );
        const [idx] = await c.query(
          `select concat(table_name, ' index ', index_name, ' ', non_unique, ' ', group_concat(column_name order by seq_in_index)) as col ` +
            `from information_schema.statistics where table_schema = database() group by table_name, index_name, non_unique`,
        );
        return [...(cols as { col: string }[]), ...(idx as { col: string }[])]
          .map((r) => r.col)
          .filter((col) => !GUARD_TABLES.includes(col.split(/[. ]/)[0]))
          .sort();
      });

    it('applies, reverts and reapplies every revision in order, then downgrades to base', async () => {
      const db = harness.db[name];
      const code = await harness.engine.codeFor(db);
      const order = code.graph.topologicalOrder();
      for (const id of order) {
        const before = await columns();
        expect((await harness.engine.apply(db, [id])).failure).toBeNull();
        const afterUp = await columns();
        if (!SCHEMA_NEUTRAL.has(id)) expect(afterUp).not.toEqual(before);
        await harness.engine.revert(db, [id]);
        expect(await columns()).toEqual(before);
        expect((await harness.engine.apply(db, [id])).failure).toBeNull();
        expect(await columns()).toEqual(afterUp);
      }
      const atHead = await harness.engine.status(db);
      expect(atHead.state).toBe('up_to_date');
      expect(atHead.current).toEqual(code.graph.heads());
      await harness.engine.revert(db, code.graph.downgradePlan(order, null));
      expect(await tables()).toEqual([]);
      expect((await harness.engine.status(db)).state).toBe('empty');
    });
  });
});

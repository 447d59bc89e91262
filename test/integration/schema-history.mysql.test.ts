import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { DATABASE_NAMES, type DatabaseName } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { LEGACY_BASELINES_DIR, LEGACY_SQL_RELEASES } from '../helpers/legacy-sqlite.js';
import { baselines } from '../support/legacy-data.js';
import { driftOf, openEngine, testConfig, type EngineHarness } from '../support/engine.js';
import { describeMysql, mysqlPair } from '../support/mysql-databases.js';

const PROTECTED = 'user_message';

/** Every column (type, nullability, default) and index (uniqueness, columns) of the user tables. */
async function shape(c: Connection): Promise<string[]> {
  const [cols] = await c.query(
    `select concat(table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' ', coalesce(column_default, '-')) as s ` +
      `from information_schema.columns where table_schema = database()`,
  );
  const [idx] = await c.query(
    `select concat(table_name, ' index ', index_name, ' ', non_unique, ' ', group_concat(column_name order by seq_in_index)) as s ` +
      `from information_schema.statistics where table_schema = database() group by table_name, index_name, non_unique`,
  );
  const ignored = [...GUARD_TABLES, PROTECTED];
  return [...(cols as { s: string }[]), ...(idx as { s: string }[])]
    .map((r) => r.s)
    .filter((s) => !ignored.includes(s.split(/[. ]/)[0]))
    .sort();
}

describeMysql('mysql schema history', () => {
  let pair: Awaited<ReturnType<typeof mysqlPair>>;
  let harness: EngineHarness;

  beforeAll(async () => {
    pair = await mysqlPair();
    harness = await openEngine(testConfig(pair.env));
  });
  afterAll(async () => {
    await harness?.close();
    await pair?.drop();
  });

  /** Takes `database` of the pair to `revision` (from empty), or to head without one. */
  async function migrateTo(database: DatabaseName, revision?: string) {
    const db = harness.db[database];
    const order = (await harness.engine.codeFor(db)).graph.topologicalOrder();
    const applied = await harness.engine.status(db);
    if (applied.current.length > 0) await harness.engine.revert(db, [...order].reverse());
    const upTo = revision ? order.slice(0, order.indexOf(revision) + 1) : order;
    expect((await harness.engine.apply(db, upTo)).failure).toBeNull();
  }

  describe.each(DATABASE_NAMES)('%s', (database) => {
    it('migrating to head gives the schema of the entities, with no drift', async () => {
      await migrateTo(database);
      expect(await driftOf(harness.db[database], [...GUARD_TABLES, PROTECTED])).toEqual([]);
    });

    it.each(LEGACY_SQL_RELEASES)('v%s.sql has the columns and indexes the set produces at its revision', async (release) => {
      const { revision } = baselines.sets[`mysql_${database}`].releases[release];
      await migrateTo(database, revision);
      const migrated = await pair.with(database, shape);

      const legacy = await mysqlPair();
      try {
        const sql = readFileSync(join(LEGACY_BASELINES_DIR, 'mysql', database, `v${release}.sql`), 'utf8');
        await legacy.with(database, (c) => c.query(sql));
        expect(await legacy.with(database, shape)).toEqual(migrated);
      } finally {
        await legacy.drop();
      }
    });
  });
});

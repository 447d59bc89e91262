import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Connection } from 'mysql2/promise';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { driftOf, openEngine, testConfig, type EngineHarness } from '../support/engine.js';
import { describeMysql, mysqlPair } from '../support/mysql-databases.js';

/** The comments the real MySQL history gives the columns 54be202e347e widens. */
const COMMENTED = [
  ['agent_execution', 'fail_reason', 'the reason for failure'],
  ['trace_detail', 'input', '输入数据'],
  ['trace_detail', 'output', '输出数据'],
  ['trace_summary', 'fail_reason', '失败原因'],
  ['workflow_execution', 'fail_reason', 'the reason for failure'],
] as const;

interface ColumnInfo {
  type: string;
  collation: string | null;
  comment: string;
}

async function column(c: Connection, table: string, name: string): Promise<ColumnInfo | undefined> {
  const [rows] = await c.query(
    `select column_type as type, collation_name as collation, column_comment as comment from information_schema.columns ` +
      `where table_schema = database() and table_name = ? and column_name = ?`,
    [table, name],
  );
  return (rows as ColumnInfo[])[0];
}

describeMysql('mysql agent revisions as the real history writes them', () => {
  let pair: Awaited<ReturnType<typeof mysqlPair>>;
  let harness: EngineHarness;
  let order: string[];

  beforeAll(async () => {
    pair = await mysqlPair();
    harness = await openEngine(testConfig(pair.env));
    order = (await harness.engine.codeFor(harness.db.agent)).graph.topologicalOrder();
  });
  afterAll(async () => {
    await harness?.close();
    await pair?.drop();
  });

  /** Takes the agent database from empty to just before `revision` (to head without one). */
  async function migrateBefore(revision?: string) {
    const db = harness.db.agent;
    const applied = (await harness.engine.status(db)).current;
    if (applied.length > 0) await harness.engine.revert(db, [...order].reverse());
    const ids = revision ? order.slice(0, order.indexOf(revision)) : order;
    expect((await harness.engine.apply(db, ids)).failure).toBeNull();
  }
  const agent = <T>(fn: (c: Connection) => Promise<T>) => pair.with('agent', fn);

  it('54be202e347e widens the text columns keeping their comments; down narrows them back exactly as they were', async () => {
    await migrateBefore('54be202e347e');
    for (const [table, name, comment] of COMMENTED) expect(await agent((c) => column(c, table, name))).toMatchObject({ type: 'text', comment });
    const before = await agent(async (c) => Promise.all([...COMMENTED.map(([t, n]) => column(c, t, n)), column(c, 'workflow_execution_details', 'meta_data')]));

    expect((await harness.engine.apply(harness.db.agent, ['54be202e347e'])).failure).toBeNull();
    for (const [table, name, comment] of COMMENTED) expect(await agent((c) => column(c, table, name))).toMatchObject({ type: 'longtext', comment });

    await harness.engine.revert(harness.db.agent, ['54be202e347e']);
    const after = await agent(async (c) => Promise.all([...COMMENTED.map(([t, n]) => column(c, t, n)), column(c, 'workflow_execution_details', 'meta_data')]));
    expect(after).toEqual(before);
  });

  it('06a1f79bce8b skips the columns that are missing and its down restores the columns as they were', async () => {
    await migrateBefore('06a1f79bce8b');
    const before = await agent(async (c) => [await column(c, 'workflow', 'schema'), await column(c, 'user', 'session_key')]);
    await agent((c) => c.query('ALTER TABLE `workflow_publish` DROP COLUMN `schema`'));

    expect((await harness.engine.apply(harness.db.agent, ['06a1f79bce8b'])).failure).toBeNull();
    expect(await agent((c) => column(c, 'workflow_publish', 'schema'))).toBeUndefined();
    expect(await agent((c) => column(c, 'workflow', 'schema'))).toMatchObject({ type: 'longtext' });
    expect(await agent((c) => column(c, 'user', 'session_key'))).toMatchObject({ type: 'varchar(512)' });

    await harness.engine.revert(harness.db.agent, ['06a1f79bce8b']);
    expect(await agent(async (c) => [await column(c, 'workflow', 'schema'), await column(c, 'user', 'session_key')])).toEqual(before);
    expect(before.map((c) => c?.type)).toEqual(['text', 'varchar(256)']);
  });

  it('072ac1293a02 comments its new columns; its down brings the es_ columns back as they were, comments included', async () => {
    await migrateBefore('072ac1293a02');
    const before = await agent((c) => column(c, 'knowledge_base_document', 'es_index_id'));
    expect((await harness.engine.apply(harness.db.agent, ['072ac1293a02'])).failure).toBeNull();
    expect(await agent((c) => column(c, 'knowledge_base_document', 'index_id'))).toMatchObject({ comment: 'ES中的索引ID' });
    expect(await agent((c) => column(c, 'memory_base', 'mdb_id'))).toMatchObject({ comment: '记忆库ID，唯一标识' });

    await harness.engine.revert(harness.db.agent, ['072ac1293a02']);
    expect(await agent((c) => column(c, 'knowledge_base_document', 'es_index_id'))).toEqual(before);
    expect(before).toMatchObject({ type: 'varchar(200)', comment: 'ES中的索引ID' });
    expect(await agent((c) => column(c, 'knowledge_base_document', 'es_index_name'))).toMatchObject({ comment: 'ES索引名称' });
  });

  it('9fa66e01df94 carries a real model id over and leaves a row whose model id is empty untouched', async () => {
    await migrateBefore('9fa66e01df94');
    const model = (modelId: unknown) => JSON.stringify({ model_info: { model_id: modelId, temperature: 0.3, top_p: 0.9, api_key: 'k' } });
    await agent((c) =>
      c.query('INSERT INTO `agent` (`id`, `agent_id`, `space_id`, `model`) VALUES (1, ?, ?, ?), (2, ?, ?, ?)', [
        'a-empty', 's', model(''),
        'a-real', 's', model(7),
      ]),
    );

    expect((await harness.engine.apply(harness.db.agent, ['9fa66e01df94'])).failure).toBeNull();
    const [rows] = await agent((c) => c.query('SELECT `id`, `model_id`, `agent_model_config` FROM `agent` ORDER BY `id`'));
    const parsed = (rows as { id: number; model_id: number | null; agent_model_config: unknown }[]).map((r) => ({
      ...r,
      // MariaDB stores JSON as text; MySQL's driver hands it over parsed
      agent_model_config: typeof r.agent_model_config === 'string' ? JSON.parse(r.agent_model_config) : r.agent_model_config,
    }));
    expect(parsed).toEqual([
      { id: 1, model_id: null, agent_model_config: null },
      { id: 2, model_id: 7, agent_model_config: { temperature: 0.3, top_p: 0.9 } },
    ]);
  });

  it('the head schema has no drift from the entities', async () => {
    await migrateBefore();
    expect(await driftOf(harness.db.agent, [...GUARD_TABLES, 'user_message'])).toEqual([]);
  });
});

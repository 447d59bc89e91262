import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnDefinitions } from '../../src/database/ddl/sqlite-rebuild.js';
import { openEngine, testConfig, type EngineHarness } from '../support/engine.js';
import { readDb, sqliteEnv, tempDir, writeDb } from '../support/sqlite-files.js';

const ADD_USER = (id: number, sessionKey: string, nickname: string) =>
  `INSERT INTO user (id, user_id, email, user_unique_name, user_name, password, session_key, role_type, user_verified, is_active, nickname) ` +
  `VALUES (${id}, 'u${id}', 'u${id}@example.com', 'u${id}', 'User ${id}', 'hash', '${sessionKey}', 1, 1, 1, '${nickname}')`;

describe('sqlite agent 07acd03b1173 over a user table with a column of its own', () => {
  let harness: EngineHarness;
  let file: string;

  beforeAll(async () => {
    const env = sqliteEnv(tempDir('fidelity-'));
    file = env.AGENT_DB_PATH;
    harness = await openEngine(testConfig(env));
    const order = (await harness.engine.codeFor(harness.db.agent)).graph.topologicalOrder();
    expect((await harness.engine.apply(harness.db.agent, order.slice(0, order.indexOf('07acd03b1173')))).failure).toBeNull();
    // a column, an index and a trigger the migration set knows nothing about, with data
    writeDb(file, (db) => {
      db.exec(`ALTER TABLE user ADD COLUMN nickname TEXT NOT NULL DEFAULT 'none' CHECK (length(nickname) < 20)`);
      db.exec(`CREATE INDEX my_user_nickname ON user (nickname)`);
      db.exec(`CREATE TABLE user_audit (user_id TEXT); CREATE TRIGGER my_user_audit AFTER INSERT ON user BEGIN INSERT INTO user_audit VALUES (new.user_id); END`);
      db.exec(ADD_USER(1, 'key-1', 'Ada'));
    });
  });
  afterAll(() => harness?.close());

  const userSql = () => readDb(file, (db) => (db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'user'`).get() as { sql: string }).sql);
  const objects = () =>
    readDb(file, (db) => (db.prepare(`SELECT name FROM sqlite_master WHERE tbl_name = 'user' AND sql IS NOT NULL AND type <> 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name));

  it('rebuilds the table: the session key is no longer unique, the own column keeps its declaration, data, index and trigger', async () => {
    expect((await harness.engine.apply(harness.db.agent, ['07acd03b1173'])).failure).toBeNull();
    expect(userSql()).not.toContain('idx_session_key');
    expect(userSql()).toContain('CHECK (length(nickname) < 20)');
    expect(objects()).toEqual(['my_user_audit', 'my_user_nickname']);
    writeDb(file, (db) => db.exec(ADD_USER(2, 'key-1', 'Bob')));
    const rows = readDb(file, (db) => db.prepare(`SELECT id, nickname, refresh_token FROM user ORDER BY id`).all());
    expect(rows).toEqual([
      { id: 1, nickname: 'Ada', refresh_token: '' },
      { id: 2, nickname: 'Bob', refresh_token: '' },
    ]);
    expect(readDb(file, (db) => db.prepare(`SELECT user_id FROM user_audit ORDER BY user_id`).all())).toEqual([{ user_id: 'u1' }, { user_id: 'u2' }]);
  });

  it('down rebuilds it back with the session key unique, keeping the own column and dropping the refresh token', async () => {
    writeDb(file, (db) => db.exec(`DELETE FROM user WHERE id = 2`));
    await harness.engine.revert(harness.db.agent, ['07acd03b1173']);
    expect(userSql()).toContain('idx_session_key');
    expect(userSql()).not.toContain('refresh_token');
    expect(objects()).toEqual(['my_user_audit', 'my_user_nickname']);
    expect(readDb(file, (db) => db.prepare(`SELECT id, nickname FROM user`).all())).toEqual([{ id: 1, nickname: 'Ada' }]);
    expect(() => writeDb(file, (db) => db.exec(ADD_USER(3, 'key-1', 'Cy')))).toThrow(/UNIQUE/);
  });
});

describe('columnDefinitions', () => {
  it('splits a create statement into column definitions, skipping table constraints', () => {
    const sql = "CREATE TABLE `t` (`a` INTEGER NOT NULL, \"b,c\" NUMERIC(10, 2) DEFAULT ('x,y'), d TEXT CHECK (d IN ('1', '2')), PRIMARY KEY (`a`), CONSTRAINT u UNIQUE (d))";
    expect(columnDefinitions(sql)).toEqual([
      { name: 'a', definition: '`a` INTEGER NOT NULL' },
      { name: 'b,c', definition: `"b,c" NUMERIC(10, 2) DEFAULT ('x,y')` },
      { name: 'd', definition: `d TEXT CHECK (d IN ('1', '2'))` },
    ]);
  });
});

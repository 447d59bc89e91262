import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_NAMES } from '../../src/version-guard/core/revision.js';
import { BUILT_MIGRATIONS } from '../support/paths.js';
import { runApp } from '../support/in-process.js';
import { appliedRevisions, fileHash, readDb, sqliteEnv, tableNames, tempDir, writeDb } from '../support/sqlite-files.js';
import {
  createSeededLegacyDatabase, dumpRows, recognisedRelease, releaseRevision, rowsKept, stampedRevision, tableSnapshot,
} from '../support/legacy-data.js';
import { createLegacySqliteDatabase } from '../helpers/legacy-sqlite.js';

const LEGACY_RELEASES = ['0.1.1', '0.1.2', '0.1.3'] as const;

const headOf = (database: string) =>
  (JSON.parse(readFileSync(join(BUILT_MIGRATIONS, 'sqlite', database, 'manifest.json'), 'utf8')) as {
    revisions: { id: string; parents: string[] }[];
  }).revisions;

/** Two legacy databases of `release` with rows in every table, in a fresh directory. */
function legacyPair(release: string) {
  const dir = tempDir(`legacy-${release}-`);
  const env = sqliteEnv(dir);
  for (const database of DATABASE_NAMES) {
    createSeededLegacyDatabase(env[`${database.toUpperCase()}_DB_PATH`], database, release);
  }
  return { dir, env, path: (database: string) => env[`${database.toUpperCase()}_DB_PATH`] };
}

describe.concurrent('legacy databases of releases 0.1.1-0.1.3', () => {
  for (const release of LEGACY_RELEASES) {
    it(`v${release}: --migrate stamps each database to its release id and upgrades it, keeping every row`, async () => {
      const { dir, env, path } = legacyPair(release);
      const rowsBefore = Object.fromEntries(DATABASE_NAMES.map((db) => [db, dumpRows(path(db))]));
      const userMessage = tableSnapshot(path('agent'), 'user_message');

      const run = await runApp({ cwd: dir, env, args: ['--migrate'] });

      expect(run.started, run.stderr).toBe(true);
      for (const database of DATABASE_NAMES) {
        const baseline = stampedRevision(database, release);
        const applied = appliedRevisions(path(database));
        expect(applied[0]).toBe(releaseRevision(database, '0.1.2'));
        expect(applied).toContain(baseline);
        const revisions = headOf(database);
        expect(applied).toHaveLength(revisions.length);
        expect(run.stdout).toContain(`${database} database: recognised a database created by release`);
        expect(run.stdout).toContain(`stamped it as ${baseline}`);
        // every row that existed is still there, value for value in every column the history kept
        const after = dumpRows(path(database));
        for (const [table, rows] of Object.entries(rowsBefore[database])) {
          expect(rowsKept(rows, after[table]), `${database}.${table}`).toBe(true);
        }
      }
      expect(tableSnapshot(path('agent'), 'user_message')).toBe(userMessage);
      expect(tableNames(path('agent'))).toEqual(expect.arrayContaining(['memory_base', 'system_llm_model']));
    });

    it(`v${release}: under check the start is refused naming the release and id, nothing changed`, async () => {
      const { dir, env, path } = legacyPair(release);
      const hashes = DATABASE_NAMES.map((db) => fileHash(path(db)));

      const run = await runApp({ cwd: dir, env });

      expect(run.started).toBe(false);
      expect(run.exitCode).toBe(1);
      for (const database of DATABASE_NAMES) {
        expect(run.stderr).toContain(`❌ ${database} database: refusing to start (state: legacy)`);
        expect(run.stderr).toContain(`stamped as ${stampedRevision(database, release)}`);
        expect(run.stderr).toContain('--migrate');
        // 0.1.1 has the schema of 0.1.2, so it is recognised as 0.1.2 (ops: 0.1.2 as 0.1.3)
        expect(run.stderr).toContain(`created by release ${recognisedRelease(database, release)}`);
      }
      expect(DATABASE_NAMES.map((db) => fileHash(path(db)))).toEqual(hashes);
    });
  }

  it('a v0.1.2 database with part of v0.1.3 already synced upgrades to head', async () => {
    const { dir, env, path } = legacyPair('0.1.2');
    writeDb(path('agent'), (db) =>
      db.exec('alter table plugin add column inputs JSON; alter table workflow add column object_key VARCHAR(512)'),
    );

    const run = await runApp({ cwd: dir, env, args: ['--migrate'] });

    expect(run.started, run.stderr).toBe(true);
    for (const database of DATABASE_NAMES) {
      expect(appliedRevisions(path(database))).toHaveLength(headOf(database).length);
    }
    const columns = readDb(path('agent'), (db) => db.prepare('select name from pragma_table_info(?)').all('plugin')) as { name: string }[];
    expect(columns.map((c) => c.name).filter((c) => c === 'inputs' || c === 'desc_mk').sort()).toEqual(['desc_mk', 'inputs']);
  });

  for (const database of DATABASE_NAMES) {
    it(`an unrecognised ${database} database (a table missing from every release) is refused and left untouched`, async () => {
      const dir = tempDir('unrecognised-');
      const env = sqliteEnv(dir);
      const path = env[`${database.toUpperCase()}_DB_PATH`];
      createLegacySqliteDatabase(path, database, '0.1.3');
      const dropped = database === 'agent' ? 'knowledge_base' : 'prompt_commit';
      writeDb(path, (db) => db.exec(`drop table ${dropped}`));
      const before = fileHash(path);

      for (const args of [[], ['--migrate']]) {
        const run = await runApp({ cwd: dir, env, args });
        expect(run.started).toBe(false);
        expect(run.exitCode).toBe(1);
        expect(run.stderr).toContain(`❌ ${database} database: refusing to start (state: legacy_unrecognized)`);
        expect(run.stderr).toContain(`table ${dropped}`);
        expect(fileHash(path)).toBe(before);
      }
      expect(tableNames(path)).not.toContain('mikro_orm_migrations');
    });
  }
});

describe('a release boundary crossed half-way', () => {
  it('a v0.1.3 agent database with memory_base created but not its indexes is stamped as 0.1.3 and gets the indexes', async () => {
    const { dir, env, path } = legacyPair('0.1.3');
    writeDb(path('agent'), (db) =>
      db.exec(
        'create table memory_base (id INTEGER NOT NULL, space_id VARCHAR(100) NOT NULL, mdb_id VARCHAR(100) NOT NULL, ' +
          'name VARCHAR(100) NOT NULL, description VARCHAR(100) NOT NULL, embedding_model_config_id INTEGER NOT NULL, ' +
          'llm_model_config_id INTEGER NOT NULL, create_time BIGINT NOT NULL, update_time BIGINT NOT NULL, PRIMARY KEY (id), ' +
          'CONSTRAINT uix_mdb_id UNIQUE (mdb_id))',
      ),
    );
    const run = await runApp({ cwd: dir, env, args: ['--migrate'] });
    expect(run.started, run.stderr).toBe(true);
    expect(run.stdout).toContain(`stamped it as ${releaseRevision('agent', '0.1.3')}`);
    const indexes = readDb(path('agent'), (db) =>
      db.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'memory_base' and sql is not null").all(),
    );
    expect(indexes).toContainEqual({ name: 'idx_space_mdb_memory_base' });
  });
});

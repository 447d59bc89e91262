import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { builtSet, DBS, type Db } from '../support/e2e-helpers.js';
import { BASELINES_DIR } from '../support/paths.js';
import { runApp, runCli } from '../support/in-process.js';
import { appliedRevisions, fileHash, readDb, sqliteEnv, tempDir, writeDb } from '../support/sqlite-files.js';

const baselines = JSON.parse(readFileSync(join(BASELINES_DIR, 'baselines.json'), 'utf8')) as {
  trackingRelease: string;
  sets: Record<string, { releases: Record<string, { revision: string }> }>;
};
const tracked = (db: string) => baselines.sets[`sqlite_${db}`].releases[baselines.trackingRelease].revision;
const alembicRows = (path: string) => readDb(path, (d) => (d.prepare('select version_num from alembic_version').all() as { version_num: string }[]).map((r) => r.version_num));

/** Both SQLite databases as the Python app leaves them at a revision (default: its tracking release): schema, and only `alembic_version`. */
async function trackedPair(at: (db: Db) => string = tracked) {
  const dir = tempDir('alembic-');
  const env = sqliteEnv(dir);
  const path = (db: string) => env[`${db.toUpperCase()}_DB_PATH`];
  for (const db of DBS) {
    const built = await runCli(['upgrade', at(db), '--db', db], { cwd: dir, env });
    expect(built.exitCode, built.stderr).toBe(0);
    writeDb(path(db), (d) => {
      for (const table of GUARD_TABLES) d.exec(`drop table if exists ${table}`);
      d.exec('create table alembic_version (version_num varchar(32) not null, constraint alembic_version_pkc primary key (version_num))');
      d.prepare('insert into alembic_version (version_num) values (?)').run(at(db));
    });
  }
  return { dir, env, path };
}

describe('taking over databases tracked by Alembic (processes)', () => {
  it('status, check and upgrade --sql report the adopted revision without changing a byte; --migrate upgrades and keeps alembic_version in step', async () => {
    const { dir, env, path } = await trackedPair();
    const hashes = DBS.map((db) => fileHash(path(db)));

    const json = await runCli(['status', '--json'], { cwd: dir, env });
    expect(json.exitCode, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as { databases: { name: string; current: string[]; adoptedFrom?: string }[] };
    for (const db of DBS) expect(doc.databases.find((d) => d.name === db)).toMatchObject({ current: [tracked(db)], adoptedFrom: 'alembic' });
    const text = await runCli(['status'], { cwd: dir, env });
    expect(text.stdout).toContain('Adopted from: alembic');
    const check = await runCli(['check', '--json'], { cwd: dir, env });
    expect(check.exitCode).toBe(DBS.every((db) => builtSet(db).head === tracked(db)) ? 0 : 1);
    const sql = await runCli(['upgrade', '--sql'], { cwd: dir, env });
    expect(sql.exitCode, sql.stderr).toBe(0);
    for (const db of DBS) expect(sql.stdout).toContain(`-- ${db} database (sqlite): `);
    expect(DBS.map((db) => fileHash(path(db)))).toEqual(hashes);

    const run = await runApp({ cwd: dir, env, args: ['--migrate'] });
    expect(run.started, run.stderr).toBe(true);
    for (const db of DBS) {
      expect(alembicRows(path(db))).toEqual([builtSet(db).head]);
      // a database Alembic left at head needs no change, so nothing is recorded and both tools still agree
      const expected = builtSet(db).head === tracked(db) ? [] : [...builtSet(db).ids].sort();
      expect(appliedRevisions(path(db)).sort()).toEqual(expected);
    }
  });

  it('one revision behind under check: the start is refused naming the pending revision, and nothing is written', async () => {
    // as the Python app leaves a database at the revision before the code's head
    const { dir, env, path } = await trackedPair((db) => builtSet(db).parentOfHead);
    for (const db of DBS) {
      const { head, parentOfHead } = builtSet(db);
      expect(alembicRows(path(db))).toEqual([parentOfHead]);
      expect(head).not.toBe(parentOfHead);
    }
    const hashes = DBS.map((db) => fileHash(path(db)));
    const run = await runApp({ cwd: dir, env });
    expect(run.exitCode).toBe(1);
    expect(run.started).toBe(false);
    for (const db of DBS) expect(run.stderr).toContain(`pending revision not applied: ${builtSet(db).head}`);
    expect(DBS.map((db) => fileHash(path(db)))).toEqual(hashes);
  });
});

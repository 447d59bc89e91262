import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toStatusJson } from '../../src/version-guard/core/database-status.js';
import { StartupRefusedError } from '../../src/version-guard/core/startup.errors.js';
import { DATABASE_NAMES, type DatabaseName, type Dialect } from '../../src/version-guard/core/revision.js';
import { VersionGuardService } from '../../src/version-guard/nest/version-guard.service.js';
import { recordingLogger } from '../support/recording-logger.js';
import { GUARD_TABLES, BOOKKEEPING_TABLE } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { mysqlTarget, sqliteTarget, type DbTarget } from '../support/db-targets.js';
import { openEngine, testConfig, type EngineHarness } from '../support/engine.js';
import { describeMysql } from '../support/mysql-databases.js';
import { BASELINES_DIR } from '../support/paths.js';

// Databases tracked by the Python app's Alembic (`alembic_version`), on both dialects: built by
// running the migration sets up to an id, then removing the guard's bookkeeping and leaving
// `alembic_version` as the Python app would have. Ids come from the sets and the baselines table.
const baselines = JSON.parse(readFileSync(join(BASELINES_DIR, 'baselines.json'), 'utf8')) as {
  trackingRelease: string;
  sets: Record<string, { releases: Record<string, { revision: string }> }>;
};
const aliases = (JSON.parse(readFileSync(join(BASELINES_DIR, 'alembic-aliases.json'), 'utf8')) as { sets: Record<string, Record<string, string>> }).sets;

const DIALECTS: { dialect: Dialect; target: () => Promise<DbTarget>; describe: typeof describe }[] = [
  { dialect: 'sqlite', target: () => sqliteTarget(), describe },
  { dialect: 'mysql', target: () => mysqlTarget(), describe: describeMysql as typeof describe },
];

for (const { dialect, target: makeTarget, describe: describeDialect } of DIALECTS) {
  describeDialect(`adopting databases tracked by Alembic: ${dialect}`, () => {
    let target: DbTarget;
    let harness: EngineHarness;

    beforeEach(async () => {
      target = await makeTarget();
      harness = await openEngine(testConfig(target.env));
    });
    afterEach(async () => {
      await harness?.close();
      await target?.cleanup();
    });

    describe.each(DATABASE_NAMES)('%s', (name: DatabaseName) => {
      const set = `${dialect}_${name}`;
      const trackedRelease = baselines.sets[set].releases[baselines.trackingRelease].revision;
      const db = () => harness.db[name];
      const code = () => harness.engine.codeFor(db());
      let log = recordingLogger();
      const guard = () => {
        log = recordingLogger();
        return new VersionGuardService(testConfig(target.env), harness.engine, [db()], undefined, log.logger);
      };
      const events = () => log.lines.map((line) => line.event);
      // the agent database records the vector store kind on its first start, whatever its state
      const firstStartOf = name === 'agent' ? ['index_manager_recorded'] : [];
      const alembicRows = async () => (await target.rows(name, 'select version_num from alembic_version')).map((r) => String(r.version_num)).sort();
      const head = async () => (await code()).graph.heads()[0];

      /** The database as the Python app leaves it at `id` (recorded in alembic_version as `recorded`). */
      async function trackedAt(id: string, recorded: string = id): Promise<void> {
        const graph = (await code()).graph;
        expect((await harness.engine.apply(db(), graph.upgradePlan([], [id]))).failure).toBeNull();
        for (const table of GUARD_TABLES) await target.exec(name, `drop table if exists ${table}`);
        await target.exec(name, 'create table alembic_version (version_num varchar(32) not null, constraint alembic_version_pkc primary key (version_num))');
        await target.exec(name, `insert into alembic_version (version_num) values ('${recorded}')`);
      }

      it(`at release ${baselines.trackingRelease}: status reports the adopted revision and writes nothing; the upgrade runs only what is pending`, async () => {
        await trackedAt(trackedRelease);
        const graph = (await code()).graph;
        const expectedPending = graph.upgradePlan(graph.ancestors(trackedRelease, true));
        const tables = await target.tables(name);

        const status = await harness.engine.status(db());
        expect(status).toMatchObject({ current: [trackedRelease], pending: expectedPending, adoptedFrom: 'alembic' });
        expect(status.state).toBe(expectedPending.length > 0 ? 'behind' : 'up_to_date');
        expect(toStatusJson(status)).toMatchObject({ state: status.state, legacyRelease: null, adoptedFrom: 'alembic' });
        const [underOff] = await guard().verifyAtBoot('off');
        expect(underOff).toMatchObject({ state: status.state, current: [trackedRelease], adoptedFrom: 'alembic' });
        expect(events()).toEqual(['check_skipped']);
        expect(await target.tables(name)).toEqual(tables);
        expect(await alembicRows()).toEqual([trackedRelease]);

        const ran: string[] = [];
        expect((await harness.engine.apply(db(), status.pending, (id) => ran.push(id))).failure).toBeNull();
        expect(ran).toEqual(expectedPending);
        expect(await target.applied(name)).toEqual(graph.topologicalOrder());
        expect(await alembicRows()).toEqual([await head()]);
        expect(await harness.engine.status(db())).toMatchObject({ state: 'up_to_date', adoptedFrom: 'alembic' });
      });

      it('at head: starts as up to date under check without recording anything', async () => {
        await trackedAt(await head());
        const [status] = await guard().verifyAtBoot('check');
        expect(status).toMatchObject({ state: 'up_to_date', current: [await head()], adoptedFrom: 'alembic' });
        expect(events()).toEqual(['up_to_date', ...firstStartOf]);
        expect(await target.tables(name)).not.toContain(BOOKKEEPING_TABLE);
        expect(await alembicRows()).toEqual([await head()]);
      });

      it('one revision behind: refused under check naming what is pending, upgraded under auto', async () => {
        const graph = (await code()).graph;
        const behind = graph.get(await head()).parents[0];
        await trackedAt(behind);
        const refusal = await guard().verifyAtBoot('check').catch((error: unknown) => error);
        expect(refusal).toBeInstanceOf(StartupRefusedError);
        expect((refusal as Error).message).toContain(`pending revision not applied: ${await head()}`);
        expect(await target.tables(name)).not.toContain(BOOKKEEPING_TABLE);
        expect(await alembicRows()).toEqual([behind]);

        const [status] = await guard().verifyAtBoot('auto');
        expect(status).toMatchObject({ state: 'up_to_date', current: [await head()] });
        // the upgrade is logged as at any start: the lock, the backup (of a file), the plan, the revision, the result
        const backup = dialect === 'sqlite' ? ['backup'] : [];
        expect(events()).toEqual(['lock_acquired', ...backup, 'upgrade_plan', 'revision_applied', 'upgraded', ...firstStartOf]);
        expect(log.lines.find((line) => line.event === 'upgrade_plan')?.message).toContain(`from ${behind} to ${await head()}`);
        expect(await target.applied(name)).toEqual(graph.topologicalOrder());
        expect(await alembicRows()).toEqual([await head()]);
      });

      it('downgrade and stamp keep alembic_version equal to the current revision', async () => {
        const graph = (await code()).graph;
        const top = await head();
        const parent = graph.get(top).parents[0];
        await trackedAt(top);
        await harness.engine.revert(db(), [top]);
        expect(await alembicRows()).toEqual([parent]);
        expect(await target.applied(name)).toEqual([...graph.ancestors(parent, true)].sort((a, b) => graph.topologicalOrder().indexOf(a) - graph.topologicalOrder().indexOf(b)));
        await harness.engine.stamp(db(), top);
        expect(await alembicRows()).toEqual([top]);
        await harness.engine.stamp(db(), null);
        expect(await alembicRows()).toEqual([]);
        expect(await target.applied(name)).toEqual([]);
      });

      if (dialect === 'sqlite') it('SQLite: adoption, upgrade and alembic_version commit or roll back together', async () => {
        const graph = (await code()).graph;
        const top = await head();
        const behind = graph.get(top).parents[0];
        await trackedAt(behind);
        // an alembic_version that refuses the new head makes the last step of the change fail
        await target.exec(name, 'drop table alembic_version');
        await target.exec(name, `create table alembic_version (version_num varchar(32) not null primary key check (version_num <> '${top}'))`);
        await target.exec(name, `insert into alembic_version (version_num) values ('${behind}')`);
        const schema = async () =>
          (await target.rows(name, `select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' order by 1, 2`)).filter(
            (row) => !GUARD_TABLES.includes(String(row.t)) || row.t === 'alembic_version',
          );
        const columns = await schema();
        const result = await harness.engine.apply(db(), [top]);
        expect(result.applied).toEqual([]);
        expect(result.failure?.error.message).toContain('CHECK constraint failed');
        expect(await target.applied(name)).toEqual([]);
        expect(await alembicRows()).toEqual([behind]);
        expect(await schema()).toEqual(columns);
        // the whole change rolled back: still adopted at the revision before, with the failure recorded
        expect(await harness.engine.status(db())).toMatchObject({ state: 'failed', current: [behind], adoptedFrom: 'alembic' });
      });

      it('an id of no set is ahead, an id of the other database is foreign; both refused', async () => {
        const other = DATABASE_NAMES.find((n) => n !== name)!;
        const otherHead = (await harness.engine.codeFor(harness.db[other])).graph.heads()[0];
        await trackedAt(await head(), otherHead);
        expect(await harness.engine.status(db())).toMatchObject({ state: 'foreign', foreignSet: `${dialect}_${other}`, adoptedFrom: 'alembic' });
        await target.exec(name, `update alembic_version set version_num = 'abcdef012345'`);
        expect(await harness.engine.status(db())).toMatchObject({ state: 'ahead', current: ['abcdef012345'] });
        await expect(guard().verifyAtBoot('auto')).rejects.toBeInstanceOf(StartupRefusedError);
        expect(await target.tables(name)).not.toContain(BOOKKEEPING_TABLE);
      });

      for (const [old, main] of Object.entries(aliases[set] ?? {})) {
        it(`old-branch id ${old} is adopted as ${main}`, async () => {
          const graph = (await code()).graph;
          await trackedAt(main, old);
          const status = await harness.engine.status(db());
          expect(status).toMatchObject({ current: [main], pending: graph.upgradePlan(graph.ancestors(main, true)), adoptedFrom: 'alembic' });
          const [after] = await guard().verifyAtBoot('auto');
          expect(after).toMatchObject({ state: 'up_to_date', current: [await head()] });
          // at head nothing changes, so alembic_version keeps the old id (equivalent to the head); otherwise it follows the upgrade
          expect(await alembicRows()).toEqual([main === (await head()) ? old : await head()]);
        });
      }
    });
  });
}

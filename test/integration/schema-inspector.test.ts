import { MikroORM } from '@mikro-orm/core';
import { DatabaseSchema, type AbstractSqlConnection, type AbstractSqlPlatform } from '@mikro-orm/sql';
import { describe, expect, it, type TestContext } from 'vitest';
import { DATABASE_NAMES } from '../../src/version-guard/core/revision.js';
import { createSchemaInspector, type SchemaInspector } from '../../src/version-guard/dialects/schema-inspector.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { ormOptionsFor } from '../../src/version-guard/engine/orm-options.js';
import { readQueryOf } from '../../src/version-guard/engine/bookkeeping/bookkeeping-store.js';
import { DB_TARGETS, type DbTarget } from '../support/db-targets.js';
import { openEngine, testConfig } from '../support/engine.js';

/** The name each dialect gives the index of `d int unique` (none on SQLite: its autoindex is internal). */
const UNIQUE_INDEX: Record<string, string[]> = { sqlite: [], mysql: ['d'], postgresql: ['zeta_d_key'] };

// What legacy detection, status and the idempotent migrations learn about a live schema, asked
// through the engine's own connection on every dialect: base tables of this database only (no
// views, nothing of another database or schema), columns in declaration order (a dropped column
// gone), and exact answers to "does it exist".
for (const spec of DB_TARGETS) {
  describe.skipIf(!spec.available)(`schema inspector on ${spec.name}`, () => {
    async function inspectAgent(target: DbTarget, onTestFinished: TestContext['onTestFinished']): Promise<SchemaInspector> {
      const orm = await MikroORM.init(await ormOptionsFor(testConfig(target.env), 'agent', { mode: 'read', entities: false }));
      onTestFinished(() => orm.close(true));
      return createSchemaInspector(target.dialect, (sql, params) => orm.em.getConnection().execute(sql, params, 'all'));
    }

    async function pairWithSchema(onTestFinished: TestContext['onTestFinished']): Promise<DbTarget> {
      const target = await spec.make();
      onTestFinished(() => target.cleanup());
      for (const sql of [
        'create table zeta (id int primary key, a int, b int, c int, d int unique)',
        'create index idx_zeta_a on zeta (a)',
        'create index idx_zeta_ac on zeta (a, c)',
        'alter table zeta drop column b',
        'create table alpha (x int)',
        'create view beta as select x from alpha',
      ]) {
        await target.exec('agent', sql);
      }
      await target.exec('ops', 'create table gamma (id int)');
      return target;
    }

    it('lists the base tables of its database with their columns, and answers whether a table, column or index exists', async ({ onTestFinished }) => {
      const inspector = await inspectAgent(await pairWithSchema(onTestFinished), onTestFinished);

      expect(await inspector.listTables()).toEqual(['alpha', 'zeta']);
      expect(await inspector.listTablesWithColumns()).toEqual(
        new Map([
          ['alpha', ['x']],
          ['zeta', ['id', 'a', 'c', 'd']],
        ]),
      );
      // named as MikroORM names them when it introspects (compared with it in the next test): not the
      // primary key; the unique constraint's index as the dialect names it (SQLite's own autoindex is not listed)
      expect(await inspector.listTablesWithIndexes()).toEqual(new Map([['zeta', ['idx_zeta_a', 'idx_zeta_ac', ...UNIQUE_INDEX[spec.name]].sort()]]));
      expect(await inspector.tableExists('zeta')).toBe(true);
      expect(await inspector.tableExists('beta'), 'a view is not a table').toBe(false);
      expect(await inspector.tableExists('gamma'), 'a table of the other database').toBe(false);
      expect(await inspector.tableExists('nope')).toBe(false);
      expect(await inspector.columnExists('zeta', 'c')).toBe(true);
      expect(await inspector.columnExists('zeta', 'b'), 'a dropped column').toBe(false);
      expect(await inspector.columnExists('beta', 'x'), 'a column of a view').toBe(true);
      expect(await inspector.columnExists('nope', 'x')).toBe(false);
      expect(await inspector.indexExists('zeta', 'idx_zeta_a')).toBe(true);
      expect(await inspector.indexExists('alpha', 'idx_zeta_a'), 'an index of another table').toBe(false);
      expect(await inspector.indexExists('zeta', 'nope')).toBe(false);
      // where the session chooses among schemas, the one its unqualified names resolve to
      expect(await inspector.currentSchema()).toBe(spec.name === 'postgresql' ? 'public' : null);
    });

    // The drift report reads the live schema through the inspector and compares it with MikroORM's
    // schema of the entities: the names must be the ones MikroORM's own introspection reads.
    it('reads the same tables, columns and indexes as MikroORM introspects, on the head schema with hand-made additions', async ({ onTestFinished }) => {
      const target = await spec.make();
      onTestFinished(() => target.cleanup());
      expect((await target.cli(['upgrade'])).exitCode).toBe(0);
      const additions = [
        'create table extra_table (id int primary key, a int, b int unique, g int generated always as (a + 1) stored)',
        'create index idx_extra_ab on extra_table (a, b)',
        // partial and expression indexes (MariaDB has neither)
        ...(spec.name === 'mysql' ? [] : ['create index idx_extra_partial on extra_table (a) where a > 0', 'create index idx_extra_expr on extra_table ((a + b))']),
        // PostgreSQL: a partition and an inheritance child are part of their parent; MikroORM lists the parent only
        ...(spec.name === 'postgresql'
          ? ['create table ev (id int, x int) partition by range (id)', 'create table ev_2024 partition of ev for values from (0) to (100)', 'create index idx_ev_x on ev (x)', 'create table child_t (extra int) inherits (extra_table)']
          : []),
      ];
      for (const sql of additions) await target.exec('agent', sql);
      const harness = await openEngine(testConfig(target.env));
      onTestFinished(() => harness.close());

      for (const name of DATABASE_NAMES) {
        const { orm } = harness.db[name];
        const introspected = await DatabaseSchema.create(orm.em.getConnection() as AbstractSqlConnection, orm.em.getPlatform() as AbstractSqlPlatform, orm.config);
        const oracle = new Map(
          introspected.getTables().map((t) => [t.name, { columns: t.getColumns().map((c) => c.name), indexes: t.getIndexes().filter((i) => !i.primary).map((i) => i.keyName).sort() }]),
        );
        // MikroORM leaves the bookkeeping table out of its own introspection
        const inspector = createSchemaInspector(target.dialect, readQueryOf(harness.db[name]));
        const [columns, indexes] = [await inspector.listTablesWithColumns(), await inspector.listTablesWithIndexes()];
        const shapes = [...columns].map(([table, names]) => [table, { columns: names, indexes: indexes.get(table) ?? [] }] as const);
        const live = new Map(shapes.filter(([table]) => !GUARD_TABLES.includes(table) || oracle.has(table)));
        expect(live, name).toEqual(oracle);
        expect(live.size, name).toBeGreaterThan(5);
      }
    });

    // (PostgreSQL only: a database there holds schemas; elsewhere the other database of the pair shows it)
    if (spec.name === 'postgresql') {
      it('sees only the current schema, not a table of the same name in another one, nor a table an extension owns', async ({ onTestFinished }) => {
        const target = await pairWithSchema(onTestFinished);
        await target.exec('agent', 'create schema other; create table other.delta (id int); create table other.zeta (extra int); create index idx_other on other.zeta (extra)');
        const inspector = await inspectAgent(target, onTestFinished);

        expect(await inspector.listTables()).toEqual(['alpha', 'zeta']);
        expect((await inspector.listTablesWithColumns()).get('zeta')).toEqual(['id', 'a', 'c', 'd']);
        expect(await inspector.listTablesWithIndexes()).toEqual(new Map([['zeta', ['idx_zeta_a', 'idx_zeta_ac', 'zeta_d_key']]]));

        // a table an extension owns (as PostGIS owns spatial_ref_sys) is not the app's
        await target.exec('agent', 'create table ext_owned (id int primary key, v int); create index idx_ext_v on ext_owned (v); alter extension plpgsql add table ext_owned');
        expect(await inspector.listTables()).toEqual(['alpha', 'zeta']);
        expect(await inspector.tableExists('ext_owned')).toBe(false);
        expect([...(await inspector.listTablesWithColumns()).keys()]).toEqual(['alpha', 'zeta']);
        expect([...(await inspector.listTablesWithIndexes()).keys()]).toEqual(['zeta']);
        expect(await inspector.tableExists('delta')).toBe(false);
        expect(await inspector.columnExists('zeta', 'extra')).toBe(false);
      });
    }
  });
}

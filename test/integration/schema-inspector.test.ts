import { MikroORM } from '@mikro-orm/core';
import { describe, expect, it, type TestContext } from 'vitest';
import { createSchemaInspector, type SchemaInspector } from '../../src/version-guard/dialects/schema-inspector.js';
import { ormOptionsFor } from '../../src/version-guard/engine/orm-options.js';
import { DB_TARGETS, type DbTarget } from '../support/db-targets.js';
import { testConfig } from '../support/engine.js';

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
        'create table zeta (id int primary key, a int, b int, c int)',
        'create index idx_zeta_a on zeta (a)',
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
          ['zeta', ['id', 'a', 'c']],
        ]),
      );
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
    });

    it.runIf(spec.name === 'postgresql')('sees only the current schema, not a table of the same name in another one', async ({ onTestFinished }) => {
      const target = await pairWithSchema(onTestFinished);
      await target.exec('agent', 'create schema other; create table other.delta (id int); create table other.zeta (extra int)');
      const inspector = await inspectAgent(target, onTestFinished);

      expect(await inspector.listTables()).toEqual(['alpha', 'zeta']);
      expect((await inspector.listTablesWithColumns()).get('zeta')).toEqual(['id', 'a', 'c']);
      expect(await inspector.tableExists('delta')).toBe(false);
      expect(await inspector.columnExists('zeta', 'extra')).toBe(false);
    });
  });
}

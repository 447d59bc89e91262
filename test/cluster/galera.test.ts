import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowDataPacket } from 'mysql2/promise';
import { DATABASE_NAMES, type DatabaseName } from '../../src/version-guard/core/revision.js';
import { GUARD_TABLES } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { killNode, waitForGalera } from '../support/galera-cluster.js';
import { clusterPair, galeraNodes, galeraStatusFile, nodeConnection, settle } from '../support/cluster-scenarios.js';
import { addRevision, copyBuiltMigrations, newRevisionId, removeFixture } from '../support/migration-fixtures.js';
import { loadLegacySchema, mysqlChain, mysqlHead, printed, RAW_MYSQL_ERROR, seedEveryTable } from '../support/mysql-scenarios.js';
import { runApp, runCli } from '../support/in-process.js';
import { openEngine, testConfig } from '../support/engine.js';

const PROCESSES = 9;
const describeCluster = galeraNodes ? describe : describe.skip;
// the guard's own tables, and the memory module's table of the legacy pairs, are not the schema under test
const userSchema = (schema: Record<string, string>) =>
  Object.fromEntries(Object.entries(schema).filter(([t]) => !GUARD_TABLES.includes(t) && t !== 'user_message'));

type Pair = Awaited<ReturnType<typeof clusterPair>>;

const preparations: Record<string, (pair: Pair) => Promise<void>> = {
  'an empty pair': async () => undefined,
  'a pair one revision behind': async (pair) => {
    for (const db of DATABASE_NAMES) {
      const chain = mysqlChain(db);
      const run = await runCli(['upgrade', chain.at(-2)!, '--db', db], { cwd: pair.cwd, env: pair.envFor(0) });
      expect(run.exitCode, printed(run)).toBe(0);
    }
  },
  'a 0.1.2 legacy pair': async (pair) => {
    for (const db of DATABASE_NAMES) {
      await pair.with(db, async (c) => {
        await loadLegacySchema(c, db, '0.1.2');
        await seedEveryTable(c);
      });
    }
  },
};

type Schemas = Record<DatabaseName, Record<string, string>>;

// the schema the CLI's upgrade makes on the cluster, made once for the file (the databases are
// dropped when the file ends)
const referenceCleanups: (() => unknown)[] = [];
let referenceSchemas: Promise<Schemas> | undefined;
function referenceSchema(): Promise<Schemas> {
  referenceSchemas ??= (async () => {
    const reference = await clusterPair(((cleanup: () => unknown) => void referenceCleanups.push(cleanup)) as Parameters<typeof clusterPair>[0]);
    const run = await runCli(['upgrade'], { cwd: reference.cwd, env: reference.envFor(0) });
    expect(run.exitCode, printed(run)).toBe(0);
    return { agent: await reference.schema('agent'), ops: await reference.schema('ops') };
  })();
  return referenceSchemas;
}
afterAll(async () => {
  for (const cleanup of referenceCleanups.reverse()) await cleanup();
});

async function expectExactlyOnce(pair: Pair, outputs: string): Promise<void> {
  const reference = await referenceSchema();
  for (const db of DATABASE_NAMES) {
    // read through another node than the one that wrote: replication is part of the claim
    expect(await pair.applied(db, 2)).toEqual(mysqlChain(db));
    expect(await pair.duplicates(db, 1)).toEqual([]);
    expect(userSchema(await pair.schema(db, 1))).toEqual(userSchema(reference[db]));
    // each revision run by exactly one process of all
    for (const id of mysqlChain(db)) expect(outputs.split(`${db} database: applied ${id} `).length).toBeLessThanOrEqual(2);
  }
}

describeCluster('a 3-node Galera cluster', { timeout: 240_000 }, () => {
  // the nodes start in the background while other test files run
  beforeAll(() => waitForGalera(galeraStatusFile!), 180_000);

  it('the guard reads causally on every node: a read waits for the writes the cluster committed before it', async ({ onTestFinished }) => {
    const pair = await clusterPair(onTestFinished);
    for (const node of [0, 1, 2]) {
      const harness = await openEngine(testConfig(pair.envFor(node)));
      onTestFinished(() => harness.close());
      const rows = await harness.db.agent.orm.em.getConnection().execute('select @@session.wsrep_sync_wait as v', [], 'all');
      expect(Number((rows as { v: unknown }[])[0].v), `node ${node}`).toBe(1);
    }
  });

  // the three races run at the same time, on databases of their own
  it.concurrent.for(Object.keys(preparations))(
    `${PROCESSES} processes spread over the nodes with auto on %s: all start at head, each revision recorded once`,
    async (state, { onTestFinished }) => {
      const pair = await clusterPair(onTestFinished);
      await preparations[state](pair);

      const handles = await Promise.all(Array.from({ length: PROCESSES }, (_, i) => pair.spawn(i % 3, { DB_UPGRADE_POLICY: 'auto' })));
      const runs = await Promise.all(handles.map((h) => settle(h)));

      for (const [i, run] of runs.entries()) {
        expect(run.started, `process ${i} (node ${i % 3}):\n${printed(run)}`).toBe(true);
        for (const pattern of RAW_MYSQL_ERROR) expect(printed(run), `process ${i}`).not.toMatch(pattern);
      }
      const all = runs.map(printed).join('\n');
      expect(all).toContain('upgrade lock: lease row in schema_upgrade_lock (Galera cluster of 3 nodes');
      await expectExactlyOnce(pair, all);
    },
  );

  it('a lock holder killed (SIGKILL) in a slow revision: another process takes the lock over and completes', async ({ onTestFinished }) => {
    const pair = await clusterPair(onTestFinished);
    const fixture = copyBuiltMigrations();
    onTestFinished(() => removeFixture(fixture));
    const slow = newRevisionId();
    addRevision(fixture, 'mysql/agent', {
      id: slow,
      parents: [mysqlHead('agent')],
      message: 'feat: slow fixture',
      upPrelude:
        "if (!(await this.tableExists('fx_slow'))) await this.execute('create table fx_slow (id int primary key)'); " +
        "if (process.env.FIXTURE_SLOW) { process.stdout.write('FIXTURE SLOW RUNNING\\n'); await new Promise((r) => setTimeout(r, 120000)); }",
      up: [],
      down: ['drop table fx_slow'],
    });
    const env = { DB_MIGRATIONS_DIR: fixture, DB_LOCK_TIMEOUT_S: '60', DB_LOCK_LEASE_S: '10', DB_UPGRADE_POLICY: 'auto' };

    const holder = await pair.spawn(0, { ...env, FIXTURE_SLOW: '1' });
    await holder.waitFor('FIXTURE SLOW RUNNING', 120_000);
    // another replica arrives on another node while the holder works, and waits for its lock
    const waiting = await pair.spawn(1, env);
    await waiting.waitFor('agent database: another process is upgrading it', 60_000);
    holder.kill('SIGKILL');
    await holder.ended;
    const killed = Date.now();
    const next = await settle(waiting);

    expect(next.started, printed(next)).toBe(true);
    expect(next.stdout).toContain(`agent database: applied ${slow} feat: slow fixture`);
    // taken over once the dead holder's lease ran out (10 s), not after DB_LOCK_TIMEOUT_S
    expect(Date.now() - killed).toBeLessThan(40_000);
    expect(await pair.applied('agent', 2)).toEqual([...mysqlChain('agent'), slow]);
    expect(await pair.duplicates('agent', 2)).toEqual([]);
  });

  // next to last: it leaves the cluster with two nodes
  it('one node killed mid-upgrade: the processes on the surviving nodes reach head', async ({ onTestFinished }) => {
    const pair = await clusterPair(onTestFinished);
    const fixture = copyBuiltMigrations();
    onTestFinished(() => removeFixture(fixture));
    const slow = newRevisionId();
    addRevision(fixture, 'mysql/agent', {
      id: slow,
      parents: [mysqlHead('agent')],
      message: 'feat: slow fixture',
      upPrelude:
        "if (!(await this.tableExists('fx_slow'))) await this.execute('create table fx_slow (id int primary key)'); " +
        "process.stdout.write('FIXTURE SLOW RUNNING\\n'); await new Promise((r) => setTimeout(r, 3000));",
      up: [],
      down: ['drop table fx_slow'],
    });
    const env = { DB_MIGRATIONS_DIR: fixture, DB_LOCK_TIMEOUT_S: '90', DB_LOCK_LEASE_S: '10', DB_UPGRADE_POLICY: 'auto' };
    const handles = await Promise.all(Array.from({ length: 6 }, (_, i) => pair.spawn(i % 3, env)));
    await Promise.race(handles.map((h) => h.waitFor('FIXTURE SLOW RUNNING', 120_000)));
    killNode(galeraNodes![2]);
    const runs = await Promise.all(handles.map((h) => settle(h)));

    for (const [i, run] of runs.entries()) {
      if (i % 3 === 2) continue; // its node is gone: it may refuse, clearly
      expect(run.started, `process ${i} (node ${i % 3}):\n${printed(run)}`).toBe(true);
    }
    for (const run of runs) expect(printed(run)).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    for (const db of DATABASE_NAMES as readonly DatabaseName[]) {
      const expected = db === 'agent' ? [...mysqlChain(db), slow] : mysqlChain(db);
      expect(await pair.applied(db, 1)).toEqual(expected);
      expect(await pair.duplicates(db, 0)).toEqual([]);
    }
  });

  // last: it leaves one node, without quorum
  it('a node left without quorum (the other two gone): the app refuses and status exits 2, each saying the node serves no clients', async ({ onTestFinished }) => {
    const pair = await clusterPair(onTestFinished);
    const upgraded = await runCli(['upgrade'], { cwd: pair.cwd, env: pair.envFor(0) });
    expect(upgraded.exitCode, printed(upgraded)).toBe(0);
    // (node 2 is gone already when the whole file runs)
    for (const node of [1, 2]) {
      try {
        killNode(galeraNodes![node]);
      } catch {
        // already gone
      }
    }
    // the survivor leaves the primary component once it has given up on its peer (a few seconds)
    const notReady = async () => {
      const c = await nodeConnection(0);
      try {
        const [rows] = await c.query<RowDataPacket[]>("show status like 'wsrep_cluster_status'");
        return rows[0]?.Value !== 'Primary';
      } finally {
        c.destroy();
      }
    };
    for (let waited = 0; !(await notReady()); waited += 500) {
      if (waited > 60_000) throw new Error('node 0 still serves clients 60 s after losing its last peer');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }

    const started = await runApp({ cwd: pair.cwd, env: pair.envFor(0) });
    const status = await runCli(['status'], { cwd: pair.cwd, env: pair.envFor(0) });

    const where = `${galeraNodes![0].url.replace(/:[^:@/]*@/, ':***@')}/${pair.names.agent}`;
    expect(started.started).toBe(false);
    expect(started.exitCode).toBe(1);
    expect(started.stderr).toContain(`❌ agent database: the cluster node of ${where} serves no clients now (`);
    expect(started.stderr).toContain("): it is cut off from the cluster's primary component, or still joining it");
    expect(started.stderr).toContain(
      '   Fix: point AGENT_DB_URL at a node of the primary component, or at a load balancer that routes only to synced nodes (wsrep_ready=ON), then try again; the node serves again once it rejoins',
    );
    expect(status.exitCode, printed(status)).toBe(2);
    expect(status.stderr).toContain('serves no clients now');
    for (const run of [started, status]) expect(printed(run)).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});

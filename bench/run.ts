import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { measure, round, type Timing } from './stats.js';
import { syntheticSets } from './synthetic-sets.js';
import { DATABASES, bareIntrospect, pathOf, benchConfig, legacyDatabase, openBare, openGuard, preload, timeAppStart } from './jobs.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number);

interface Row {
  readonly job: string;
  readonly n: number;
  readonly guard: Timing;
  readonly bare: Timing | null;
  readonly target: string;
  readonly met: boolean | null;
}
const rows: Row[] = [];
const ratio = (r: Row) => (r.bare ? round(r.guard.median / r.bare.median) : null);

async function checkAndApply(n: number): Promise<void> {
  const sets = await syntheticSets(n);
  try {
    const classes = { agent: await preload(sets.root, 'agent'), ops: await preload(sets.root, 'ops') };
    // (a) up-to-date check for both databases, after connecting
    const atHead = benchConfig(sets.root);
    const prepared = await openGuard(atHead);
    for (const db of DATABASES) await prepared.engine.apply(prepared.dbs[db], sets.ids[db]);
    await prepared.close();
    const guardCheck = await measure(RUNS, () => openGuard(atHead), async (g) => {
      for (const db of DATABASES) {
        const status = await g.engine.status(g.dbs[db]);
        if (status.state !== 'up_to_date') throw new Error(`expected up_to_date, got ${status.state}`);
      }
    }, (g) => g.close().then(() => undefined));
    const bareCheck = await measure(RUNS, async () => {
      const orms = await Promise.all(DATABASES.map((db) => openBare(pathOf(atHead, db), classes[db])));
      for (const orm of orms) await orm.em.getConnection().execute('select 1');
      return orms;
    }, async (orms) => {
      for (const orm of orms) if ((await orm.migrator.getPending()).length !== 0) throw new Error('bare: pending');
    }, async (orms) => void (await Promise.all(orms.map((o) => o.close(true)))));
    rows.push({ job: 'up-to-date check, both databases (after connecting)', n, guard: guardCheck, bare: bareCheck, target: n === 1000 ? '< 20 ms' : '', met: n === 1000 ? guardCheck.median < 20 : null });

    // (b) upgrade from empty to head, classes preloaded
    const guardApply = await measure(RUNS, () => openGuard(benchConfig(sets.root)), async (g) => {
      for (const db of DATABASES) {
        const result = await g.engine.apply(g.dbs[db], sets.ids[db]);
        if (result.failure) throw result.failure.error;
      }
    }, (g) => g.close().then(() => undefined));
    const bareApply = await measure(RUNS, async () => {
      const config = benchConfig(undefined);
      return Promise.all(DATABASES.map((db) => openBare(pathOf(config, db), classes[db])));
    }, async (orms) => {
      for (const orm of orms) await orm.migrator.up();
    }, async (orms) => void (await Promise.all(orms.map((o) => o.close(true)))));
    const applyRow: Row = { job: 'upgrade from empty to head, both databases', n, guard: guardApply, bare: bareApply, target: n === 1000 ? '<= 1.2x bare' : '', met: null };
    rows.push({ ...applyRow, met: n === 1000 ? (ratio(applyRow) ?? Infinity) <= 1.2 : null });
  } finally {
    sets.remove();
  }
}

async function detection(tables: number): Promise<void> {
  const config = benchConfig(undefined);
  legacyDatabase(pathOf(config, 'agent'), tables);
  const guard = await measure(RUNS, () => openGuard(config), async (g) => {
    const status = await g.engine.status(g.dbs.agent);
    if (status.state !== 'legacy_unrecognized') throw new Error(`expected legacy_unrecognized, got ${status.state}`);
  }, (g) => g.close().then(() => undefined));
  const bare = await measure(RUNS, async () => {
    const orm = await openBare(pathOf(config, 'agent'), []);
    await orm.em.getConnection().execute('select 1');
    return orm;
  }, (orm) => bareIntrospect(orm), (orm) => orm.close(true));
  rows.push({ job: 'legacy detection (status of a database without history)', n: tables, guard, bare, target: tables === 500 ? '< 100 ms' : '', met: tables === 500 ? guard.median < 100 : null });
}

async function appStart(): Promise<void> {
  const config = benchConfig(undefined);
  const env = { AGENT_DB_PATH: pathOf(config, 'agent'), OPS_DB_PATH: pathOf(config, 'ops') };
  const cwd = dirname(pathOf(config, 'agent'));
  await timeAppStart(env, cwd); // creates both databases at head
  const guard = await measure(RUNS, async () => undefined, () => timeAppStart(env, cwd));
  const off = await measure(RUNS, async () => undefined, () => timeAppStart({ ...env, DB_UPGRADE_POLICY: 'off' }, cwd));
  rows.push({ job: 'app process start to listening (guard vs policy off)', n: 0, guard, bare: off, target: '', met: null });
}

function table(): string {
  const lines = [
    '| job | N | guard min / median (ms) | bare MikroORM min / median (ms) | guard/bare | target |',
    '|---|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const bare = r.bare ? `${r.bare.min} / ${r.bare.median}` : '—';
    const flag = r.met === null ? '' : r.met ? 'met' : '**MISSED**';
    lines.push(`| ${r.job} | ${r.n || '—'} | ${r.guard.min} / ${r.guard.median} | ${bare} | ${ratio(r) ?? '—'} | ${[r.target, flag].filter(Boolean).join(': ')} |`);
  }
  return lines.join('\n');
}

for (const n of SIZES) await checkAndApply(n);
for (const tables of [50, 500]) await detection(tables);
await appStart();

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const report = { date: new Date().toISOString(), machine, runs: RUNS, rows: rows.map((r) => ({ ...r, ratio: ratio(r) })) };
const out = resolve(import.meta.dirname, '..', '..', 'bench-results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
process.stdout.write(`\n${report.date} — ${machine} — ${RUNS} runs each\n\n${table()}\n\nJSON: ${out}\n`);
const missed = rows.filter((r) => r.met === false);
if (missed.length > 0) process.stdout.write(`\nMISSED TARGETS: ${missed.map((r) => `${r.job} (N=${r.n})`).join('; ')}\n`);

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DATABASES, revisionSql, type SetKind } from './synthetic-sets.js';

/** A tool run as its own process: how to start it for a job, or why it cannot run here. */
export interface Peer {
  readonly name: string;
  readonly missing: string | null;
  /** Command line for `job` on the two database files (agent, ops). */
  command(job: 'upgrade' | 'check', files: readonly [string, string]): { file: string; args: string[] };
}

const require = createRequire(import.meta.url);

/** knex from npm with better-sqlite3: `migrate.latest()` / `migrate.list()`, both databases in one process. */
export function knexPeer(dir: string, count: number, kind: SetKind): Peer {
  let knexPath: string | null = null;
  try {
    knexPath = require.resolve('knex');
  } catch {
    /* reported below */
  }
  for (const db of DATABASES) {
    mkdirSync(join(dir, db), { recursive: true });
    for (let i = 0; i < count; i++) {
      const sql = revisionSql(kind, i, 'sqlite');
      const body = (statements: string[]) => statements.map((s) => `  await knex.raw(${JSON.stringify(s)});`).join('\n');
      writeFileSync(
        join(dir, db, `${String(i).padStart(6, '0')}_bench.js`),
        `exports.up = async (knex) => {\n${body(sql.up)}\n};\nexports.down = async (knex) => {\n${body(sql.down)}\n};\n`,
      );
    }
  }
  const runner = join(dir, 'knex-job.cjs');
  writeFileSync(
    runner,
    `const knexLib = require(${JSON.stringify(knexPath)});\n` +
      `const [job, agent, ops] = process.argv.slice(2);\n` +
      `(async () => {\n` +
      `  for (const [name, filename] of [['agent', agent], ['ops', ops]]) {\n` +
      `    const knex = knexLib({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true,\n` +
      `      migrations: { directory: ${JSON.stringify(dir)} + '/' + name } });\n` +
      `    if (job === 'upgrade') await knex.migrate.latest();\n` +
      `    else { const [, pending] = await knex.migrate.list(); if (pending.length > 0) throw new Error(name + ': pending'); }\n` +
      `    await knex.destroy();\n` +
      `  }\n` +
      `})().catch((error) => { console.error(error); process.exitCode = 1; });\n`,
  );
  return {
    name: 'knex',
    missing: knexPath ? null : 'knex is not installed (it is a devDependency: run `npm ci`)',
    command: (job, files) => ({ file: process.execPath, args: [runner, job, ...files] }),
  };
}

const PYTHON = '/usr/bin/python3';
const ALEMBIC_PACKAGE = 'python3-alembic';

/** The installed Alembic's version, or null. */
function alembicVersion(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import alembic, sqlalchemy; print(alembic.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/** What the benchmark does about Alembic: nothing, install it, or why it cannot (pure). */
export function alembicSetup(facts: { installed: boolean; root: boolean; aptGet: boolean; optOut: boolean }): { install: boolean; why?: string } {
  if (facts.installed) return { install: false };
  if (facts.optOut) return { install: false, why: `Alembic is not installed, and BENCH_INSTALL_PEERS=0: run \`apt-get install -y ${ALEMBIC_PACKAGE}\`` };
  if (!facts.aptGet) return { install: false, why: `Alembic is not installed, and there is no apt-get here: install Alembic for /usr/bin/python3` };
  if (!facts.root) return { install: false, why: `Alembic is not installed: run \`sudo apt-get install -y ${ALEMBIC_PACKAGE}\`` };
  return { install: true };
}

/**
 * Sets up the Alembic peer before the jobs (SPEC §8: the benchmark installs what it needs): Debian's
 * python3-alembic through apt-get when it is missing and this process runs as root, unless
 * `BENCH_INSTALL_PEERS=0`. Says what it did; a peer it could not set up is reported as missing.
 */
export function ensureAlembic(log: (text: string) => void): boolean {
  const decision = alembicSetup({
    installed: alembicVersion() !== null,
    root: process.getuid?.() === 0,
    aptGet: spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).stdout.trim() !== '',
    optOut: process.env.BENCH_INSTALL_PEERS === '0',
  });
  if (decision.why) log(decision.why);
  if (!decision.install) return false;
  log(`Alembic is not installed: installing ${ALEMBIC_PACKAGE} with apt-get (BENCH_INSTALL_PEERS=0 does not)`);
  // never a prompt (stdin is closed too); another apt holding its lock is waited for a minute; no step longer than five
  const options = { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8', timeout: 300_000 } as const;
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=60', ALEMBIC_PACKAGE], options);
  let run = install();
  // a fresh machine has no package lists yet
  if (run.status !== 0 && /unable to locate package|no installation candidate/i.test(run.stderr ?? '')) {
    log('apt-get knows no such package: updating its package lists first');
    spawnSync('apt-get', ['update', '-qq', '-o', 'DPkg::Lock::Timeout=60'], options);
    run = install();
  }
  const version = alembicVersion();
  const failure = run.error ? run.error.message : (run.stderr ?? '').trim().split('\n').at(-1) || `exit ${run.status}`;
  log(version ? `Alembic ${version} installed` : `could not install ${ALEMBIC_PACKAGE}: ${failure}`);
  return version !== null;
}

/** Alembic from Debian's python3-alembic: `command.upgrade(head)` / current vs heads, both databases in one process. */
export function alembicPeer(dir: string, count: number, kind: SetKind): Peer {
  const missing = alembicVersion() !== null ? null : `Alembic is not installed: run \`apt-get install -y ${ALEMBIC_PACKAGE}\``;
  for (const db of DATABASES) {
    mkdirSync(join(dir, db, 'versions'), { recursive: true });
    // the online part of the env.py that `alembic init` writes
    writeFileSync(
      join(dir, db, 'env.py'),
      [
        'from alembic import context',
        'from sqlalchemy import engine_from_config, pool',
        'config = context.config',
        "connectable = engine_from_config(config.get_section(config.config_ini_section, {}), prefix='sqlalchemy.', poolclass=pool.NullPool)",
        'with connectable.connect() as connection:',
        '    context.configure(connection=connection, target_metadata=None)',
        '    with context.begin_transaction():',
        '        context.run_migrations()',
        '',
      ].join('\n'),
    );
    for (let i = 0; i < count; i++) {
      const sql = revisionSql(kind, i, 'sqlite');
      const rev = (n: number) => `r${String(n).padStart(11, '0')}`;
      const body = (statements: string[]) => statements.map((s) => `    op.execute(${JSON.stringify(s)})`).join('\n');
      writeFileSync(
        join(dir, db, 'versions', `${rev(i)}_bench.py`),
        `from alembic import op\nrevision = '${rev(i)}'\ndown_revision = ${i === 0 ? 'None' : `'${rev(i - 1)}'`}\nbranch_labels = None\ndepends_on = None\n\n` +
          `def upgrade():\n${body(sql.up)}\n\ndef downgrade():\n${body(sql.down)}\n`,
      );
    }
  }
  const runner = join(dir, 'alembic_job.py');
  writeFileSync(
    runner,
    [
      'import os, sys',
      'from alembic import command',
      'from alembic.config import Config',
      'from alembic.runtime.migration import MigrationContext',
      'from alembic.script import ScriptDirectory',
      'from sqlalchemy import create_engine',
      'job, agent, ops = sys.argv[1:]',
      `root = ${JSON.stringify(dir)}`,
      "for name, path in (('agent', agent), ('ops', ops)):",
      '    cfg = Config()',
      "    cfg.set_main_option('script_location', os.path.join(root, name))",
      "    cfg.set_main_option('sqlalchemy.url', 'sqlite:///' + path)",
      "    if job == 'upgrade':",
      "        command.upgrade(cfg, 'head')",
      '    else:',
      '        heads = set(ScriptDirectory.from_config(cfg).get_heads())',
      "        with create_engine('sqlite:///' + path).connect() as conn:",
      '            current = set(MigrationContext.configure(conn).get_current_heads())',
      '        if current != heads:',
      "            sys.exit(name + ': not at head')",
      '',
    ].join('\n'),
  );
  return {
    name: 'Alembic',
    missing,
    command: (job, files) => ({ file: PYTHON, args: [runner, job, ...files] }),
  };
}

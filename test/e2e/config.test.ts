import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAtLeast, MINIMUM_NODE } from '../../src/node-runtime.js';
import { builtSet, lines, output } from '../support/e2e-helpers.js';
import { APP_MAIN, CLI_MAIN } from '../support/paths.js';
import { childEnv, freePort } from '../support/processes.js';
import { runApp } from '../support/in-process.js';
import { appliedRevisions, sqliteEnv, tempDir } from '../support/sqlite-files.js';

const PASSWORD = 'Hunter2-s3cr3t-Pw';

/** A Node.js older than the project's installed on this machine (the system's, next to npm), or null. */
function olderNode(): { bin: string; version: string } | null {
  const onPath = spawnSync('which', ['-a', 'node'], { encoding: 'utf8' }).stdout.split('\n');
  for (const bin of new Set(['/usr/bin/node', '/usr/local/bin/node', ...onPath])) {
    if (!bin || !existsSync(bin)) continue;
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^v/, '');
    if (version && !isAtLeast(version, MINIMUM_NODE)) return { bin, version };
  }
  return null;
}
const OLD_NODE = olderNode();
if (!OLD_NODE) process.stderr.write(`\n!!! SKIPPING the older-Node.js start test: no Node.js older than ${MINIMUM_NODE} on this machine !!!\n`);

/** The problem lines (`  - …`) of an invalid-configuration report. */
const problemLines = (stderr: string) => lines(stderr).filter((line) => line.startsWith('  - '));

describe.concurrent('configuration (built app)', () => {
  it.skipIf(!OLD_NODE)('started by an older Node.js, the app and the CLI say which Node they need and how to get it, exit 1, create nothing', () => {
    const dir = tempDir('guard-config-');
    for (const [main, args, how] of [
      [APP_MAIN, ['--migrate'], 'npm run start:prod'],
      [CLI_MAIN, ['upgrade'], 'npm run db -- <command>'],
    ] as const) {
      const run = spawnSync(OLD_NODE!.bin, [main, ...args], { cwd: dir, env: childEnv(sqliteEnv(dir)), encoding: 'utf8' });

      expect(run.status, run.stderr).toBe(1);
      expect(run.stdout).toBe('');
      // one line, not a SyntaxError from the first module that needs the newer Node
      expect(lines(run.stderr.trimEnd())).toEqual([expect.stringContaining(`needs Node.js ${MINIMUM_NODE} or newer; this is Node.js ${OLD_NODE!.version}`)]);
      expect(run.stderr).toContain(how);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports every bad key at once with the allowed values, and touches no database', async () => {
    const dir = tempDir('guard-config-');
    const run = await runApp({
      cwd: dir,
      env: sqliteEnv(dir, {
        DB_TYPE: 'postgres',
        DB_UPGRADE_POLICY: 'sometimes',
        PORT: 'abc',
        DB_LOCK_TIMEOUT_S: '-1',
        INDEX_MANAGER_TYPE: 'faiss',
      }),
    });

    expect(run.exitCode).toBe(1);
    expect(run.started).toBe(false);
    expect(run.stderr).toContain('Invalid configuration (5 problems)');
    const problems = problemLines(run.stderr);
    expect(problems).toHaveLength(5);
    const expected: [key: string, value: string, allowed: RegExp][] = [
      ['DB_TYPE', 'postgres', /sqlite, mysql/],
      ['DB_UPGRADE_POLICY', 'sometimes', /auto, check, off/],
      ['PORT', 'abc', /whole number from 0 to 65535/],
      ['DB_LOCK_TIMEOUT_S', '-1', /whole number from 0 to/],
      ['INDEX_MANAGER_TYPE', 'faiss', /chroma, milvus/],
    ];
    for (const [key, value, allowed] of expected) {
      const line = problems.find((problem) => problem.startsWith(`  - ${key}=`));
      expect(line, `${key} not reported`).toBeDefined();
      expect(line).toContain(`"${value}"`);
      expect(line).toMatch(allowed);
    }
    expect(run.stderr).toContain('.env.example');
    // neither the configured files nor the default ./data/ were created
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names a missing AGENT_DB_URL for DB_TYPE=mysql and never prints the password of OPS_DB_URL', async () => {
    const dir = tempDir('guard-config-');
    const run = await runApp({
      cwd: dir,
      env: { DB_TYPE: 'mysql', OPS_DB_URL: `mysql://app:${PASSWORD}@127.0.0.1:3306/ops` },
    });

    expect(run.exitCode).toBe(1);
    expect(run.started).toBe(false);
    const problems = problemLines(run.stderr);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('AGENT_DB_URL');
    expect(problems[0]).toContain('DB_TYPE=mysql');
    expect(output(run)).not.toContain(PASSWORD);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never prints the password of a malformed MySQL URL', async () => {
    const dir = tempDir('guard-config-');
    const run = await runApp({
      cwd: dir,
      env: {
        DB_TYPE: 'mysql',
        AGENT_DB_URL: `postgres://app:${PASSWORD}@127.0.0.1:5432/agent`,
        OPS_DB_URL: `mysql://app:${PASSWORD}@127.0.0.1:3306`,
      },
    });

    expect(run.exitCode).toBe(1);
    const problems = problemLines(run.stderr);
    expect(problems.map((line) => line.slice(4).split(' ')[0]).sort()).toEqual(['AGENT_DB_URL', 'OPS_DB_URL']);
    expect(output(run)).not.toContain(PASSWORD);
  });

  it('explains an unreachable MySQL server for each database, without a raw stack trace or the password', async () => {
    const dir = tempDir('guard-config-');
    const closed = await freePort(); // nothing listens there
    const run = await runApp({
      cwd: dir,
      env: {
        DB_TYPE: 'mysql',
        AGENT_DB_URL: `mysql://app:${PASSWORD}@127.0.0.1:${closed}/agent`,
        OPS_DB_URL: `mysql://app:${PASSWORD}@127.0.0.1:${closed}/ops`,
      },
    });

    expect(run.exitCode).toBe(1);
    expect(run.started).toBe(false);
    expect(output(run)).not.toContain(PASSWORD);
    // both databases are down with their server: both are reported, each with its own fix
    expect(run.stderr.split('\n').filter((line) => line.startsWith('❌'))).toEqual([
      `❌ agent database: cannot open mysql://app:***@127.0.0.1:${closed}/agent (connect ECONNREFUSED 127.0.0.1:${closed})`,
      `❌ ops database: cannot open mysql://app:***@127.0.0.1:${closed}/ops (connect ECONNREFUSED 127.0.0.1:${closed})`,
    ]);
    expect(run.stderr).toContain('Fix: check AGENT_DB_URL and DB_TYPE');
    expect(run.stderr).toContain('Fix: check OPS_DB_URL and DB_TYPE');
    expect(run.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });

  it('records INDEX_MANAGER_TYPE on the first start and refuses a later change', async () => {
    const dir = tempDir('guard-config-');
    const first = await runApp({ cwd: dir, env: sqliteEnv(dir) }); // default chroma
    expect(first.started, output(first)).toBe(true);

    const changed = await runApp({ cwd: dir, env: sqliteEnv(dir, { INDEX_MANAGER_TYPE: 'milvus' }) });
    expect(changed.exitCode).toBe(1);
    expect(changed.started).toBe(false);
    expect(changed.stderr).toContain('INDEX_MANAGER_TYPE');
    expect(changed.stderr).toContain('chroma');
    expect(changed.stderr).toContain('milvus');

    const same = await runApp({ cwd: dir, env: sqliteEnv(dir, { INDEX_MANAGER_TYPE: 'chroma' }) });
    expect(same.started, output(same)).toBe(true);
  });

  it('reads .env from the working directory; the environment wins over it', async () => {
    const dir = tempDir('guard-config-');
    writeFileSync(
      join(dir, '.env'),
      [
        'AGENT_DB_PATH=./from-dotenv/agent.db',
        'OPS_DB_PATH=./from-dotenv/ops.db',
        // invalid here, valid in the environment: only the environment's value may count
        'DB_UPGRADE_POLICY=sometimes',
        '',
      ].join('\n'),
    );
    const envOps = join(dir, 'env-ops.db');
    const run = await runApp({ cwd: dir, env: { OPS_DB_PATH: envOps, DB_UPGRADE_POLICY: 'check' } });

    expect(run.exitCode, run.stderr).toBeNull();
    expect(run.started).toBe(true);
    expect(appliedRevisions(join(dir, 'from-dotenv', 'agent.db')).at(-1)).toBe(builtSet('agent').head);
    expect(appliedRevisions(envOps).at(-1)).toBe(builtSet('ops').head);
    expect(existsSync(join(dir, 'from-dotenv', 'ops.db'))).toBe(false);
  });

  it('reports a bad key that comes from .env', async () => {
    const dir = tempDir('guard-config-');
    writeFileSync(join(dir, '.env'), 'DB_UPGRADE_POLICY=sometimes\n');
    const run = await runApp({ cwd: dir, env: sqliteEnv(dir) });

    expect(run.exitCode).toBe(1);
    expect(run.started).toBe(false);
    expect(problemLines(run.stderr)).toEqual(['  - DB_UPGRADE_POLICY="sometimes" is not allowed; use one of: auto, check, off']);
    expect(readdirSync(dir)).toEqual(['.env']);
  });
});

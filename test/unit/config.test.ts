import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/app-config.js';
import { parseConfig, type ConfigResult } from '../../src/config/config.schema.js';

const MIGRATIONS = '/opt/app/migrations';

function valid(env: Record<string, string | undefined>): AppConfig {
  const result = parseConfig(env, MIGRATIONS);
  if (!result.ok) throw new Error(`expected a valid configuration, got ${JSON.stringify(result.issues)}`);
  return result.config;
}

/** The settings of SPEC §5 (and the migrations root); other fields are outside this contract. */
function specPart(config: AppConfig) {
  const { dbType, databases, upgradePolicy, lockTimeoutMs, backupBeforeUpgrade, protectedTables, indexManagerType, port, migrationsDir } =
    config;
  return { dbType, databases, upgradePolicy, lockTimeoutMs, backupBeforeUpgrade, protectedTables, indexManagerType, port, migrationsDir };
}

function issuesOf(env: Record<string, string | undefined>) {
  const result: ConfigResult = parseConfig(env, MIGRATIONS);
  if (result.ok) throw new Error('expected configuration issues, the configuration was accepted');
  return result.issues;
}

const DEFAULTS = {
  dbType: 'sqlite',
  databases: {
    agent: { dialect: 'sqlite', path: './data/agent.db' },
    ops: { dialect: 'sqlite', path: './data/ops.db' },
  },
  upgradePolicy: 'check',
  lockTimeoutMs: 60_000,
  backupBeforeUpgrade: true,
  protectedTables: ['user_message'],
  indexManagerType: 'chroma',
  port: 3000,
  migrationsDir: MIGRATIONS,
};

describe('parseConfig defaults', () => {
  it('fills every key of SPEC §5 with its default on an empty environment', () => {
    expect(specPart(valid({}))).toEqual(DEFAULTS);
  });

  it('treats empty strings (and undefined) as unset', () => {
    const env = {
      DB_TYPE: '',
      AGENT_DB_PATH: '',
      OPS_DB_PATH: '',
      AGENT_DB_URL: '',
      OPS_DB_URL: '',
      DB_UPGRADE_POLICY: '',
      DB_LOCK_TIMEOUT_S: '',
      DB_BACKUP_BEFORE_UPGRADE: '',
      DB_PROTECTED_TABLES: '',
      INDEX_MANAGER_TYPE: '',
      PORT: undefined,
      DB_MIGRATIONS_DIR: '',
    };
    expect(specPart(valid(env))).toEqual(DEFAULTS);
  });

  it('ignores keys it does not know', () => {
    expect(specPart(valid({ HOME: '/root', NODE_ENV: 'production', SOMETHING_ELSE: 'x' }))).toEqual(DEFAULTS);
  });

  it('takes every key that is set', () => {
    expect(
      specPart(valid({
        AGENT_DB_PATH: '/var/lib/app/agent.sqlite',
        OPS_DB_PATH: 'ops.sqlite',
        DB_UPGRADE_POLICY: 'auto',
        DB_LOCK_TIMEOUT_S: '5',
        DB_BACKUP_BEFORE_UPGRADE: 'false',
        DB_PROTECTED_TABLES: 'user_message,memory_index',
        INDEX_MANAGER_TYPE: 'milvus',
        PORT: '8080',
        DB_MIGRATIONS_DIR: '/elsewhere/migrations',
      })),
    ).toEqual({
      dbType: 'sqlite',
      databases: {
        agent: { dialect: 'sqlite', path: '/var/lib/app/agent.sqlite' },
        ops: { dialect: 'sqlite', path: 'ops.sqlite' },
      },
      upgradePolicy: 'auto',
      lockTimeoutMs: 5000,
      backupBeforeUpgrade: false,
      protectedTables: ['user_message', 'memory_index'],
      indexManagerType: 'milvus',
      port: 8080,
      migrationsDir: '/elsewhere/migrations',
    });
  });

  it.each([
    ['auto', 'auto'],
    ['check', 'check'],
    ['off', 'off'],
  ])('accepts DB_UPGRADE_POLICY=%s', (value, policy) => {
    expect(valid({ DB_UPGRADE_POLICY: value }).upgradePolicy).toBe(policy);
  });

  it('converts DB_LOCK_TIMEOUT_S seconds to milliseconds, 0 and 86400 included', () => {
    expect(valid({ DB_LOCK_TIMEOUT_S: '0' }).lockTimeoutMs).toBe(0);
    expect(valid({ DB_LOCK_TIMEOUT_S: '1' }).lockTimeoutMs).toBe(1000);
    expect(valid({ DB_LOCK_TIMEOUT_S: '86400' }).lockTimeoutMs).toBe(86_400_000);
  });

  it('accepts the port range 0 to 65535', () => {
    expect(valid({ PORT: '0' }).port).toBe(0);
    expect(valid({ PORT: '65535' }).port).toBe(65_535);
  });

  it('reads DB_BACKUP_BEFORE_UPGRADE=true as true', () => {
    expect(valid({ DB_BACKUP_BEFORE_UPGRADE: 'true' }).backupBeforeUpgrade).toBe(true);
  });
});

describe('parseConfig invalid values', () => {
  it('reports every invalid key at once, sorted by key, with the allowed values', () => {
    expect(
      issuesOf({
        PORT: '70000',
        DB_TYPE: 'postgres',
        DB_UPGRADE_POLICY: 'always',
        DB_LOCK_TIMEOUT_S: 'soon',
        DB_BACKUP_BEFORE_UPGRADE: 'yes',
        INDEX_MANAGER_TYPE: 'faiss',
        AGENT_DB_PATH: '   ',
      }),
    ).toEqual([
      { key: 'AGENT_DB_PATH', message: 'AGENT_DB_PATH is empty; set a file path' },
      { key: 'DB_BACKUP_BEFORE_UPGRADE', message: 'DB_BACKUP_BEFORE_UPGRADE="yes" is not allowed; use one of: true, false' },
      { key: 'DB_LOCK_TIMEOUT_S', message: 'DB_LOCK_TIMEOUT_S="soon" is not allowed; use a whole number from 0 to 86400' },
      { key: 'DB_TYPE', message: 'DB_TYPE="postgres" is not allowed; use one of: sqlite, mysql, postgresql' },
      { key: 'DB_UPGRADE_POLICY', message: 'DB_UPGRADE_POLICY="always" is not allowed; use one of: auto, check, off' },
      { key: 'INDEX_MANAGER_TYPE', message: 'INDEX_MANAGER_TYPE="faiss" is not allowed; use one of: chroma, milvus' },
      { key: 'PORT', message: 'PORT="70000" is not allowed; use a whole number from 0 to 65535' },
    ]);
  });

  it.each([
    ['DB_LOCK_TIMEOUT_S', '-1', 'DB_LOCK_TIMEOUT_S="-1" is not allowed; use a whole number from 0 to 86400'],
    ['DB_LOCK_TIMEOUT_S', '1.5', 'DB_LOCK_TIMEOUT_S="1.5" is not allowed; use a whole number from 0 to 86400'],
    ['DB_LOCK_TIMEOUT_S', '86401', 'DB_LOCK_TIMEOUT_S="86401" is not allowed; use a whole number from 0 to 86400'],
    ['DB_LOCK_LEASE_S', '4', 'DB_LOCK_LEASE_S="4" is not allowed; use a whole number from 5 to 3600'],
    ['PORT', '65536', 'PORT="65536" is not allowed; use a whole number from 0 to 65535'],
    ['PORT', 'http', 'PORT="http" is not allowed; use a whole number from 0 to 65535'],
    ['DB_BACKUP_BEFORE_UPGRADE', 'TRUE', 'DB_BACKUP_BEFORE_UPGRADE="TRUE" is not allowed; use one of: true, false'],
    ['DB_UPGRADE_POLICY', 'Auto', 'DB_UPGRADE_POLICY="Auto" is not allowed; use one of: auto, check, off'],
    ['DB_TYPE', 'mariadb', 'DB_TYPE="mariadb" is not allowed; use one of: sqlite, mysql, postgresql'],
    ['OPS_DB_PATH', ' ', 'OPS_DB_PATH is empty; set a file path'],
  ])('rejects %s=%j', (key, value, message) => {
    expect(issuesOf({ [key]: value })).toEqual([{ key, message }]);
  });

  it('with DB_TYPE=postgresql, wants postgresql:// URLs', () => {
    expect(issuesOf({ DB_TYPE: 'postgresql', AGENT_DB_URL: 'mysql://u@h/agent' })).toEqual([
      { key: 'AGENT_DB_URL', message: 'AGENT_DB_URL is not a valid PostgreSQL URL; use postgresql://user:password@host:port/database' },
      { key: 'OPS_DB_URL', message: 'OPS_DB_URL is required when DB_TYPE=postgresql; use postgresql://user:password@host:port/database' },
    ]);
  });

  it('with DB_TYPE=mysql, reports missing URLs together with the other bad keys', () => {
    expect(issuesOf({ DB_TYPE: 'mysql', DB_UPGRADE_POLICY: 'sometimes' })).toEqual([
      { key: 'AGENT_DB_URL', message: 'AGENT_DB_URL is required when DB_TYPE=mysql; use mysql://user:password@host:port/database' },
      { key: 'DB_UPGRADE_POLICY', message: 'DB_UPGRADE_POLICY="sometimes" is not allowed; use one of: auto, check, off' },
      { key: 'OPS_DB_URL', message: 'OPS_DB_URL is required when DB_TYPE=mysql; use mysql://user:password@host:port/database' },
    ]);
  });
});

describe('parseConfig with DB_TYPE=mysql', () => {
  const AGENT_URL = 'mysql://app:s3cr3t-pw@db.example.com:3306/agent_db';
  const OPS_URL = 'mysql://app:s3cr3t-pw@db.example.com:3307/ops_db';

  it('builds both locations, with the password masked in safeUrl', () => {
    const config = valid({ DB_TYPE: 'mysql', AGENT_DB_URL: AGENT_URL, OPS_DB_URL: OPS_URL });
    expect(config.dbType).toBe('mysql');
    expect(config.databases).toEqual({
      agent: { dialect: 'mysql', url: AGENT_URL, safeUrl: 'mysql://app:***@db.example.com:3306/agent_db', dbName: 'agent_db' },
      ops: { dialect: 'mysql', url: OPS_URL, safeUrl: 'mysql://app:***@db.example.com:3307/ops_db', dbName: 'ops_db' },
    });
    expect(config.databases.agent.dialect === 'mysql' && config.databases.agent.safeUrl).not.toContain('s3cr3t');
  });

  it('leaves a URL without a password as it is', () => {
    const url = 'mysql://root@127.0.0.1:3306/agent';
    const config = valid({ DB_TYPE: 'mysql', AGENT_DB_URL: url, OPS_DB_URL: OPS_URL });
    expect(config.databases.agent).toEqual({ dialect: 'mysql', url, safeUrl: url, dbName: 'agent' });
  });

  it('ignores the SQLite paths', () => {
    const config = valid({ DB_TYPE: 'mysql', AGENT_DB_URL: AGENT_URL, OPS_DB_URL: OPS_URL, AGENT_DB_PATH: '/x/agent.db' });
    expect(config.databases.agent.dialect).toBe('mysql');
  });

  it('requires both URLs', () => {
    expect(issuesOf({ DB_TYPE: 'mysql' })).toEqual([
      { key: 'AGENT_DB_URL', message: 'AGENT_DB_URL is required when DB_TYPE=mysql; use mysql://user:password@host:port/database' },
      { key: 'OPS_DB_URL', message: 'OPS_DB_URL is required when DB_TYPE=mysql; use mysql://user:password@host:port/database' },
    ]);
    expect(issuesOf({ DB_TYPE: 'mysql', AGENT_DB_URL: AGENT_URL })).toEqual([
      { key: 'OPS_DB_URL', message: 'OPS_DB_URL is required when DB_TYPE=mysql; use mysql://user:password@host:port/database' },
    ]);
    expect(issuesOf({ DB_TYPE: 'mysql', AGENT_DB_URL: AGENT_URL, OPS_DB_URL: '' })).toEqual([
      { key: 'OPS_DB_URL', message: 'OPS_DB_URL is required when DB_TYPE=mysql; use mysql://user:password@host:port/database' },
    ]);
  });

  it.each([
    ['a postgres URL', 'postgres://app:s3cr3t-pw@db.example.com:5432/agent_db'],
    ['an http URL', 'http://app:s3cr3t-pw@db.example.com/agent_db'],
    ['no URL at all', 'app:s3cr3t-pw at db.example.com'],
    ['a URL without a database', 'mysql://app:s3cr3t-pw@db.example.com:3306'],
    ['a URL with a nested path', 'mysql://app:s3cr3t-pw@db.example.com:3306/agent/db'],
  ])('rejects %s and never echoes the password', (_label, url) => {
    const issues = issuesOf({ DB_TYPE: 'mysql', AGENT_DB_URL: url, OPS_DB_URL: OPS_URL });
    expect(issues).toEqual([
      { key: 'AGENT_DB_URL', message: 'AGENT_DB_URL is not a valid MySQL URL; use mysql://user:password@host:port/database' },
    ]);
    expect(JSON.stringify(issues)).not.toContain('s3cr3t');
  });

  it('does not require URLs for SQLite', () => {
    expect(valid({ DB_TYPE: 'sqlite' }).databases.agent).toEqual({ dialect: 'sqlite', path: './data/agent.db' });
  });
});

describe('DB_PROTECTED_TABLES', () => {
  it.each([
    ['user_message', ['user_message']],
    ['user_message,memory_index', ['user_message', 'memory_index']],
    [' user_message ,  memory_index ', ['user_message', 'memory_index']],
    ['user_message,,memory_index,', ['user_message', 'memory_index']],
    [',, ,', []],
  ])('parses %j', (value, tables) => {
    expect(valid({ DB_PROTECTED_TABLES: value }).protectedTables).toEqual(tables);
  });

  it('defaults to user_message when unset or empty', () => {
    expect(valid({}).protectedTables).toEqual(['user_message']);
    expect(valid({ DB_PROTECTED_TABLES: '' }).protectedTables).toEqual(['user_message']);
  });
});

describe('separate databases', () => {
  it('refuses the same SQLite file for agent and ops', () => {
    const result = parseConfig({ AGENT_DB_PATH: './data/x.db', OPS_DB_PATH: 'data/../data/x.db' }, '/m');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues).toContainEqual({
        key: 'OPS_DB_PATH',
        message: 'AGENT_DB_PATH and OPS_DB_PATH name the same database; the agent and ops databases must be separate',
      });
    }
  });

  it('refuses the same MySQL database for agent and ops, and accepts two databases on one server', () => {
    const same = parseConfig({ DB_TYPE: 'mysql', AGENT_DB_URL: 'mysql://a:p@h:3306/db', OPS_DB_URL: 'mysql://b:q@h/db' }, '/m');
    expect(same.ok).toBe(false);
    const separate = parseConfig({ DB_TYPE: 'mysql', AGENT_DB_URL: 'mysql://a:p@h:3306/agent', OPS_DB_URL: 'mysql://a:p@h:3306/ops' }, '/m');
    expect(separate.ok).toBe(true);
  });
});

import { canonicalPath } from './canonical-path.js';
import { z } from 'zod';
import { DIALECTS } from '../version-guard/revision.js';
import { INDEX_MANAGER_TYPES, LOG_FORMATS, UPGRADE_POLICIES, type AppConfig, type DatabaseLocation } from './app-config.js';
import { configMessages } from './config.messages.js';

/** One invalid configuration key and why. */
export interface ConfigIssue {
  readonly key: string;
  readonly message: string;
}

const oneOf = <const T extends readonly [string, ...string[]]>(key: string, values: T) =>
  z.enum(values, { error: (issue) => configMessages.notOneOf(key, issue.input, values) });

const booleanFlag = (key: string) =>
  z.enum(['true', 'false'], { error: (issue) => configMessages.notOneOf(key, issue.input, ['true', 'false']) })
    .transform((value) => value === 'true');

const integerIn = (key: string, min: number, max: number) =>
  z.string().regex(/^\d+$/, { error: (issue) => configMessages.notIntegerIn(key, issue.input, min, max) })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: (issue) => configMessages.notIntegerIn(key, issue.input, min, max) });

const nonEmpty = (key: string) => z.string().trim().min(1, { error: configMessages.empty(key) });

/** The environment keys of SPEC §5 with their defaults, validated all at once. */
const envSchema = z.object({
  DB_TYPE: oneOf('DB_TYPE', DIALECTS).default('sqlite'),
  AGENT_DB_PATH: nonEmpty('AGENT_DB_PATH').default('./data/agent.db'),
  OPS_DB_PATH: nonEmpty('OPS_DB_PATH').default('./data/ops.db'),
  AGENT_DB_URL: z.string().optional(),
  OPS_DB_URL: z.string().optional(),
  DB_UPGRADE_POLICY: oneOf('DB_UPGRADE_POLICY', UPGRADE_POLICIES).default('check'),
  DB_LOCK_TIMEOUT_S: integerIn('DB_LOCK_TIMEOUT_S', 0, 86_400).default(60),
  DB_DDL_LOCK_TIMEOUT_S: integerIn('DB_DDL_LOCK_TIMEOUT_S', 1, 86_400).default(30),
  DB_BACKUP_BEFORE_UPGRADE: booleanFlag('DB_BACKUP_BEFORE_UPGRADE').default(true),
  DB_PROTECTED_TABLES: z.string().default('user_message'),
  INDEX_MANAGER_TYPE: oneOf('INDEX_MANAGER_TYPE', INDEX_MANAGER_TYPES).default('chroma'),
  PORT: integerIn('PORT', 0, 65_535).default(3000),
  DB_MIGRATIONS_DIR: z.string().optional(),
  DB_BACKUP_DIR: z.string().optional(),
  LOG_FORMAT: oneOf('LOG_FORMAT', LOG_FORMATS).default('text'),
});

/** Result of validating an environment: a typed config or every problem found. */
export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; issues: ConfigIssue[] };

/** Validates `env` (no writes; only SQLite links are read); reports every bad key at once. */
export function parseConfig(env: Record<string, string | undefined>, defaultMigrationsDir: string): ConfigResult {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  const issues: ConfigIssue[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ key: String(issue.path[0]), message: issue.message }));
  const raw = parsed.success ? parsed.data : undefined;
  const dbType = raw?.DB_TYPE ?? (DIALECTS.includes(present.DB_TYPE as never) ? present.DB_TYPE : undefined);
  const agent = dbType === 'mysql' ? mysqlLocation('AGENT_DB_URL', present.AGENT_DB_URL, issues) : undefined;
  const ops = dbType === 'mysql' ? mysqlLocation('OPS_DB_URL', present.OPS_DB_URL, issues) : undefined;
  if (raw && dbType === 'sqlite' && canonicalPath(raw.AGENT_DB_PATH) === canonicalPath(raw.OPS_DB_PATH)) {
    issues.push({ key: 'OPS_DB_PATH', message: configMessages.sameLocation('AGENT_DB_PATH', 'OPS_DB_PATH') });
  }
  if (agent?.dialect === 'mysql' && ops?.dialect === 'mysql' && sameMysqlDatabase(agent.url, ops.url)) {
    issues.push({ key: 'OPS_DB_URL', message: configMessages.sameLocation('AGENT_DB_URL', 'OPS_DB_URL') });
  }
  if (!raw || issues.length > 0) {
    return { ok: false, issues: issues.sort((a, b) => a.key.localeCompare(b.key)) };
  }
  const sqlite = (path: string): DatabaseLocation => ({ dialect: 'sqlite', path });
  return {
    ok: true,
    config: {
      dbType: raw.DB_TYPE,
      databases: {
        agent: agent ?? sqlite(raw.AGENT_DB_PATH),
        ops: ops ?? sqlite(raw.OPS_DB_PATH),
      },
      upgradePolicy: raw.DB_UPGRADE_POLICY,
      lockTimeoutMs: raw.DB_LOCK_TIMEOUT_S * 1000,
      ddlLockTimeoutS: raw.DB_DDL_LOCK_TIMEOUT_S,
      backupBeforeUpgrade: raw.DB_BACKUP_BEFORE_UPGRADE,
      protectedTables: raw.DB_PROTECTED_TABLES.split(',').map((t) => t.trim()).filter(Boolean),
      indexManagerType: raw.INDEX_MANAGER_TYPE,
      port: raw.PORT,
      migrationsDir: raw.DB_MIGRATIONS_DIR ?? defaultMigrationsDir,
      logFormat: raw.LOG_FORMAT,
      backupDir: raw.DB_BACKUP_DIR ?? null,
      inactive: {
        sqlitePaths: raw.DB_TYPE === 'mysql' ? [raw.AGENT_DB_PATH, raw.OPS_DB_PATH] : [],
        mysqlUrlsSet: raw.DB_TYPE === 'sqlite' && Boolean(present.AGENT_DB_URL || present.OPS_DB_URL),
      },
    },
  };
}

function sameMysqlDatabase(a: string, b: string): boolean {
  const [ua, ub] = [new URL(a), new URL(b)];
  return ua.hostname === ub.hostname && (ua.port || '3306') === (ub.port || '3306') && ua.pathname === ub.pathname;
}

function mysqlLocation(key: string, value: string | undefined, issues: ConfigIssue[]): DatabaseLocation | undefined {
  if (!value) {
    issues.push({ key, message: configMessages.requiredForMysql(key) });
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    issues.push({ key, message: configMessages.badMysqlUrl(key) });
    return undefined;
  }
  const dbName = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (url.protocol !== 'mysql:' || !url.hostname || !dbName || dbName.includes('/')) {
    issues.push({ key, message: configMessages.badMysqlUrl(key) });
    return undefined;
  }
  const safe = new URL(value);
  if (safe.password) safe.password = '***';
  return { dialect: 'mysql', url: value, safeUrl: safe.toString(), dbName };
}

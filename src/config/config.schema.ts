import { dialectSupport } from '../version-guard/dialects/registry.js';
import type { DialectSupport } from '../version-guard/dialects/dialect-support.js';
import { DATABASE_NAMES, DIALECTS, type DatabaseName } from '../version-guard/core/revision.js';
import { INDEX_MANAGER_TYPES, LOG_FORMATS, type AppConfig, type DatabaseLocation } from './app-config.js';
import { UPGRADE_POLICIES } from '../version-guard/core/operation-rules.js';
import { configMessages } from '../version-guard/core/messages/index.js';

/** One invalid configuration key and why. */
export interface ConfigIssue {
  readonly key: string;
  readonly message: string;
}

/** Reads one key: its value (the default when the key is absent) or why it is invalid. */
type Field<T> = (value: string | undefined) => { readonly value: T } | { readonly error: string };

const oneOf =
  <const T extends readonly string[]>(key: string, values: T, fallback: T[number]): Field<T[number]> =>
  (value) => {
    if (value === undefined) return { value: fallback };
    return values.includes(value) ? { value: value as T[number] } : { error: configMessages.notOneOf(key, value, values) };
  };

const booleanFlag =
  (key: string, fallback: boolean): Field<boolean> =>
  (value) => {
    if (value === undefined) return { value: fallback };
    return value === 'true' || value === 'false' ? { value: value === 'true' } : { error: configMessages.notOneOf(key, value, ['true', 'false']) };
  };

const integerIn =
  (key: string, min: number, max: number, fallback: number): Field<number> =>
  (value) => {
    if (value === undefined) return { value: fallback };
    const n = Number(value);
    return /^\d+$/.test(value) && n >= min && n <= max ? { value: n } : { error: configMessages.notIntegerIn(key, value, min, max) };
  };

const nonEmpty =
  (key: string, fallback: string): Field<string> =>
  (value) => {
    if (value === undefined) return { value: fallback };
    const trimmed = value.trim();
    return trimmed.length > 0 ? { value: trimmed } : { error: configMessages.empty(key) };
  };

const text = (): Field<string | undefined> => (value) => ({ value });
const textOr = (fallback: string): Field<string> => (value) => ({ value: value ?? fallback });

/**
 * The environment keys of SPEC §5 with their defaults, validated all at once. Plain functions, not
 * a schema library: every CLI call and start validates, and loading one costs more than the check.
 */
const envSchema = {
  DB_TYPE: oneOf('DB_TYPE', DIALECTS, 'sqlite'),
  AGENT_DB_PATH: nonEmpty('AGENT_DB_PATH', './data/agent.db'),
  OPS_DB_PATH: nonEmpty('OPS_DB_PATH', './data/ops.db'),
  AGENT_DB_URL: text(),
  OPS_DB_URL: text(),
  DB_UPGRADE_POLICY: oneOf('DB_UPGRADE_POLICY', UPGRADE_POLICIES, 'check'),
  DB_LOCK_TIMEOUT_S: integerIn('DB_LOCK_TIMEOUT_S', 0, 86_400, 60),
  DB_LOCK_LEASE_S: integerIn('DB_LOCK_LEASE_S', 5, 3_600, 30),
  DB_DDL_LOCK_TIMEOUT_S: integerIn('DB_DDL_LOCK_TIMEOUT_S', 1, 86_400, 30),
  DB_BACKUP_BEFORE_UPGRADE: booleanFlag('DB_BACKUP_BEFORE_UPGRADE', true),
  DB_PROTECTED_TABLES: textOr('user_message'),
  INDEX_MANAGER_TYPE: oneOf('INDEX_MANAGER_TYPE', INDEX_MANAGER_TYPES, 'chroma'),
  PORT: integerIn('PORT', 0, 65_535, 3000),
  DB_MIGRATIONS_DIR: text(),
  DB_BACKUP_DIR: text(),
  LOG_FORMAT: oneOf('LOG_FORMAT', LOG_FORMATS, 'text'),
};

type Parsed<S> = { -readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never };

// Every key is read; the values, or every problem found.
function validate<S extends Record<string, Field<unknown>>>(schema: S, env: Record<string, string>): { data: Parsed<S> } | { issues: ConfigIssue[] } {
  const data: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const [key, field] of Object.entries(schema)) {
    const result = field(env[key]);
    if ('error' in result) issues.push({ key, message: result.error });
    else data[key] = result.value;
  }
  return issues.length > 0 ? { issues } : { data: data as Parsed<S> };
}

/** Result of validating an environment: a typed config or every problem found. */
export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; issues: ConfigIssue[] };

/** Validates `env` (no writes; only SQLite links are read); reports every bad key at once. */
export function parseConfig(env: Record<string, string | undefined>, defaultMigrationsDir: string): ConfigResult {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = validate(envSchema, present as Record<string, string>);
  const issues: ConfigIssue[] = 'issues' in parsed ? parsed.issues : [];
  const raw = 'data' in parsed ? parsed.data : undefined;
  const dbType = raw?.DB_TYPE ?? (DIALECTS.includes(present.DB_TYPE as never) ? present.DB_TYPE : undefined);
  const support = dbType ? dialectSupport(dbType) : undefined;
  const locations = support ? readLocations(support, present, raw, issues) : undefined;
  if (!raw || issues.length > 0) {
    return { ok: false, issues: issues.sort((a, b) => a.key.localeCompare(b.key)) };
  }
  const locationKind = support!.location.kind;
  return {
    ok: true,
    config: {
      dbType: raw.DB_TYPE,
      databases: locations as Record<DatabaseName, DatabaseLocation>,
      upgradePolicy: raw.DB_UPGRADE_POLICY,
      lockTimeoutMs: raw.DB_LOCK_TIMEOUT_S * 1000,
      lockLeaseMs: raw.DB_LOCK_LEASE_S * 1000,
      ddlLockTimeoutS: raw.DB_DDL_LOCK_TIMEOUT_S,
      backupBeforeUpgrade: raw.DB_BACKUP_BEFORE_UPGRADE,
      protectedTables: raw.DB_PROTECTED_TABLES.split(',').map((t) => t.trim()).filter(Boolean),
      indexManagerType: raw.INDEX_MANAGER_TYPE,
      port: raw.PORT,
      migrationsDir: raw.DB_MIGRATIONS_DIR ?? defaultMigrationsDir,
      logFormat: raw.LOG_FORMAT,
      backupDir: raw.DB_BACKUP_DIR ?? null,
      inactive: {
        filePaths: locationKind === 'path' ? [] : [raw.AGENT_DB_PATH, raw.OPS_DB_PATH],
        urlsSet: locationKind === 'path' && Boolean(present.AGENT_DB_URL || present.OPS_DB_URL),
      },
    },
  };
}

/** Both databases' locations as the dialect reads them from the environment, or issues. */
function readLocations(
  support: DialectSupport,
  present: Record<string, string | undefined>,
  raw: Record<string, unknown> | undefined,
  issues: ConfigIssue[],
): Partial<Record<DatabaseName, DatabaseLocation>> {
  const source = support.location;
  const locations: Partial<Record<DatabaseName, DatabaseLocation>> = {};
  for (const database of DATABASE_NAMES) {
    const key = source.key(database);
    if (source.kind === 'path') {
      // validated (and defaulted) with the other keys
      if (raw) locations[database] = support.parseLocation(String(raw[key]))!;
      continue;
    }
    const value = present[key];
    const location = value ? support.parseLocation(value) : null;
    if (location) locations[database] = location;
    else issues.push({ key, message: value ? configMessages.badUrl(key, support.label, source.example) : configMessages.requiredFor(key, support.name, source.example) });
  }
  const [agent, ops] = [locations.agent, locations.ops];
  if (agent && ops && support.sameDatabase(agent as never, ops as never)) {
    issues.push({ key: source.key('ops'), message: configMessages.sameLocation(source.key('agent'), source.key('ops')) });
  }
  return locations;
}

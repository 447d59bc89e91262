import type { DatabaseName, Dialect } from './revision.js';
import type { RevisionGraph } from './revision-graph.js';
import { judgeAhead, type RecordedLineage } from './ahead-compatibility.js';

/** The states of SPEC §6, in the words `status --json` prints. */
export const DATABASE_STATES = [
  'empty',
  'up_to_date',
  'behind',
  'legacy',
  'legacy_unrecognized',
  'ahead_compatible',
  'ahead',
  'foreign',
  'multiple_heads',
  'failed',
  'modified',
] as const;
export type DatabaseState = (typeof DATABASE_STATES)[number];

/** A failed upgrade, as recorded in the bookkeeping. */
export interface UpgradeFailure {
  readonly revision: string;
  readonly error: string;
  readonly failedAt: string;
}

/** Which release created a legacy database, or what is missing against the nearest one. */
export interface LegacyMatch {
  readonly release: string | null;
  /** The release's revision id in this database's migration set. */
  readonly revision: string | null;
  readonly nearestRelease: string | null;
  readonly missing: readonly string[];
  readonly extraTables: readonly string[];
}

/** One database compared with its migration set: the `status --json` object plus details for messages. */
export interface DatabaseStatus {
  readonly name: DatabaseName;
  readonly dialect: Dialect;
  readonly state: DatabaseState;
  readonly current: readonly string[];
  readonly heads: readonly string[];
  /** Revisions still to apply, in apply order. */
  readonly pending: readonly string[];
  readonly legacyRelease: string | null;
  /** Recorded revisions the code does not know. */
  readonly unknown: readonly string[];
  /** For `foreign`: the migration set the unknown revisions belong to. */
  readonly foreignSet: string | null;
  /** The setting that locates this database (`AGENT_DB_URL`, …), named in the fix for `foreign`. */
  readonly locationKey?: string;
  readonly failure: UpgradeFailure | null;
  readonly legacy: LegacyMatch | null;
  /** Applied revisions whose code changed since they ran. */
  readonly modified: readonly string[];
  /** `alembic` when the database carries the Python app's `alembic_version` (its history was adopted from it). */
  readonly adoptedFrom?: 'alembic' | null;
  /**
   * Whether applied revisions of the code lack their recorded parents and breaking flag (ran before
   * those were recorded); only read when asked for (`status(db, { lineage: true })`), else undefined.
   */
  readonly lineageIncomplete?: boolean;
  /** For `ahead`: the first breaking unknown revision, if that is the reason, and the reason in words. */
  readonly ahead: { readonly breaking: string | null; readonly reason: string } | null;
}

/** What `classifyDatabase` needs to know, all read beforehand. */
export interface StatusInput {
  readonly name: DatabaseName;
  readonly dialect: Dialect;
  readonly graph: RevisionGraph;
  /** Recorded revisions in the order they were applied; null when there is no bookkeeping table. */
  readonly applied: readonly string[] | null;
  /** Tables other than the guard's own and the protected ones. */
  readonly userTables: readonly string[];
  /** Name of the other migration set a revision id belongs to, if any. */
  readonly foreignSetOf: (revision: string) => string | undefined;
  /** The current revisions among recorded ids this code does not know (their own set's heads when known). */
  readonly unknownCurrent?: readonly string[];
  readonly failure: UpgradeFailure | null;
  /** Applied revisions whose recorded checksum differs from their code now. */
  readonly modified?: readonly string[];
  /** Legacy detection result; only consulted for a database with tables and no history. */
  readonly detectLegacy: () => LegacyMatch;
  /** Parents and breaking flag recorded in the database for a revision, if any. */
  readonly lineageOf?: (revision: string) => RecordedLineage | undefined;
}

/** Compares one database with its migration set (pure). */
export function classifyDatabase(input: StatusInput): DatabaseStatus {
  const { graph } = input;
  const applied = input.applied ?? [];
  const unknown = applied.filter((id) => !graph.has(id));
  const base = {
    name: input.name,
    dialect: input.dialect,
    heads: graph.heads(),
    current: [...graph.currentHeads(applied), ...(input.unknownCurrent ?? unknown)],
    unknown,
    failure: input.failure,
    modified: input.modified ?? [],
    foreignSet: null,
    legacy: null,
    legacyRelease: null,
    ahead: null,
  };
  const status = (state: DatabaseState, pending: readonly string[] = [], extra: Partial<DatabaseStatus> = {}) => ({
    ...base,
    state,
    pending,
    ...extra,
  });

  if (base.heads.length > 1) return status('multiple_heads');
  if (unknown.length === 0 && input.failure && input.userTables.length === 0 && applied.length === 0) {
    // the very first revision failed: the database is still empty, but the failure must be seen
    return status('failed', graph.upgradePlan([]));
  }
  if (applied.length === 0) {
    if (input.userTables.length === 0) return status('empty', graph.upgradePlan([]));
    const legacy = input.detectLegacy();
    if (!legacy.release || !legacy.revision || !graph.has(legacy.revision)) {
      return status('legacy_unrecognized', [], { legacy });
    }
    const stamped = [...graph.ancestors(legacy.revision, true)];
    return status('legacy', graph.upgradePlan(stamped), { legacy, legacyRelease: legacy.release });
  }
  if (unknown.length > 0) {
    const foreignSet = unknown.map(input.foreignSetOf).find((set) => set !== undefined) ?? null;
    if (foreignSet) return status('foreign', [], { foreignSet });
    const known = applied.filter((id) => graph.has(id));
    const verdict = judgeAhead(graph, known, unknown, input.lineageOf ?? (() => undefined));
    if (verdict.compatible) {
      // the database's own heads: unknown revisions no other unknown revision names as parent
      const lineageOf = input.lineageOf ?? (() => undefined);
      const parents = new Set(unknown.flatMap((id) => lineageOf(id)?.parents ?? []));
      return status('ahead_compatible', [], { current: unknown.filter((id) => !parents.has(id)) });
    }
    return status('ahead', [], { ahead: { breaking: verdict.breaking, reason: verdict.reason } });
  }
  const pending = graph.upgradePlan(applied);
  if (base.modified.length > 0) return status('modified', pending);
  if (input.failure) return status('failed', pending);
  return status(pending.length > 0 ? 'behind' : 'up_to_date', pending);
}

/** The fields `status --json` prints, in SPEC §6 order. */
export function toStatusJson(status: DatabaseStatus) {
  return {
    name: status.name,
    dialect: status.dialect,
    state: status.state,
    current: [...status.current],
    heads: [...status.heads],
    pending: [...status.pending],
    legacyRelease: status.legacyRelease,
    ...(status.adoptedFrom ? { adoptedFrom: status.adoptedFrom } : {}),
  };
}

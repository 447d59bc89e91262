import type { RevisionGraph } from './revision-graph.js';

/** Old-branch Alembic revision id → the main-line revision it is adopted as, for one migration set. */
export type AlembicAliases = Readonly<Record<string, string>>;

/** What a database's bookkeeping is, once `alembic_version` is taken into account. */
export interface AlembicAdoption {
  /** Applied revisions (apply order; unknown ids last), or null when there is no bookkeeping at all. */
  readonly applied: readonly string[] | null;
  /** `alembic` while the database carries Alembic's `alembic_version` table. */
  readonly adoptedFrom: 'alembic' | null;
  /** Known revisions to record as applied before the next change (nothing is run for them). */
  readonly toRecord: readonly string[];
}

/** What `adoptAlembic` reads: the guard's own rows and Alembic's. */
export interface AlembicAdoptionInput {
  /** The guard's applied revisions; null when its bookkeeping table is absent. */
  readonly recorded: readonly string[] | null;
  /** `alembic_version.version_num` values; null when that table is absent. */
  readonly alembic: readonly string[] | null;
  readonly graph: RevisionGraph;
  readonly aliases: AlembicAliases;
}

/**
 * Adopts the revisions Alembic recorded (pure): when the guard has recorded nothing yet, every
 * revision `alembic_version` names, and all of their ancestors, count as applied. An old-branch id
 * counts as its main-line equivalent; an id of no kind stays as it is, for ahead/foreign handling.
 */
export function adoptAlembic(input: AlembicAdoptionInput): AlembicAdoption {
  const { recorded, alembic, graph, aliases } = input;
  if (alembic === null) return { applied: recorded, adoptedFrom: null, toRecord: [] };
  if ((recorded?.length ?? 0) > 0 || alembic.length === 0) return { applied: recorded, adoptedFrom: 'alembic', toRecord: [] };
  const ids = [...new Set(alembic.map((id) => aliases[id] ?? id))];
  const known = ids.filter((id) => graph.has(id));
  const unknown = ids.filter((id) => !graph.has(id));
  const reached = new Set(known.flatMap((id) => [...graph.ancestors(id, true)]));
  const toRecord = graph.topologicalOrder().filter((id) => reached.has(id));
  return { applied: [...toRecord, ...unknown], adoptedFrom: 'alembic', toRecord };
}

/** The rows `alembic_version` must hold after a change: the current heads of what is applied (pure). */
export function alembicRowsFor(graph: RevisionGraph, applied: readonly string[]): string[] {
  return graph.currentHeads(applied);
}

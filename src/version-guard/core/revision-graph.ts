import { REVISION_ID_PATTERN, type RevisionInfo } from './revision.js';
import { graphMessages } from './messages/index.js';
import { GraphPlaces, type GraphSource } from './graph-source.js';
import {
  AmbiguousRevisionError,
  DuplicateParentError,
  DuplicateRevisionError,
  InvalidRevisionIdError,
  MissingParentError,
  RevisionCycleError,
} from './revision-graph.errors.js';

export type { GraphSource } from './graph-source.js';

/**
 * A revision as the graph is built from it; `breaking` defaults to false (graph tests need no flag),
 * `file` is the name of the file declaring it, for errors.
 */
export type GraphRevision = Omit<RevisionInfo, 'breaking'> & { readonly breaking?: boolean; readonly file?: string };

/** Shortest revision id prefix that `resolve` tries to match. */
export const MIN_PREFIX_LENGTH = 4;

/**
 * The validated revision history of one migration set: a DAG whose edges go from a revision to
 * its parents. Pure (no I/O); every query is O(N + edges) or better, and every traversal is
 * iterative so that long linear histories cannot overflow the stack.
 */
export class RevisionGraph {
  /** Number of revisions. */
  readonly size: number;
  private cachedHeads?: readonly string[];

  private constructor(
    private readonly where: GraphPlaces,
    private readonly byId: ReadonlyMap<string, RevisionInfo>,
    /** Topological order, computed once in `build` because the cycle check needs it anyway. */
    private readonly order: readonly string[],
    /** Children of each revision, in topological order. */
    private readonly childIds: ReadonlyMap<string, readonly string[]>,
  ) {
    this.size = byId.size;
  }

  /**
   * Validates and indexes revisions; throws on invalid ids, duplicates, missing parents and cycles.
   * With a `source`, every error names the migration set and, where the revisions carry them, the files.
   */
  static build(revisions: Iterable<GraphRevision>, source?: GraphSource): RevisionGraph {
    const where = new GraphPlaces(source);
    const byId = indexRevisions(revisions, where);
    checkParents(byId, where);
    const order = topologicalSort(byId, where);
    return new RevisionGraph(where, byId, order, indexChildren(byId, order));
  }

  /** Whether `id` is a revision of this graph (exact id, no prefix). */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The revision `id`; throws `UnknownRevisionError` when absent. */
  get(id: string): RevisionInfo {
    const info = this.byId.get(id);
    if (!info) throw this.where.unknown(id);
    return info;
  }

  /** Revisions that no revision names as a parent, in topological order. */
  heads(): string[] {
    this.cachedHeads ??= this.order.filter((id) => this.childIds.get(id)!.length === 0);
    return [...this.cachedHeads];
  }

  /** Revisions without parents, in topological order. */
  roots(): string[] {
    return this.order.filter((id) => this.byId.get(id)!.parents.length === 0);
  }

  /** Whether `id` has more than one parent. */
  isMerge(id: string): boolean {
    return this.get(id).parents.length > 1;
  }

  /** Revisions that name `id` as a parent, in topological order. */
  children(id: string): string[] {
    this.get(id);
    return [...this.childIds.get(id)!];
  }

  /** Everything reachable from `id` through parents (plus `id` itself when `inclusive`). */
  ancestors(id: string, inclusive = false): Set<string> {
    this.get(id);
    return this.reach([id], inclusive);
  }

  /**
   * Parents always before children. Deterministic: revisions are placed in input order, each one
   * preceded by its not yet placed ancestors (parents visited in declared order).
   */
  topologicalOrder(): string[] {
    return [...this.order];
  }

  /** Applied revisions that are not an ancestor of another applied one (topological order); unknown ids are ignored. */
  currentHeads(applied: Iterable<string>): string[] {
    const known = new Set([...applied].filter((id) => this.byId.has(id)));
    const below = this.reach(known, false);
    return this.order.filter((id) => known.has(id) && !below.has(id));
  }

  /** Revisions needed by `targets` (default: all heads), themselves included, that are not applied yet, parents first. */
  upgradePlan(applied: Iterable<string>, targets?: readonly string[]): string[] {
    const wanted = targets ?? this.heads();
    for (const target of wanted) this.get(target);
    const needed = this.reach(wanted, true);
    const done = this.implied(applied);
    return this.order.filter((id) => needed.has(id) && !done.has(id));
  }

  /**
   * Applied revisions to revert to reach `target` (null: the empty base), children first.
   * Applied ids unknown to the graph cannot be ordered and are left out; callers report them.
   */
  downgradePlan(applied: Iterable<string>, target: string | null): string[] {
    if (target !== null) this.get(target);
    const kept = target === null ? new Set<string>() : this.reach([target], true);
    const done = new Set(applied);
    return this.order.filter((id) => done.has(id) && !kept.has(id)).reverse();
  }

  /** A full id, or a unique prefix of at least `MIN_PREFIX_LENGTH` characters, to the full id. */
  resolve(ref: string): string {
    if (this.byId.has(ref)) return ref;
    if (ref.length < MIN_PREFIX_LENGTH) throw this.where.unknown(ref, MIN_PREFIX_LENGTH);
    const matches = [...this.byId.keys()].filter((id) => id.startsWith(ref)).sort();
    if (matches.length === 0) throw this.where.unknown(ref);
    if (matches.length > 1) throw new AmbiguousRevisionError(ref, matches, this.where.set);
    return matches[0];
  }

  /** The next `n` revisions to apply towards the heads (`+n`). */
  stepsForward(applied: Iterable<string>, n: number): string[] {
    return this.upgradePlan(applied).slice(0, checkedSteps(n));
  }

  /** The next `n` applied revisions to revert, children first (`-n`). */
  stepsBack(applied: Iterable<string>, n: number): string[] {
    return this.downgradePlan(applied, null).slice(0, checkedSteps(n));
  }

  /** Applied revisions plus all their ancestors: a recorded revision implies its parents ran. */
  implied(applied: Iterable<string>): Set<string> {
    const known = [...applied].filter((id) => this.byId.has(id));
    return this.reach(known, true);
  }

  /** Revisions reachable from `starts` through parents; one shared visited set keeps it O(N + edges). */
  private reach(starts: Iterable<string>, inclusive: boolean): Set<string> {
    const found = new Set<string>();
    const pending: string[] = [];
    for (const id of starts) {
      if (inclusive) pending.push(id);
      else pushAll(pending, this.byId.get(id)!.parents);
    }
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (found.has(id)) continue;
      found.add(id);
      pushAll(pending, this.byId.get(id)!.parents);
    }
    return found;
  }
}

// Never `push(...items)`: spreading a long parent list into call arguments overflows the stack.
function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function checkedSteps(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(graphMessages.stepCount(n));
  return n;
}

/** Frozen copies, so a caller mutating its revision objects later cannot break the graph's invariants. */
function indexRevisions(revisions: Iterable<GraphRevision>, where: GraphPlaces): Map<string, RevisionInfo> {
  const byId = new Map<string, RevisionInfo>();
  for (const { id, parents, message, breaking, file } of revisions) {
    if (typeof id !== 'string' || !REVISION_ID_PATTERN.test(id)) {
      throw new InvalidRevisionIdError(String(id), where.set === undefined ? undefined : { set: where.set, file: file && where.path(file) });
    }
    if (byId.has(id)) {
      const files = [where.fileOf(id), file && where.path(file)].filter((f): f is string => f !== undefined);
      throw new DuplicateRevisionError(id, where.set, files.length === 2 ? files : []);
    }
    where.note(id, file);
    byId.set(id, Object.freeze({ id, parents: Object.freeze([...parents]), message, breaking: breaking === true }));
  }
  return byId;
}

function checkParents(byId: ReadonlyMap<string, RevisionInfo>, where: GraphPlaces): void {
  for (const { id, parents } of byId.values()) {
    const seen = new Set<string>();
    for (const parent of parents) {
      if (!byId.has(parent)) throw new MissingParentError(id, parent, where.place(id));
      if (seen.has(parent)) throw new DuplicateParentError(id, parent, where.place(id));
      seen.add(parent);
    }
  }
}

interface Frame {
  readonly id: string;
  nextParent: number;
}

/** Iterative depth-first post-order over parents; meeting a revision still on the stack means a cycle. */
function topologicalSort(byId: ReadonlyMap<string, RevisionInfo>, where: GraphPlaces): string[] {
  const order: string[] = [];
  const state = new Map<string, 'open' | 'placed'>();
  for (const start of byId.keys()) {
    if (state.has(start)) continue;
    state.set(start, 'open');
    const stack: Frame[] = [{ id: start, nextParent: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const parents = byId.get(frame.id)!.parents;
      if (frame.nextParent === parents.length) {
        stack.pop();
        state.set(frame.id, 'placed');
        order.push(frame.id);
        continue;
      }
      const parent = parents[frame.nextParent++];
      const parentState = state.get(parent);
      if (parentState === 'open') {
        const cycle = cycleOnStack(stack, parent);
        const files = cycle.map((id) => where.fileOf(id)).filter((f): f is string => f !== undefined);
        throw new RevisionCycleError(cycle, where.set, files);
      }
      if (parentState === undefined) {
        state.set(parent, 'open');
        stack.push({ id: parent, nextParent: 0 });
      }
    }
  }
  return order;
}

/** The stack runs child -> parent, so its tail from `parent` up is the cycle in parent order. */
function cycleOnStack(stack: readonly Frame[], parent: string): string[] {
  const start = stack.findIndex((frame) => frame.id === parent);
  return stack.slice(start).map((frame) => frame.id);
}

function indexChildren(byId: ReadonlyMap<string, RevisionInfo>, order: readonly string[]): Map<string, string[]> {
  const childIds = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const id of order) {
    for (const parent of byId.get(id)!.parents) childIds.get(parent)!.push(id);
  }
  return childIds;
}

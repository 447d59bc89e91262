import type { RevisionGraph } from './revision-graph.js';
import { messages } from './messages/index.js';

/** What the database recorded about a revision when it ran: its parents and whether it breaks older code. */
export interface RecordedLineage {
  readonly parents: readonly string[];
  readonly breaking: boolean;
}

/** Whether older code may run on a database that has revisions it does not know. */
export type AheadVerdict =
  | { readonly compatible: true }
  | { readonly compatible: false; readonly breaking: string | null; readonly reason: string };

/**
 * Pure: the unknown revisions are compatible when the database has every revision of the code,
 * each unknown revision was recorded with its lineage, none is breaking, and following their
 * recorded parents only leads to other unknown revisions or to the code's heads (they descend
 * from the code's head, not from a branch the code does not have).
 */
export function judgeAhead(
  graph: RevisionGraph,
  appliedKnown: readonly string[],
  unknown: readonly string[],
  lineageOf: (id: string) => RecordedLineage | undefined,
): AheadVerdict {
  const pending = graph.upgradePlan(appliedKnown);
  if (pending.length > 0) {
    return { compatible: false, breaking: null, reason: messages.aheadReason.diverged(pending) };
  }
  const unknownSet = new Set(unknown);
  const heads = new Set(graph.heads());
  for (const id of unknown) {
    const lineage = lineageOf(id);
    if (!lineage) {
      return { compatible: false, breaking: null, reason: messages.aheadReason.noLineage(id) };
    }
    if (lineage.breaking) return { compatible: false, breaking: id, reason: messages.aheadReason.breaking(id) };
    for (const parent of lineage.parents) {
      if (unknownSet.has(parent) || heads.has(parent)) continue;
      return {
        compatible: false,
        breaking: null,
        reason: messages.aheadReason.divergedAt(id, parent, graph.has(parent)),
      };
    }
  }
  return { compatible: true };
}

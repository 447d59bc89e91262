import { describe, expect, it } from 'vitest';
import { GuardError } from '../../src/version-guard/core/errors.js';
import type { RevisionInfo } from '../../src/version-guard/core/revision.js';
import { RevisionGraph } from '../../src/version-guard/core/revision-graph.js';
import {
  AmbiguousRevisionError,
  DuplicateParentError,
  DuplicateRevisionError,
  InvalidRevisionIdError,
  MissingParentError,
  RevisionCycleError,
  UnknownRevisionError,
} from '../../src/version-guard/core/revision-graph.errors.js';

const rev = (id: string, parents: string[] = [], message = `revision ${id}`): RevisionInfo => ({ id, parents, message, breaking: false });

// Root R; main branch R <- A <- B; side branch R <- D <- E; merge M of B and E.
const R = '100000000000';
const A = '2a0000000000';
const B = '3b0000000000';
const D = '4d0000000000';
const E = '5e0000000000';
const M = '6f0000000000';

const linear = () => RevisionGraph.build([rev(R), rev(A, [R]), rev(B, [A])]);
const branched = () => RevisionGraph.build([rev(R), rev(A, [R]), rev(B, [A]), rev(D, [R]), rev(E, [D])]);
const merged = () =>
  RevisionGraph.build([rev(R), rev(A, [R]), rev(B, [A]), rev(D, [R]), rev(E, [D]), rev(M, [B, E])]);

function thrown(fn: () => unknown): GuardError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GuardError);
    return error as GuardError;
  }
  throw new Error('expected a GuardError, nothing was thrown');
}

describe('RevisionGraph shapes', () => {
  it('accepts an empty list: no heads, no roots, nothing to do', () => {
    const graph = RevisionGraph.build([]);
    expect(graph.size).toBe(0);
    expect(graph.heads()).toEqual([]);
    expect(graph.roots()).toEqual([]);
    expect(graph.topologicalOrder()).toEqual([]);
    expect(graph.upgradePlan([])).toEqual([]);
    expect(graph.downgradePlan([], null)).toEqual([]);
    expect(graph.currentHeads([R])).toEqual([]);
  });

  it('handles a single root revision', () => {
    const graph = RevisionGraph.build([rev(R, [], 'initial schema')]);
    expect(graph.size).toBe(1);
    expect(graph.get(R)).toEqual({ id: R, parents: [], message: 'initial schema', breaking: false });
    expect(graph.heads()).toEqual([R]);
    expect(graph.roots()).toEqual([R]);
    expect(graph.isMerge(R)).toBe(false);
    expect(graph.children(R)).toEqual([]);
    expect(graph.ancestors(R)).toEqual(new Set());
    expect(graph.upgradePlan([])).toEqual([R]);
    expect(graph.upgradePlan([R])).toEqual([]);
    expect(graph.downgradePlan([R], null)).toEqual([R]);
    expect(graph.downgradePlan([R], R)).toEqual([]);
  });

  it('orders a linear chain given children first', () => {
    const graph = RevisionGraph.build([rev(B, [A]), rev(A, [R]), rev(R)]);
    expect(graph.topologicalOrder()).toEqual([R, A, B]);
    expect(graph.heads()).toEqual([B]);
    expect(graph.roots()).toEqual([R]);
    expect(graph.has(A)).toBe(true);
    expect(graph.has('ffffffffffff')).toBe(false);
    expect(graph.children(A)).toEqual([B]);
    expect(graph.ancestors(B)).toEqual(new Set([R, A]));
    expect(graph.ancestors(B, true)).toEqual(new Set([R, A, B]));
  });

  it('plans a linear chain both ways', () => {
    const graph = linear();
    expect(graph.upgradePlan([R])).toEqual([A, B]);
    expect(graph.upgradePlan([], [A])).toEqual([R, A]);
    expect(graph.downgradePlan([R, A, B], R)).toEqual([B, A]);
    expect(graph.downgradePlan([R, A, B], null)).toEqual([B, A, R]);
    expect(graph.currentHeads([R, A])).toEqual([A]);
  });

  it('breaks ties by input order', () => {
    expect(RevisionGraph.build([rev(A), rev(D)]).topologicalOrder()).toEqual([A, D]);
    expect(RevisionGraph.build([rev(D), rev(A)]).topologicalOrder()).toEqual([D, A]);
    expect(RevisionGraph.build([rev(R), rev(E, [R]), rev(A, [R])]).children(R)).toEqual([E, A]);
  });

  it('keeps its own copy of the revisions', () => {
    const parents = [R];
    const graph = RevisionGraph.build([rev(R), rev(A, parents)]);
    parents.push(B);
    expect(graph.get(A).parents).toEqual([R]);
    expect(Object.isFrozen(graph.get(A))).toBe(true);
  });
});

describe('RevisionGraph branches and merges', () => {
  it('reports two heads for two branches', () => {
    const graph = branched();
    expect(graph.heads()).toEqual([B, E]);
    expect(graph.children(R)).toEqual([A, D]);
    expect(graph.upgradePlan([R, A, B])).toEqual([D, E]);
    expect(graph.upgradePlan([], [B])).toEqual([R, A, B]);
    expect(graph.upgradePlan([], [B, E])).toEqual([R, A, B, D, E]);
  });

  it('finds the current heads of a partially applied branch', () => {
    const graph = branched();
    expect(graph.currentHeads([R, A, D])).toEqual([A, D]);
    expect(graph.currentHeads([D, R, A, B])).toEqual([B, D]);
    expect(graph.currentHeads([R])).toEqual([R]);
    expect(graph.currentHeads([])).toEqual([]);
  });

  it('ignores unknown ids in currentHeads and downgradePlan', () => {
    const graph = branched();
    expect(graph.currentHeads([R, A, 'ffffffffffff'])).toEqual([A]);
    expect(graph.downgradePlan([R, A, 'ffffffffffff'], R)).toEqual([A]);
  });

  it('collapses both heads into a merge revision', () => {
    const graph = merged();
    expect(graph.heads()).toEqual([M]);
    expect(graph.isMerge(M)).toBe(true);
    expect(graph.isMerge(B)).toBe(false);
    expect(graph.children(B)).toEqual([M]);
    expect(graph.children(E)).toEqual([M]);
    expect(graph.ancestors(M)).toEqual(new Set([R, A, B, D, E]));
    expect(graph.currentHeads([R, A, B, D, E, M])).toEqual([M]);
  });

  it('upgrades through both branches before the merge', () => {
    const graph = merged();
    expect(graph.upgradePlan([])).toEqual([R, A, B, D, E, M]);
    expect(graph.upgradePlan([R, A, B])).toEqual([D, E, M]);
    expect(graph.upgradePlan([R, D, E])).toEqual([A, B, M]);
  });

  it('reverts both branches children first when downgrading before the branch point', () => {
    const graph = merged();
    const all = [R, A, B, D, E, M];
    expect(graph.downgradePlan(all, R)).toEqual([M, E, D, B, A]);
    expect(graph.downgradePlan(all, B)).toEqual([M, E, D]);
    expect(graph.downgradePlan(all, M)).toEqual([]);
    expect(graph.downgradePlan([R, A, D], null)).toEqual([D, A, R]);
  });
});

describe('RevisionGraph relative steps', () => {
  it('steps forward towards the heads', () => {
    const graph = merged();
    expect(graph.stepsForward([R], 2)).toEqual([A, B]);
    expect(graph.stepsForward([R, A, B], 10)).toEqual([D, E, M]);
    expect(graph.stepsForward([R, A, B, D, E, M], 1)).toEqual([]);
    expect(graph.stepsForward([], 0)).toEqual([]);
  });

  it('steps back children first', () => {
    const graph = merged();
    expect(graph.stepsBack([R, A, B, D, E, M], 2)).toEqual([M, E]);
    expect(graph.stepsBack([R, A], 5)).toEqual([A, R]);
    expect(graph.stepsBack([], 1)).toEqual([]);
  });

  it('rejects a negative or fractional step count', () => {
    expect(() => linear().stepsForward([], -1)).toThrow(RangeError);
    expect(() => linear().stepsBack([R], 1.5)).toThrow('step count must be a non-negative integer, got 1.5');
  });
});

describe('RevisionGraph.resolve', () => {
  const graph = RevisionGraph.build([rev('abcd12340000'), rev('abcd56780000'), rev('ffff00000000')]);

  it('returns a full id unchanged', () => {
    expect(graph.resolve('abcd12340000')).toBe('abcd12340000');
  });

  it('expands a unique prefix of four or more characters', () => {
    expect(graph.resolve('ffff')).toBe('ffff00000000');
    expect(graph.resolve('abcd5')).toBe('abcd56780000');
  });

  it('rejects an ambiguous prefix and lists the candidates', () => {
    const error = thrown(() => graph.resolve('abcd'));
    expect(error).toBeInstanceOf(AmbiguousRevisionError);
    expect(error).toMatchObject({ code: 'ambiguous_revision', revision: 'abcd' });
    expect((error as AmbiguousRevisionError).candidates).toEqual(['abcd12340000', 'abcd56780000']);
    expect(error.message).toBe('revision prefix "abcd" is ambiguous: it matches abcd12340000, abcd56780000');
    expect(error.help).toBe('give more characters of the revision id than "abcd", or the full 12-character id');
  });

  it('rejects an unknown prefix', () => {
    const error = thrown(() => graph.resolve('1234'));
    expect(error).toBeInstanceOf(UnknownRevisionError);
    expect(error).toMatchObject({ code: 'unknown_revision', revision: '1234', minPrefixLength: undefined });
    expect(error.message).toBe('unknown revision "1234"');
    expect(error.help).toBe('run `npm run db -- history` to list the known revisions');
  });

  it('refuses to match a prefix shorter than four characters', () => {
    const error = thrown(() => graph.resolve('fff'));
    expect(error).toMatchObject({ code: 'unknown_revision', revision: 'fff', minPrefixLength: 4 });
    expect(error.message).toBe('unknown revision "fff"');
    expect(error.help).toBe(
      'give at least 4 characters of the revision id ("fff" has 3), or run `npm run db -- history` to list the known revisions',
    );
  });
});

describe('RevisionGraph.build errors', () => {
  it('rejects an id that is not 12 lowercase hex characters', () => {
    for (const bad of ['abc', 'ABCDEF123456', '1000000000000', 'g00000000000']) {
      const error = thrown(() => RevisionGraph.build([rev(R), rev(bad, [R])]));
      expect(error).toBeInstanceOf(InvalidRevisionIdError);
      expect(error).toMatchObject({ code: 'invalid_revision_id', revision: bad });
      expect(error.message).toBe(`invalid revision id "${bad}": expected 12 lowercase hex characters`);
    }
    expect(thrown(() => RevisionGraph.build([rev('abc')])).help).toBe(
      'rename revision "abc" to 12 lowercase hex characters and update the revisions that name it as a parent',
    );
  });

  it('rejects a duplicated revision id', () => {
    const error = thrown(() => RevisionGraph.build([rev(R), rev(A, [R]), rev(A, [R], 'copy')]));
    expect(error).toBeInstanceOf(DuplicateRevisionError);
    expect(error).toMatchObject({ code: 'duplicate_revision', revision: A });
    expect(error.message).toBe('revision 2a0000000000 is declared more than once');
    expect(error.help).toBe('delete the copy or give one of the revision files declaring 2a0000000000 a new id');
  });

  it('rejects a parent that does not exist', () => {
    const error = thrown(() => RevisionGraph.build([rev(R), rev(B, [A])]));
    expect(error).toBeInstanceOf(MissingParentError);
    expect(error).toMatchObject({ code: 'missing_parent', revision: B, parent: A });
    expect(error.message).toBe('revision 3b0000000000 names parent 2a0000000000, which does not exist');
    expect(error.help).toBe('restore the file of revision 2a0000000000 or fix the parents of 3b0000000000');
  });

  it('rejects a parent listed twice', () => {
    const error = thrown(() => RevisionGraph.build([rev(R), rev(A, [R, R])]));
    expect(error).toBeInstanceOf(DuplicateParentError);
    expect(error).toMatchObject({ code: 'duplicate_parent', revision: A, parent: R });
    expect(error.message).toBe('revision 2a0000000000 names parent 100000000000 more than once');
    expect(error.help).toBe('list 100000000000 only once in the parents of 2a0000000000');
  });

  it('rejects a cycle and lists its ids in parent order', () => {
    // A names B as parent, B names D, D names A: no revision is a root of this part.
    const error = thrown(() => RevisionGraph.build([rev(R), rev(A, [B]), rev(B, [D]), rev(D, [A]), rev(E, [R])]));
    expect(error).toBeInstanceOf(RevisionCycleError);
    expect(error).toMatchObject({ code: 'revision_cycle' });
    expect((error as RevisionCycleError).cycle).toEqual([A, B, D]);
    expect(error.message).toBe(
      'revisions form a cycle through their parents: 2a0000000000 -> 3b0000000000 -> 4d0000000000 -> 2a0000000000',
    );
    expect(error.help).toBe(
      'fix the parents of one of 2a0000000000, 3b0000000000, 4d0000000000 so that the history starts at a root revision',
    );
  });

  it('rejects a revision that is its own parent, even below a merge', () => {
    const self = thrown(() => RevisionGraph.build([rev(R, [R])]));
    expect(self.message).toBe('revisions form a cycle through their parents: 100000000000 -> 100000000000');
    const viaMerge = thrown(() => RevisionGraph.build([rev(R), rev(M, [R, A]), rev(A, [M])]));
    expect((viaMerge as RevisionCycleError).cycle).toEqual([M, A]);
  });
});

describe('RevisionGraph unknown revisions', () => {
  const unknown = 'ffffffffffff';

  it('throws UnknownRevisionError from every lookup by id', () => {
    const graph = merged();
    const lookups: Array<() => unknown> = [
      () => graph.get(unknown),
      () => graph.isMerge(unknown),
      () => graph.children(unknown),
      () => graph.ancestors(unknown),
      () => graph.upgradePlan([], [unknown]),
      () => graph.downgradePlan([R], unknown),
    ];
    for (const lookup of lookups) {
      const error = thrown(lookup);
      expect(error).toBeInstanceOf(UnknownRevisionError);
      expect(error.message).toBe('unknown revision "ffffffffffff"');
      expect(error.help).toBe('run `npm run db -- history` to list the known revisions');
    }
  });
});

describe('RevisionGraph at scale', () => {
  it('handles a 10 000-revision linear chain given tip first without overflowing the stack', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => (i + 1).toString(16).padStart(12, '0'));
    const revisions = ids.map((id, i) => rev(id, i === 0 ? [] : [ids[i - 1]])).reverse();
    const graph = RevisionGraph.build(revisions);
    const tip = ids[ids.length - 1];
    expect(graph.size).toBe(10_000);
    expect(graph.topologicalOrder()).toEqual(ids);
    expect(graph.heads()).toEqual([tip]);
    expect(graph.roots()).toEqual([ids[0]]);
    expect(graph.ancestors(tip).size).toBe(9_999);
    expect(graph.upgradePlan(ids.slice(0, 4_000))).toEqual(ids.slice(4_000));
    expect(graph.currentHeads(ids)).toEqual([tip]);
    expect(graph.downgradePlan(ids, ids[4_999])).toEqual(ids.slice(5_000).reverse());
    expect(graph.stepsBack(ids, 2)).toEqual([tip, ids[9_998]]);
  });
});

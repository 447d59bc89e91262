import { describe, expect, it } from 'vitest';
import { adoptAlembic, alembicRowsFor } from '../../src/version-guard/core/alembic-adoption.js';
import { RevisionGraph } from '../../src/version-guard/core/revision-graph.js';

// a → b → c, and a merge: c, d (child of a) → m
const graph = RevisionGraph.build([
  { id: 'aaaaaaaaaaaa', parents: [], message: 'feat: a' },
  { id: 'bbbbbbbbbbbb', parents: ['aaaaaaaaaaaa'], message: 'feat: b' },
  { id: 'cccccccccccc', parents: ['bbbbbbbbbbbb'], message: 'feat: c' },
  { id: 'dddddddddddd', parents: ['aaaaaaaaaaaa'], message: 'feat: d' },
  { id: 'eeeeeeeeeeee', parents: ['cccccccccccc', 'dddddddddddd'], message: 'feat: merge' },
]);
const aliases = { '0ld0ld0ld0ld': 'bbbbbbbbbbbb' };

describe('adoptAlembic', () => {
  it('leaves a database Alembic never tracked as it is', () => {
    expect(adoptAlembic({ recorded: null, alembic: null, graph, aliases })).toEqual({ applied: null, adoptedFrom: null, toRecord: [] });
    expect(adoptAlembic({ recorded: ['aaaaaaaaaaaa'], alembic: null, graph, aliases }).applied).toEqual(['aaaaaaaaaaaa']);
  });

  it('adopts the recorded revision and all its ancestors, in apply order', () => {
    const adoption = adoptAlembic({ recorded: null, alembic: ['cccccccccccc'], graph, aliases });
    expect(adoption).toEqual({
      applied: ['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'cccccccccccc'],
      adoptedFrom: 'alembic',
      toRecord: ['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'cccccccccccc'],
    });
  });

  it('adopts several heads (one row each) and an empty bookkeeping table like an absent one', () => {
    const adoption = adoptAlembic({ recorded: [], alembic: ['dddddddddddd', 'cccccccccccc'], graph, aliases });
    expect(adoption.applied).toEqual(['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'cccccccccccc', 'dddddddddddd']);
  });

  it('reads an old-branch id as its main-line equivalent', () => {
    expect(adoptAlembic({ recorded: null, alembic: ['0ld0ld0ld0ld'], graph, aliases }).applied).toEqual(['aaaaaaaaaaaa', 'bbbbbbbbbbbb']);
  });

  it('keeps an unknown id as applied (for ahead/foreign handling) and records only known ones', () => {
    const adoption = adoptAlembic({ recorded: null, alembic: ['123456789abc'], graph, aliases });
    expect(adoption).toEqual({ applied: ['123456789abc'], adoptedFrom: 'alembic', toRecord: [] });
  });

  it("prefers the guard's own records once it has any, still naming Alembic", () => {
    const adoption = adoptAlembic({ recorded: ['aaaaaaaaaaaa'], alembic: ['cccccccccccc'], graph, aliases });
    expect(adoption).toEqual({ applied: ['aaaaaaaaaaaa'], adoptedFrom: 'alembic', toRecord: [] });
  });

  it('an empty alembic_version (Alembic at base) adopts nothing', () => {
    expect(adoptAlembic({ recorded: null, alembic: [], graph, aliases })).toEqual({ applied: null, adoptedFrom: 'alembic', toRecord: [] });
  });
});

describe('alembicRowsFor', () => {
  it('is the current heads of what is applied', () => {
    expect(alembicRowsFor(graph, ['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'dddddddddddd'])).toEqual(['bbbbbbbbbbbb', 'dddddddddddd']);
    expect(alembicRowsFor(graph, [])).toEqual([]);
  });
});

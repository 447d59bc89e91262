import { describe, expect, it, vi } from 'vitest';
import {
  classifyDatabase,
  toStatusJson,
  type DatabaseStatus,
  type LegacyMatch,
  type StatusInput,
  type UpgradeFailure,
} from '../../src/version-guard/core/database-status.js';
import type { RevisionInfo } from '../../src/version-guard/core/revision.js';
import { RevisionGraph } from '../../src/version-guard/core/revision-graph.js';

const rev = (id: string, parents: string[] = []): RevisionInfo => ({ id, parents, message: `feat: ${id}`, breaking: false });

// Linear history R <- A <- B <- C, given out of order so that apply order has to come from the graph.
const R = 'a00000000001';
const A = 'b00000000002';
const B = 'c00000000003';
const C = 'd00000000004';
const linear = () => RevisionGraph.build([rev(C, [B]), rev(A, [R]), rev(R), rev(B, [A])]);

// Unknown to `linear`.
const NEWER = 'eeeeeeeeeeee';
const OTHER_SET = 'ffffffffffff';

const FAILURE: UpgradeFailure = { revision: B, error: 'no such table: agent', failedAt: '2025-01-01T00:00:00.000Z' };

function input(overrides: Partial<StatusInput> = {}): StatusInput {
  return {
    name: 'agent',
    dialect: 'sqlite',
    graph: linear(),
    applied: null,
    userTables: [],
    foreignSetOf: () => undefined,
    failure: null,
    detectLegacy: () => {
      throw new Error('detectLegacy must not be called for this database');
    },
    ...overrides,
  };
}

const NOT_LEGACY = { legacy: null, legacyRelease: null, ahead: null } as const;

describe('classifyDatabase', () => {
  it('empty: no bookkeeping table and no tables; everything pending in apply order', () => {
    const detectLegacy = vi.fn<() => LegacyMatch>();
    expect(classifyDatabase(input({ detectLegacy }))).toEqual({
      name: 'agent',
      dialect: 'sqlite',
      state: 'empty',
      current: [],
      heads: [C],
      pending: [R, A, B, C],
      unknown: [],
      foreignSet: null,
      failure: null,
      modified: [],
      ...NOT_LEGACY,
    });
    expect(detectLegacy).not.toHaveBeenCalled();
  });

  it('empty: a bookkeeping table without rows and no tables', () => {
    const status = classifyDatabase(input({ applied: [], name: 'ops', dialect: 'mysql' }));
    expect(status.state).toBe('empty');
    expect(status.name).toBe('ops');
    expect(status.dialect).toBe('mysql');
    expect(status.pending).toEqual([R, A, B, C]);
  });

  it('up_to_date: the head is applied', () => {
    expect(classifyDatabase(input({ applied: [R, A, B, C], userTables: ['agent'] }))).toEqual({
      name: 'agent',
      dialect: 'sqlite',
      state: 'up_to_date',
      current: [C],
      heads: [C],
      pending: [],
      unknown: [],
      foreignSet: null,
      failure: null,
      modified: [],
      ...NOT_LEGACY,
    });
  });

  it('behind: pending revisions in apply order, current is the newest applied', () => {
    const status = classifyDatabase(input({ applied: [R, A] }));
    expect(status.state).toBe('behind');
    expect(status.current).toEqual([A]);
    expect(status.heads).toEqual([C]);
    expect(status.pending).toEqual([B, C]);
    expect(status).toMatchObject({ unknown: [], foreignSet: null, failure: null, modified: [], ...NOT_LEGACY });
  });

  it('behind: a branch merged in the code is pending parents first', () => {
    const D = 'e00000000005';
    const M = 'f00000000006';
    const graph = RevisionGraph.build([rev(R), rev(A, [R]), rev(M, [A, D]), rev(D, [R])]);
    const status = classifyDatabase(input({ graph, applied: [R, A] }));
    expect(status.state).toBe('behind');
    expect(status.current).toEqual([A]);
    expect(status.heads).toEqual([M]);
    expect(status.pending).toEqual([D, M]);
  });

  it('legacy: tables without history, recognised; pending starts after the stamped release revision', () => {
    const match: LegacyMatch = { release: '0.1.3', revision: A, nearestRelease: '0.1.3', missing: [], extraTables: ['notes'] };
    const detectLegacy = vi.fn(() => match);
    const status = classifyDatabase(input({ userTables: ['agent', 'workflow'], detectLegacy }));
    expect(status).toEqual({
      name: 'agent',
      dialect: 'sqlite',
      state: 'legacy',
      current: [],
      heads: [C],
      pending: [B, C],
      unknown: [],
      foreignSet: null,
      failure: null,
      modified: [],
      legacy: match,
      ahead: null,
      legacyRelease: '0.1.3',
    });
    expect(detectLegacy).toHaveBeenCalledTimes(1);
  });

  it('legacy: an empty bookkeeping table counts as no history', () => {
    const match: LegacyMatch = { release: '0.1.2', revision: R, nearestRelease: '0.1.2', missing: [], extraTables: [] };
    const status = classifyDatabase(input({ applied: [], userTables: ['agent'], detectLegacy: () => match }));
    expect(status.state).toBe('legacy');
    expect(status.legacyRelease).toBe('0.1.2');
    expect(status.pending).toEqual([A, B, C]);
  });

  it('legacy_unrecognized: no release schema is complete', () => {
    const match: LegacyMatch = {
      release: null,
      revision: null,
      nearestRelease: '0.1.3',
      missing: ['table knowledge_base', 'column workflow.version'],
      extraTables: [],
    };
    expect(classifyDatabase(input({ userTables: ['agent'], detectLegacy: () => match }))).toEqual({
      name: 'agent',
      dialect: 'sqlite',
      state: 'legacy_unrecognized',
      current: [],
      heads: [C],
      pending: [],
      unknown: [],
      foreignSet: null,
      failure: null,
      modified: [],
      legacy: match,
      ahead: null,
      legacyRelease: null,
    });
  });

  it('legacy_unrecognized: the release revision is unknown to the code', () => {
    const match: LegacyMatch = { release: '0.1.3', revision: NEWER, nearestRelease: '0.1.3', missing: [], extraTables: [] };
    const status = classifyDatabase(input({ userTables: ['agent'], detectLegacy: () => match }));
    expect(status.state).toBe('legacy_unrecognized');
    expect(status.legacy).toEqual(match);
    expect(status.legacyRelease).toBeNull();
    expect(status.pending).toEqual([]);
  });

  it('ahead: an applied revision the code does not know, not of another set', () => {
    const foreignSetOf = vi.fn<(id: string) => string | undefined>(() => undefined);
    const status = classifyDatabase(input({ applied: [R, A, B, C, NEWER], foreignSetOf }));
    expect(status).toEqual({
      name: 'agent',
      dialect: 'sqlite',
      state: 'ahead',
      current: [C, NEWER],
      heads: [C],
      pending: [],
      unknown: [NEWER],
      foreignSet: null,
      failure: null,
      modified: [],
      ...NOT_LEGACY,
      // a newer release that recorded no lineage cannot be judged safe for this code
      ahead: { breaking: null, reason: `revision ${NEWER} was recorded without its parents and breaking flag` },
    });
    expect(foreignSetOf.mock.calls.map((call) => call[0])).toEqual([NEWER]);
  });

  it('ahead_compatible: unknown revisions recorded as not breaking, descending from the head', () => {
    const lineage: Record<string, { parents: string[]; breaking: boolean }> = { [NEWER]: { parents: [C], breaking: false } };
    const status = classifyDatabase(input({ applied: [R, A, B, C, NEWER], lineageOf: (id) => lineage[id] }));
    expect(status.state).toBe('ahead_compatible');
    expect(status.current).toEqual([NEWER]);
    expect(status.unknown).toEqual([NEWER]);
    expect(status.ahead).toBeNull();
  });

  it('ahead, naming the breaking revision, when one unknown revision is breaking', () => {
    const LATER = 'feedfacecafe';
    const lineage: Record<string, { parents: string[]; breaking: boolean }> = { [NEWER]: { parents: [C], breaking: false }, [LATER]: { parents: [NEWER], breaking: true } };
    const status = classifyDatabase(input({ applied: [R, A, B, C, NEWER, LATER], lineageOf: (id) => lineage[id] }));
    expect(status.state).toBe('ahead');
    expect(status.ahead).toEqual({ breaking: LATER, reason: `revision ${LATER} is breaking` });
  });

  it('ahead, saying the history diverged, when an unknown revision follows a revision that is not the head', () => {
    const lineage: Record<string, { parents: string[]; breaking: boolean }> = { [NEWER]: { parents: [A], breaking: false } };
    const status = classifyDatabase(input({ applied: [R, A, B, C, NEWER], lineageOf: (id) => lineage[id] }));
    expect(status.state).toBe('ahead');
    expect(status.ahead).toEqual({ breaking: null, reason: `the history diverged: revision ${NEWER} follows ${A}, which is not the code's head` });
  });

  it('ahead when the code has revisions the database lacks, even if the unknown ones are harmless', () => {
    const lineage: Record<string, { parents: string[]; breaking: boolean }> = { [NEWER]: { parents: [B], breaking: false } };
    const status = classifyDatabase(input({ applied: [R, A, B, NEWER], lineageOf: (id) => lineage[id] }));
    expect(status.state).toBe('ahead');
    expect(status.ahead?.reason).toBe(`the history diverged: the code's revisions ${C} are not applied`);
  });

  it('foreign: the applied revisions belong to another migration set, which is named', () => {
    const foreignSetOf = (id: string) => (id === OTHER_SET ? 'sqlite_ops' : undefined);
    const status = classifyDatabase(input({ applied: [OTHER_SET], foreignSetOf }));
    expect(status).toEqual({
      name: 'agent',
      dialect: 'sqlite',
      state: 'foreign',
      current: [OTHER_SET],
      heads: [C],
      pending: [],
      unknown: [OTHER_SET],
      foreignSet: 'sqlite_ops',
      failure: null,
      modified: [],
      ...NOT_LEGACY,
    });
  });

  it('foreign: one revision of another set among unknown ones is enough', () => {
    const foreignSetOf = (id: string) => (id === OTHER_SET ? 'mysql_agent' : undefined);
    const status = classifyDatabase(input({ applied: [NEWER, OTHER_SET], foreignSetOf }));
    expect(status.state).toBe('foreign');
    expect(status.foreignSet).toBe('mysql_agent');
    expect(status.unknown).toEqual([NEWER, OTHER_SET]);
  });

  it('multiple_heads: the code has several heads, whatever the database holds', () => {
    const X = 'e00000000005';
    const graph = RevisionGraph.build([rev(R), rev(A, [R]), rev(X, [R])]);
    for (const applied of [null, [R], [R, A]]) {
      const status = classifyDatabase(input({ graph, applied }));
      expect(status.state).toBe('multiple_heads');
      expect(status.heads).toEqual([A, X]);
      expect(status.pending).toEqual([]);
    }
  });

  it('failed: a recorded failure after some revisions; the rest is pending', () => {
    const status = classifyDatabase(input({ applied: [R, A], failure: FAILURE }));
    expect(status).toEqual({
      name: 'agent',
      dialect: 'sqlite',
      state: 'failed',
      current: [A],
      heads: [C],
      pending: [B, C],
      unknown: [],
      foreignSet: null,
      failure: FAILURE,
      modified: [],
      ...NOT_LEGACY,
    });
  });

  it('modified: an applied revision whose code changed; the rest is still pending', () => {
    const status = classifyDatabase(input({ applied: [R, A], modified: [A] }));
    expect(status).toEqual({
      name: 'agent',
      dialect: 'sqlite',
      state: 'modified',
      current: [A],
      heads: [C],
      pending: [B, C],
      unknown: [],
      foreignSet: null,
      failure: null,
      modified: [A],
      ...NOT_LEGACY,
    });
    expect(classifyDatabase(input({ applied: [R, A, B, C], modified: [R, B] }))).toMatchObject({ state: 'modified', modified: [R, B], pending: [] });
  });

  it('modified wins over a recorded failure; an unknown revision wins over both', () => {
    expect(classifyDatabase(input({ applied: [R, A], failure: FAILURE, modified: [A] })).state).toBe('modified');
    expect(classifyDatabase(input({ applied: [R, A, NEWER], failure: FAILURE, modified: [A] })).state).toBe('ahead');
  });

  it('an unknown revision wins over a recorded failure', () => {
    expect(classifyDatabase(input({ applied: [R, NEWER], failure: FAILURE })).state).toBe('ahead');
  });
});

describe('toStatusJson', () => {
  const status: DatabaseStatus = classifyDatabase(
    input({
      userTables: ['agent'],
      detectLegacy: () => ({ release: '0.1.2', revision: R, nearestRelease: '0.1.2', missing: [], extraTables: [] }),
    }),
  );

  it('has exactly the SPEC §6 keys, in order', () => {
    expect(Object.keys(toStatusJson(status))).toEqual(['name', 'dialect', 'state', 'current', 'heads', 'pending', 'legacyRelease']);
  });

  it('carries the values of the status', () => {
    expect(JSON.stringify(toStatusJson(status))).toBe(
      JSON.stringify({
        name: 'agent',
        dialect: 'sqlite',
        state: 'legacy',
        current: [],
        heads: [C],
        pending: [A, B, C],
        legacyRelease: '0.1.2',
      }),
    );
  });

  it('prints legacyRelease as null when not legacy', () => {
    const json = toStatusJson(classifyDatabase(input({ applied: [R, A, B, C] })));
    expect(json).toEqual({ name: 'agent', dialect: 'sqlite', state: 'up_to_date', current: [C], heads: [C], pending: [], legacyRelease: null });
  });
});

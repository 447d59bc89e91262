import { describe, expect, it } from 'vitest';
import { compareReleases, detectLegacyRelease, type ReleaseBaseline } from '../../src/version-guard/core/legacy-detector.js';

// A small history shaped like the agent database's: 0.1.1 = 0.1.2 (same id), 0.1.3 adds a table and a
// column, 0.1.4 (the first tracked release) adds a column; `user_message` is protected.
const V2 = 'f458c7fb17a5';
const V3 = '031b34b4dd30';
const V4 = '8f4846812221';

const v2Tables = {
  agent: ['id', 'name', 'config'],
  workflow: ['id', 'agent_id', 'definition'],
  knowledge_base: ['id', 'name'],
  user_message: ['id', 'content'],
};
const v3Tables = { ...v2Tables, workflow: [...v2Tables.workflow, 'version'], plugin: ['id', 'name', 'enabled'] };
const v4Tables = { ...v3Tables, agent: [...v3Tables.agent, 'status'] };

const RELEASES: Record<string, ReleaseBaseline> = {
  '0.1.1': { revision: V2, tables: v2Tables },
  '0.1.2': { revision: V2, tables: v2Tables },
  '0.1.3': { revision: V3, tables: v3Tables },
  '0.1.4': { revision: V4, tables: v4Tables },
};

const IGNORED = new Set(['user_message', 'mikro_orm_migrations', 'schema_upgrade_failure']);

const schemaOf = (tables: Record<string, readonly string[]>) => new Map(Object.entries(tables));

/** `tables` without `table`, or with `table` lacking `column`. */
function without(tables: Record<string, readonly string[]>, table: string, column?: string) {
  const copy: Record<string, readonly string[]> = { ...tables };
  if (column === undefined) delete copy[table];
  else copy[table] = copy[table].filter((c) => c !== column);
  return copy;
}

describe('detectLegacyRelease', () => {
  it('recognises each release by its complete schema; the newest complete one wins', () => {
    expect(detectLegacyRelease(schemaOf(v2Tables), RELEASES, IGNORED)).toEqual({
      release: '0.1.2',
      revision: V2,
      nearestRelease: '0.1.2',
      missing: [],
      extraTables: [],
    });
    expect(detectLegacyRelease(schemaOf(v3Tables), RELEASES, IGNORED)).toEqual({
      release: '0.1.3',
      revision: V3,
      nearestRelease: '0.1.3',
      missing: [],
      extraTables: [],
    });
    expect(detectLegacyRelease(schemaOf(v4Tables), RELEASES, IGNORED)).toEqual({
      release: '0.1.4',
      revision: V4,
      nearestRelease: '0.1.4',
      missing: [],
      extraTables: [],
    });
  });

  it('does not depend on the order releases are listed in', () => {
    const shuffled = { '0.1.3': RELEASES['0.1.3'], '0.1.1': RELEASES['0.1.1'], '0.1.4': RELEASES['0.1.4'], '0.1.2': RELEASES['0.1.2'] };
    expect(detectLegacyRelease(schemaOf(v3Tables), shuffled, IGNORED).release).toBe('0.1.3');
  });

  it('ignores column order and extra columns', () => {
    const schema = schemaOf({ ...v2Tables, agent: ['config', 'name', 'id', 'nickname'] });
    expect(detectLegacyRelease(schema, RELEASES, IGNORED)).toMatchObject({ release: '0.1.2', revision: V2, missing: [] });
  });

  it('a half-finished sync towards the next release (its column or table only) keeps the older release', () => {
    const columnOnly = schemaOf({ ...v2Tables, workflow: [...v2Tables.workflow, 'version'] });
    expect(detectLegacyRelease(columnOnly, RELEASES, IGNORED)).toEqual({
      release: '0.1.2',
      revision: V2,
      nearestRelease: '0.1.2',
      missing: [],
      extraTables: [],
    });
    const tableOnly = schemaOf({ ...v2Tables, plugin: ['id', 'name', 'enabled'] });
    expect(detectLegacyRelease(tableOnly, RELEASES, IGNORED)).toMatchObject({ release: '0.1.2', revision: V2, extraTables: [] });
  });

  it('ignores protected and guard tables: their absence does not matter, their presence is no extra', () => {
    const noProtected = schemaOf(without(v3Tables, 'user_message'));
    expect(detectLegacyRelease(noProtected, RELEASES, IGNORED)).toMatchObject({ release: '0.1.3', missing: [], extraTables: [] });
    const withGuard = schemaOf({ ...v3Tables, mikro_orm_migrations: ['id', 'name'], user_message: ['whatever'] });
    expect(detectLegacyRelease(withGuard, RELEASES, IGNORED)).toMatchObject({ release: '0.1.3', missing: [], extraTables: [] });
  });

  it('a protected table missing from the baseline schema is not required when ignored, but is when not', () => {
    const schema = schemaOf(without(v2Tables, 'user_message'));
    expect(detectLegacyRelease(schema, RELEASES, IGNORED).release).toBe('0.1.2');
    expect(detectLegacyRelease(schema, RELEASES, new Set())).toMatchObject({
      release: null,
      missing: ['table user_message'],
    });
  });

  it('reports tables of no release in extraTables, sorted, and still recognises the release', () => {
    const schema = schemaOf({ zeta_cache: ['id'], ...v3Tables, alpha_notes: ['id', 'text'] });
    expect(detectLegacyRelease(schema, RELEASES, IGNORED)).toEqual({
      release: '0.1.3',
      revision: V3,
      nearestRelease: '0.1.3',
      missing: [],
      extraTables: ['alpha_notes', 'zeta_cache'],
    });
  });

  it('unrecognised: a missing table is named against the nearest release', () => {
    const schema = schemaOf({ ...without(v3Tables, 'knowledge_base'), scratch: ['id'] });
    expect(detectLegacyRelease(schema, RELEASES, IGNORED)).toEqual({
      release: null,
      revision: null,
      nearestRelease: '0.1.3',
      missing: ['table knowledge_base'],
      extraTables: ['scratch'],
    });
  });

  it('unrecognised: a missing column is named as table.column', () => {
    const schema = schemaOf(without(v2Tables, 'agent', 'config'));
    expect(detectLegacyRelease(schema, RELEASES, IGNORED)).toEqual({
      release: null,
      revision: null,
      nearestRelease: '0.1.2',
      missing: ['column agent.config'],
      extraTables: [],
    });
  });

  it('unrecognised: the nearest release is the one with the fewest missing items', () => {
    // 0.1.4 without knowledge_base: against 0.1.4 one table is missing, against 0.1.2 the same one
    // table; the newer release is named on a tie. Without knowledge_base and plugin, 0.1.2 is nearer.
    const tie = schemaOf(without(v4Tables, 'knowledge_base'));
    expect(detectLegacyRelease(tie, RELEASES, IGNORED)).toMatchObject({ nearestRelease: '0.1.4', missing: ['table knowledge_base'] });
    const nearer2 = schemaOf(without(without(v2Tables, 'knowledge_base'), 'workflow', 'definition'));
    expect(detectLegacyRelease(nearer2, RELEASES, IGNORED)).toMatchObject({
      release: null,
      nearestRelease: '0.1.2',
      missing: ['column workflow.definition', 'table knowledge_base'],
    });
  });

  it('lists every missing table and column in baseline order', () => {
    const schema = schemaOf({ agent: ['id'], workflow: ['id', 'agent_id', 'definition', 'version'], plugin: ['id', 'name', 'enabled'] });
    expect(detectLegacyRelease(schema, RELEASES, IGNORED)).toMatchObject({
      release: null,
      nearestRelease: '0.1.3',
      missing: ['column agent.name', 'column agent.config', 'table knowledge_base'],
    });
  });

  it('an unrelated schema is unrecognised; every table of the nearest release is missing', () => {
    const schema = schemaOf({ notes: ['id', 'text'] });
    expect(detectLegacyRelease(schema, { '0.1.2': RELEASES['0.1.2'] }, IGNORED)).toEqual({
      release: null,
      revision: null,
      nearestRelease: '0.1.2',
      missing: ['table agent', 'table workflow', 'table knowledge_base'],
      extraTables: ['notes'],
    });
  });

  it('with no baselines at all, nothing is recognised and no release is nearest', () => {
    expect(detectLegacyRelease(schemaOf(v2Tables), {}, IGNORED)).toEqual({
      release: null,
      revision: null,
      nearestRelease: null,
      missing: [],
      extraTables: ['agent', 'knowledge_base', 'workflow'],
    });
  });

  it('orders releases numerically: 0.1.10 is newer than 0.1.9', () => {
    const releases: Record<string, ReleaseBaseline> = {
      '0.1.9': { revision: 'aaaaaaaaaaaa', tables: { a: ['id'] } },
      '0.1.10': { revision: 'bbbbbbbbbbbb', tables: { a: ['id'], b: ['id'] } },
    };
    expect(detectLegacyRelease(schemaOf({ a: ['id'], b: ['id'] }), releases, IGNORED)).toMatchObject({
      release: '0.1.10',
      revision: 'bbbbbbbbbbbb',
    });
    expect(detectLegacyRelease(schemaOf({ a: ['id'] }), releases, IGNORED)).toMatchObject({ release: '0.1.9', revision: 'aaaaaaaaaaaa' });
  });

  describe('with a tracking release', () => {
    // ops-like: 0.1.4 changed nothing and shares 0.1.3's id; a database without history must be 0.1.3
    const OPS3 = 'f6e49cd8c97d';
    const ops3 = { audit_log: ['id', 'action'], prompt_template: ['id', 'content', 'category'] };
    const opsReleases: Record<string, ReleaseBaseline> = {
      '0.1.2': { revision: 'b4f4c6589bc5', tables: { prompt_template: ['id', 'content'] } },
      '0.1.3': { revision: OPS3, tables: ops3 },
      '0.1.4': { revision: OPS3, tables: ops3 },
    };

    it('names the untracked release that shares the id of a tracked one', () => {
      expect(detectLegacyRelease(schemaOf(ops3), opsReleases, IGNORED, '0.1.4')).toEqual({
        release: '0.1.3',
        revision: OPS3,
        nearestRelease: '0.1.3',
        missing: [],
        extraTables: [],
      });
    });

    it('an unrecognised database is compared with the untracked twin too (no history means no tracked release)', () => {
      const schema = schemaOf({ ...ops3, prompt_template: ['id', 'category'] });
      expect(detectLegacyRelease(schema, opsReleases, IGNORED, '0.1.4')).toEqual({
        release: null,
        revision: null,
        nearestRelease: '0.1.3',
        missing: ['column prompt_template.content'],
        extraTables: [],
      });
    });

    it('without a tracking release, names the newest', () => {
      expect(detectLegacyRelease(schemaOf(ops3), opsReleases, IGNORED).release).toBe('0.1.4');
    });

    it('keeps a tracked release whose id no older release shares', () => {
      expect(detectLegacyRelease(schemaOf(v4Tables), RELEASES, IGNORED, '0.1.4')).toMatchObject({ release: '0.1.4', revision: V4 });
    });

    it('leaves older releases alone', () => {
      expect(detectLegacyRelease(schemaOf(v2Tables), RELEASES, IGNORED, '0.1.4')).toMatchObject({ release: '0.1.2', revision: V2 });
    });
  });
});

describe('compareReleases', () => {
  it.each([
    ['0.1.10', '0.1.9', 1],
    ['0.1.9', '0.1.10', -1],
    ['0.2.0', '0.1.99', 1],
    ['1.0.0', '0.9.9', 1],
    ['0.1.3', '0.1.3', 0],
    ['0.2', '0.2.0', 0],
    ['0.1.2', '0.1.3', -1],
  ])('%s vs %s: %i', (a, b, sign) => {
    expect(Math.sign(compareReleases(a, b))).toBe(sign);
  });

  it('sorts release names numerically', () => {
    expect(['0.1.10', '0.1.2', '0.1.9', '0.10.0', '0.2.0', '0.1.1'].sort(compareReleases)).toEqual([
      '0.1.1',
      '0.1.2',
      '0.1.9',
      '0.1.10',
      '0.2.0',
      '0.10.0',
    ]);
  });
});

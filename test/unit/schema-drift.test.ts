import { describe, expect, it } from 'vitest';
import { compareShapes, type TableShape } from '../../src/version-guard/engine/schema-drift.js';

const shapes = (tables: Record<string, Partial<TableShape>>) =>
  new Map(Object.entries(tables).map(([name, s]) => [name, { columns: s.columns ?? [], indexes: s.indexes ?? [] }] as const));

const HEAD = shapes({
  agent: { columns: ['id', 'name', 'status'], indexes: ['idx_agent_status'] },
  workflow: { columns: ['id', 'agent_id'], indexes: ['idx_workflow_agent_id'] },
});

describe('compareShapes', () => {
  it('is empty when the live schema has exactly the expected tables, columns and indexes', () => {
    expect(compareShapes(HEAD, HEAD)).toEqual([]);
  });

  it('ignores the order of tables, columns and indexes', () => {
    const live = shapes({
      workflow: { columns: ['agent_id', 'id'], indexes: ['idx_workflow_agent_id'] },
      agent: { columns: ['status', 'id', 'name'], indexes: ['idx_agent_status'] },
    });
    expect(compareShapes(live, HEAD)).toEqual([]);
  });

  it('names a missing table once, not each of its columns', () => {
    const live = shapes({ agent: HEAD.get('agent')! });
    expect(compareShapes(live, HEAD)).toEqual(['table workflow: expected by the entities, missing in the database']);
  });

  it('names an extra table', () => {
    const live = shapes({ ...Object.fromEntries(HEAD), scratch: { columns: ['id'] } });
    expect(compareShapes(live, HEAD)).toEqual(['table scratch: in the database, not in the entities']);
  });

  it('names missing and extra columns as table.column', () => {
    const live = shapes({ agent: { columns: ['id', 'name', 'extra'], indexes: ['idx_agent_status'] }, workflow: HEAD.get('workflow')! });
    expect(compareShapes(live, HEAD)).toEqual([
      'column agent.extra: in the database, not in the entities',
      'column agent.status: expected by the entities, missing in the database',
    ]);
  });

  it('names missing and extra indexes as table.index', () => {
    const live = shapes({
      agent: { columns: ['id', 'name', 'status'], indexes: ['idx_agent_name'] },
      workflow: { columns: ['id', 'agent_id'], indexes: ['idx_workflow_agent_id'] },
    });
    expect(compareShapes(live, HEAD)).toEqual([
      'index agent.idx_agent_name: in the database, not in the entities',
      'index agent.idx_agent_status: expected by the entities, missing in the database',
    ]);
  });

  it('lists every difference of every kind, sorted', () => {
    const live = shapes({
      zeta: { columns: ['id'] },
      agent: { columns: ['id', 'status', 'b_extra', 'a_extra'], indexes: ['idx_agent_status', 'idx_agent_extra'] },
      alpha: { columns: ['id'] },
    });
    const expected = shapes({ ...Object.fromEntries(HEAD), user_profile: { columns: ['id'] } });
    const lines = compareShapes(live, expected);
    expect(lines).toEqual([
      'column agent.a_extra: in the database, not in the entities',
      'column agent.b_extra: in the database, not in the entities',
      'column agent.name: expected by the entities, missing in the database',
      'index agent.idx_agent_extra: in the database, not in the entities',
      'table alpha: in the database, not in the entities',
      'table user_profile: expected by the entities, missing in the database',
      'table workflow: expected by the entities, missing in the database',
      'table zeta: in the database, not in the entities',
    ]);
    expect(lines).toEqual([...lines].sort());
  });

  it('compares names exactly (a renamed column is one missing and one extra)', () => {
    const live = shapes({ agent: { columns: ['id', 'Name', 'status'], indexes: ['idx_agent_status'] }, workflow: HEAD.get('workflow')! });
    expect(compareShapes(live, HEAD)).toEqual([
      'column agent.Name: in the database, not in the entities',
      'column agent.name: expected by the entities, missing in the database',
    ]);
  });

  it('is empty for two empty schemas', () => {
    expect(compareShapes(new Map(), new Map())).toEqual([]);
  });
});

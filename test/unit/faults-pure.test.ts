import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalPath } from '../../src/version-guard/dialects/sqlite/canonical-path.js';
import { parseConfig } from '../../src/config/config.schema.js';
import { configMessages } from '../../src/version-guard/core/messages/index.js';
import { quoteInput, safeLine } from '../../src/version-guard/core/quote-input.js';
import { RevisionGraph } from '../../src/version-guard/core/revision-graph.js';
import type { RevisionInfo } from '../../src/version-guard/core/revision.js';
import { tempDir } from '../support/sqlite-files.js';

const hexId = (n: number) => n.toString(16).padStart(12, '0');

describe('revision graph with a very wide merge (point 5)', () => {
  it('answers every query for a revision with 150,000 parents without overflowing the stack', () => {
    const parents = Array.from({ length: 150_000 }, (_, i) => hexId(i + 1));
    const merge = 'ffffffffffff';
    const revisions: RevisionInfo[] = [...parents.map((id) => ({ id, parents: [], message: 'root', breaking: false })), { id: merge, parents, message: 'merge', breaking: false }];
    const graph = RevisionGraph.build(revisions);
    expect(graph.ancestors(merge).size).toBe(150_000);
    expect(graph.heads()).toEqual([merge]);
    expect(graph.currentHeads([merge, parents[0]])).toEqual([merge]);
    expect(graph.upgradePlan([])).toHaveLength(150_001);
    expect(graph.upgradePlan([merge])).toEqual([]);
    expect(graph.downgradePlan([merge, ...parents], null)).toHaveLength(150_001);
  });
});

describe('recorded revisions imply their ancestors (point 1)', () => {
  const graph = RevisionGraph.build([
    { id: 'aaaaaaaaaaaa', parents: [], message: 'a' },
    { id: 'bbbbbbbbbbbb', parents: ['aaaaaaaaaaaa'], message: 'b' },
    { id: 'cccccccccccc', parents: ['bbbbbbbbbbbb'], message: 'c' },
    { id: 'dddddddddddd', parents: ['cccccccccccc'], message: 'd' },
  ]);

  it('plans nothing below a recorded revision, whichever rows are missing', () => {
    expect(graph.upgradePlan(['cccccccccccc'])).toEqual(['dddddddddddd']);
    expect(graph.upgradePlan(['aaaaaaaaaaaa', 'cccccccccccc'])).toEqual(['dddddddddddd']);
    expect(graph.upgradePlan(['dddddddddddd'])).toEqual([]);
    expect(graph.stepsForward(['bbbbbbbbbbbb'], 1)).toEqual(['cccccccccccc']);
  });
});

describe('user input in error lines (point 11)', () => {
  it('is JSON-quoted, control characters escaped, cut to 80 characters plus an ellipsis', () => {
    expect(quoteInput('feat: ok')).toBe('"feat: ok"');
    expect(quoteInput('a\u001b[31mb\nc\u009bd')).toBe('"a\\u001b[31mb\\nc\\u009bd"');
    const long = 'x'.repeat(100_000);
    expect(quoteInput(long)).toBe(`"${'x'.repeat(80)}"…`);
  });

  it('a whole line keeps to one line and a bounded length', () => {
    expect(safeLine("unknown option '--a\nb\u001b'")).toBe("unknown option '--a\\nb\\u001b'");
    expect(safeLine('y'.repeat(5000))).toBe(`${'y'.repeat(600)}…`);
  });
});

describe('SQLite paths compared with links resolved (point 2)', () => {
  it('a link to a file that does not exist yet, and a linked directory, name the same file', () => {
    const dir = tempDir('canonical-');
    const agent = join(dir, 'data', 'agent.db');
    mkdirSync(join(dir, 'data'));
    symlinkSync(agent, join(dir, 'ops-link.db'));
    symlinkSync(join(dir, 'data'), join(dir, 'linked-dir'));
    expect(canonicalPath(join(dir, 'ops-link.db'))).toBe(canonicalPath(agent));
    expect(canonicalPath(join(dir, 'linked-dir', 'agent.db'))).toBe(canonicalPath(agent));
    expect(canonicalPath(join(dir, 'linked-dir', 'new', 'x.db'))).toBe(join(canonicalPath(join(dir, 'data')), 'new', 'x.db'));
    expect(canonicalPath(join(dir, 'data', 'ops.db'))).not.toBe(canonicalPath(agent));

    for (const ops of [join(dir, 'ops-link.db'), join(dir, 'linked-dir', 'agent.db')]) {
      const result = parseConfig({ DB_TYPE: 'sqlite', AGENT_DB_PATH: agent, OPS_DB_PATH: ops }, dir);
      expect(result).toEqual({ ok: false, issues: [{ key: 'OPS_DB_PATH', message: configMessages.sameLocation('AGENT_DB_PATH', 'OPS_DB_PATH') }] });
    }
  });
});

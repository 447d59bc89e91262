import { describe, expect, it } from 'vitest';
import { staleReason, type BuildStamp } from '../../src/scripts/build-stamp.js';

const built: BuildStamp = {
  node: 'v22.23.3',
  inputs: { 'src/main.ts': 'aa', 'tsconfig.json': 'bb' },
  outputs: { 'main.js': [120, 1000], 'src/main.js': [80, 1000] },
};
const now = (change: Partial<BuildStamp> = {}): BuildStamp => ({ ...built, ...change });

describe('staleReason: whether dist/ is still the build of the sources', () => {
  it('is null when the sources, the settings, Node and every output are as the build left them', () => {
    expect(staleReason(built, now())).toBeNull();
  });

  it('ignores files written into dist/ after the build (the app and the tests write none there, but a user may)', () => {
    expect(staleReason(built, now({ outputs: { ...built.outputs, 'notes.txt': [3, 2000] } }))).toBeNull();
  });

  it.each<[string, Partial<BuildStamp>, string]>([
    ['a source changed', { inputs: { ...built.inputs, 'src/main.ts': 'cc' } }, 'src/main.ts changed'],
    ['a source was added', { inputs: { ...built.inputs, 'src/extra.ts': 'dd' } }, 'src/extra.ts is new'],
    ['a source was removed', { inputs: { 'tsconfig.json': 'bb' } }, 'src/main.ts is gone'],
    ['another Node', { node: 'v24.1.0' }, 'built with Node v22.23.3, now v24.1.0'],
    ['an output was deleted', { outputs: { 'main.js': [120, 1000] } }, 'dist/src/main.js is gone'],
    ['an output was rewritten', { outputs: { ...built.outputs, 'main.js': [120, 1500] } }, 'dist/main.js was changed after the build'],
    ['an output changed size', { outputs: { ...built.outputs, 'main.js': [121, 1000] } }, 'dist/main.js was changed after the build'],
  ])('names what makes it stale: %s', (_case, change, reason) => {
    expect(staleReason(built, now(change))).toBe(reason);
  });

  it('is stale when no build was recorded (a fresh clone, or dist/ written by another tool)', () => {
    expect(staleReason(null, now())).toBe('no earlier build recorded in dist/');
  });
});

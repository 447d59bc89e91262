import { describe, expect, it } from 'vitest';
import { isAtLeast, MINIMUM_NODE } from '../../src/node-runtime.js';
import { runtimeMessages } from '../../src/version-guard/core/messages/index.js';

describe('the Node.js the project runs on', () => {
  it('compares versions part by part, as numbers', () => {
    expect(isAtLeast('22.18.0', '22.18.0')).toBe(true);
    expect(isAtLeast('v22.18.1', '22.18.0')).toBe(true);
    expect(isAtLeast('22.19.0', '22.18.0')).toBe(true);
    expect(isAtLeast('24.0.0', '22.18.0')).toBe(true);
    expect(isAtLeast('22.9.0', '22.18.0')).toBe(false);
    expect(isAtLeast('22.17.9', '22.18.0')).toBe(false);
    expect(isAtLeast('20.20.2', '22.18.0')).toBe(false);
    expect(isAtLeast('v18.0.0', '22.18.0')).toBe(false);
  });

  it('is the minimum package.json declares', async () => {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    expect(pkg.engines.node).toBe(`>=${MINIMUM_NODE}`);
  });

  it('names both versions and the way to a supported Node', () => {
    const text = runtimeMessages.unsupportedNode('20.20.2', MINIMUM_NODE, runtimeMessages.howToStartApp);
    expect(text).toContain(`needs Node.js ${MINIMUM_NODE} or newer; this is Node.js 20.20.2`);
    expect(text).toContain('npm run start:prod');
    expect(runtimeMessages.howToRunCli).toContain('npm run db -- <command>');
  });
});

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_MAIN, ROOT } from '../support/paths.js';

// the bundle `npm run build` writes for `node dist/main.js` (src/scripts/app-bundle.writer.ts)
const bundleFiles = () => [APP_MAIN, ...readdirSync(join(ROOT, 'dist', 'chunks')).filter((f) => f.endsWith('.js')).map((f) => join(ROOT, 'dist', 'chunks', f))];

describe('the app bundle', () => {
  it('is ASCII only, so that Node reads it on its fast path, and keeps the licence comments', () => {
    const files = bundleFiles();
    expect(files.length).toBeGreaterThan(10);
    const texts = files.map((file) => readFileSync(file, 'latin1'));
    const nonAscii = files.filter((_, i) => /[^\x00-\x7f]/.test(texts[i]));
    expect(nonAscii).toEqual([]);
    // non-ASCII text of the code itself is escaped, not lost: the guard's ✅ is there as \u2705
    expect(texts.some((text) => text.includes('\\u2705'))).toBe(true);
    expect(texts.some((text) => text.includes('@license'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { APP_MAIN, ROOT } from '../support/paths.js';

// the bundle `npm run build` writes for `node dist/main.js` (src/scripts/app-bundle.writer.ts)
const CHUNKS = join(ROOT, 'dist', 'chunks');
const bundleFiles = () => [APP_MAIN, ...readdirSync(CHUNKS).filter((f) => f.endsWith('.js')).map((f) => join(CHUNKS, f))];

const DRIVERS = { mysql: /from "mysql2(\/promise)?"/, sqlite: /from "better-sqlite3"/, postgresql: /from "pg"/ } as const;

/** The chunks a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`), not through `import()`. */
function staticImports(text: string): string[] {
  return [...text.matchAll(/^import\s*(?:[^;"'()]*?\sfrom\s*)?"\.\/([^"]+)";/gm)].map((match) => match[1]);
}

/** Every chunk `file` loads with it: itself and what it imports statically, transitively. */
function loadedWith(file: string, texts: ReadonlyMap<string, string>): Set<string> {
  const loaded = new Set<string>();
  const pending = [file];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (loaded.has(next)) continue;
    loaded.add(next);
    pending.push(...staticImports(texts.get(next) ?? ''));
  }
  return loaded;
}

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

  it("loads one dialect's driver with each dialect's chunks, never another's", () => {
    const texts = new Map(bundleFiles().map((file) => [basename(file), readFileSync(file, 'utf8')]));
    for (const [dialect, driver] of Object.entries(DRIVERS)) {
      const own = [...texts.keys()].filter((name) => driver.test(texts.get(name)!));
      expect(own.length, dialect).toBeGreaterThan(0);
      for (const chunk of own) {
        const loaded = [...loadedWith(chunk, texts)];
        for (const [other, otherDriver] of Object.entries(DRIVERS)) {
          if (other === dialect) continue;
          expect(loaded.filter((name) => otherDriver.test(texts.get(name)!)), `${chunk} loads the ${other} driver`).toEqual([]);
        }
      }
    }
  });
});

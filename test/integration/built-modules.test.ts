import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUILT_MIGRATIONS, ROOT } from '../support/paths.js';

// Vite rewrites the modules it transforms: imports become `__vite_ssr_import__` calls. Built
// JavaScript (dist/, and the fixtures and project copies in the scratch directory) must reach the
// engine as Node loads it for users, untransformed: see `builtJavaScript` in vitest.config.ts.
const TRANSFORMED = '__vite_ssr_';

async function moduleText(file: string): Promise<string> {
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return Object.values(module).map(String).join('\n');
}

describe('built JavaScript imported during the suite', () => {
  it('is loaded by Node as it is, from dist/ and from the scratch directory', async ({ onTestFinished }) => {
    const revisionBase = await moduleText(join(ROOT, 'dist', 'src', 'version-guard', 'revision-migration.js'));
    // the bundle's own code: its revisions' factories and the imports they share
    const { revisions } = (await import(pathToFileURL(join(BUILT_MIGRATIONS, 'sqlite', 'agent', 'revisions.bundle.js')).href)) as {
      revisions: Record<string, { load: () => unknown }>;
    };
    const bundle = Object.values(revisions).map((revision) => String(revision.load)).join('\n');
    expect(bundle).toContain('await (async (exports, module, require) =>');

    const dir = mkdtempSync(join(tmpdir(), 'built-modules-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const fixture = join(dir, 'fixture.js');
    writeFileSync(fixture, "import { join } from 'node:path';\nexport function joined() { return join('a', 'b'); }\n");
    const scratch = await moduleText(fixture);

    for (const text of [revisionBase, bundle, scratch]) {
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain(TRANSFORMED);
    }
    // the check can fail: a source module whose functions call an import is transformed
    expect(await moduleText(join(ROOT, 'test', 'support', 'commands.ts'))).toContain(TRANSFORMED);
  });
});

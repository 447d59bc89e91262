import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeRevisionBundle } from '../../src/scripts/revision-bundle.writer.js';
import { checksumOf, type ManifestEntry } from '../../src/version-guard/engine/revision-catalog.js';
import { BUNDLE_FILE } from '../../src/version-guard/engine/revision-bundle.js';

type Bundle = { revisions: Record<string, { checksum: string; load: () => Promise<Record<string, unknown>> }> };

async function entryFor(dir: string, file: string, id: string): Promise<ManifestEntry> {
  return { id, parents: [], message: 'feat: test', breaking: false, file, checksum: await checksumOf(join(dir, file)) };
}

async function loadBundle(dir: string, round: number): Promise<Bundle> {
  // a new URL each round: Node keeps every module it imported
  return (await import(`${pathToFileURL(join(dir, BUNDLE_FILE)).href}?round=${round}`)) as Bundle;
}

describe('the revision bundle of a migration set', () => {
  it('holds each revision as its file is now, also when the same process wrote the bundle before', async ({ onTestFinished }) => {
    const dir = mkdtempSync(join(tmpdir(), 'revision-bundle-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const write = (file: string, value: string) =>
      writeFileSync(join(dir, file), `import { join } from 'node:path';\nexport const value = ${JSON.stringify(value)};\nexport const path = join('a', 'b');\n`);

    write('aaaaaaaaaaaa_first.js', 'first');
    write('bbbbbbbbbbbb_second.js', 'second');
    const entries = async () => [await entryFor(dir, 'aaaaaaaaaaaa_first.js', 'aaaaaaaaaaaa'), await entryFor(dir, 'bbbbbbbbbbbb_second.js', 'bbbbbbbbbbbb')];
    expect(await writeRevisionBundle(dir, await entries())).toEqual({ bundled: 2, separate: 0 });
    const before = await loadBundle(dir, 1);
    expect(await before.revisions['aaaaaaaaaaaa_first.js'].load()).toMatchObject({ value: 'first', path: join('a', 'b') });

    // an edited revision is compiled again; the unchanged one is the same code
    write('aaaaaaaaaaaa_first.js', 'first, edited');
    const edited = await entries();
    expect(await writeRevisionBundle(dir, edited)).toEqual({ bundled: 2, separate: 0 });
    const after = await loadBundle(dir, 2);
    expect(after.revisions['aaaaaaaaaaaa_first.js'].checksum).toBe(edited[0].checksum);
    expect(await after.revisions['aaaaaaaaaaaa_first.js'].load()).toMatchObject({ value: 'first, edited' });
    expect(await after.revisions['bbbbbbbbbbbb_second.js'].load()).toMatchObject({ value: 'second', path: join('a', 'b') });
  });
});

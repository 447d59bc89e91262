import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeRevisionBundle } from '../src/scripts/revision-bundle.writer.js';
import { writeManifest } from '../src/version-guard/revision-catalog.js';

/** The built tree (`dist/`): synthetic sets live beside `dist/migrations/` so their imports resolve. */
const DIST = resolve(import.meta.dirname, '..');

/** A chain of `count` trivial revisions for each database, with manifests, as a build would make. */
export async function syntheticSets(count: number): Promise<{ root: string; ids: Record<'agent' | 'ops', string[]>; remove(): void }> {
  const root = join(DIST, `bench-sets-${randomBytes(4).toString('hex')}`);
  const ids = { agent: [] as string[], ops: [] as string[] };
  for (const database of ['agent', 'ops'] as const) {
    const dir = join(root, 'sqlite', database);
    mkdirSync(dir, { recursive: true });
    let parent: string | null = null;
    for (let i = 0; i < count; i++) {
      const id = randomBytes(6).toString('hex');
      writeFileSync(
        join(dir, `${id}_bench_${i}.js`),
        `import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';\n` +
          `export class Revision_${id} extends RevisionMigration {\n` +
          `  static revision = ${JSON.stringify({ id, parents: parent ? [parent] : [], message: `feat: bench ${i}` })};\n` +
          `  async up() { this.addSql('create table bench_${i} (id integer)'); }\n` +
          `  async down() { this.addSql('drop table bench_${i}'); }\n` +
          `}\n`,
      );
      ids[database].push(id);
      parent = id;
    }
    await writeRevisionBundle(dir, await writeManifest(dir));
  }
  return { root, ids, remove: () => rmSync(root, { recursive: true, force: true }) };
}

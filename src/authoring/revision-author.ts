import { authoringMessages, messages } from '../version-guard/core/messages/index.js';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AuthoringError } from './authoring.errors.js';
import { ALL_MIGRATION_SETS, migrationSetName, type MigrationSetId, type RevisionInfo } from '../version-guard/core/revision.js';
import type { RevisionCatalog, RevisionSetCode } from '../version-guard/engine/revision-catalog.js';
import { listRevisionFiles } from '../version-guard/engine/revision-modules.js';
import { isBreakingChange } from './breaking-change.js';
import { renderRevisionFile, revisionFileName } from './revision-file.js';
import { OfflineSchemaDiff } from './snapshot-diff.js';

export { AuthoringError, AuthoringInputError } from './authoring.errors.js';

/** What happened to one set. */
export interface SetOutcome {
  readonly set: string;
  readonly file: string | null;
  readonly note: string;
}

/**
 * Writes new revisions into the migration sources (`<project>/migrations/<dialect>/<database>/`),
 * reading each set's graph from the build and its head schema from its snapshot.
 */
export class RevisionAuthor {
  constructor(
    private readonly built: RevisionCatalog,
    private readonly sourceRoot: string,
    private readonly protectedTables: readonly string[],
  ) {}

  /** `revision`: one new revision per set that has changes (autogenerate) or per set (manual). */
  async revision(message: string, sets: readonly MigrationSetId[], manual: boolean): Promise<SetOutcome[]> {
    const prepared = await this.prepare(sets);
    // refuse before writing anything: a set with several heads needs a merge first
    for (const { code } of prepared) {
      const heads = code.graph.heads();
      if (heads.length > 1) {
        throw new AuthoringError(authoringMessages.severalHeads(code.name, heads), authoringMessages.severalHeadsHelp());
      }
    }
    const id = await this.newId();
    const outcomes: SetOutcome[] = [];
    for (const { set, code, dir } of prepared) {
      const heads = code.graph.heads();
      if (manual) {
        // the author knows what the revision will do; until they say otherwise, assume the worst
        const info: RevisionInfo = { id, parents: heads, message, breaking: true };
        outcomes.push(await this.write(set, dir, { info, dialect: set.dialect, up: [], down: [], manual: true }, authoringMessages.manualSkeleton()));
        continue;
      }
      const differ = await OfflineSchemaDiff.open(set.dialect, set.database, dir, this.protectedTables);
      try {
        const diff = await differ.diff();
        if (diff.up.length === 0) {
          outcomes.push({ set: code.name, file: null, note: authoringMessages.noChanges() });
          continue;
        }
        const info: RevisionInfo = { id, parents: heads, message, breaking: isBreakingChange(diff.up) };
        const note = authoringMessages.statements(diff.up.length, info.breaking);
        outcomes.push(await this.write(set, dir, { info, dialect: set.dialect, ...diff }, note));
        await differ.save();
      } finally {
        await differ.close();
      }
    }
    return outcomes;
  }

  /** `merge`: a merge revision for every chosen set that has several heads. */
  async merge(message: string, sets: readonly MigrationSetId[]): Promise<SetOutcome[]> {
    const prepared = await this.prepare(sets);
    const id = await this.newId();
    const outcomes: SetOutcome[] = [];
    for (const { set, code, dir } of prepared) {
      const heads = code.graph.heads();
      if (heads.length < 2) {
        outcomes.push({ set: code.name, file: null, note: authoringMessages.nothingToMerge() });
        continue;
      }
      // a merge revision changes nothing by itself
      const info: RevisionInfo = { id, parents: heads, message, breaking: false };
      outcomes.push(await this.write(set, dir, { info, dialect: set.dialect, up: [], down: [] }, authoringMessages.merges(heads)));
    }
    return outcomes;
  }

  // Validates every chosen set before anything is written: sources and build must agree.
  private async prepare(sets: readonly MigrationSetId[]) {
    const prepared: { set: MigrationSetId; code: RevisionSetCode; dir: string }[] = [];
    for (const set of sets) {
      const dir = join(this.sourceRoot, set.dialect, set.database);
      const code = await this.built.load(set);
      const sources = listRevisionFiles(dir).map((f) => f.replace(/\.ts$/, ''));
      const built = code.entries.map((entry) => entry.file.replace(/\.js$/, ''));
      if (sources.length !== built.length || sources.some((f) => !built.includes(f))) {
        throw new AuthoringError(authoringMessages.buildNotCurrent(code.name, dir), authoringMessages.buildNotCurrentHelp());
      }
      if (!existsSync(join(dir, 'schema-snapshot.json'))) {
        throw new AuthoringError(authoringMessages.noSnapshot(code.name), authoringMessages.noSnapshotHelp(join(dir, 'schema-snapshot.json')));
      }
      prepared.push({ set, code, dir });
    }
    return prepared;
  }

  private async write(set: MigrationSetId, dir: string, source: Parameters<typeof renderRevisionFile>[0], note: string): Promise<SetOutcome> {
    const file = join(dir, revisionFileName(source.info));
    await writeFile(file, renderRevisionFile(source), { flag: 'wx' });
    return { set: migrationSetName(set), file, note };
  }

  // One id for all sets of this command, unused in any of them.
  private async newId(): Promise<string> {
    for (;;) {
      const id = randomBytes(6).toString('hex');
      const taken = await Promise.all(ALL_MIGRATION_SETS.map(async (set) => (await this.built.load(set)).graph.has(id)));
      if (!taken.some(Boolean)) return id;
    }
  }
}

/** `<project>/migrations`: the sources next to the project's package.json. */
export function sourceMigrationsDir(from: string = import.meta.dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(messages.noPackageJson(from));
    dir = parent;
  }
  return join(dir, 'migrations');
}

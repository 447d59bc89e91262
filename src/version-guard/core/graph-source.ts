import { migrationSetName, type MigrationSetId } from './revision.js';
import type { OtherSet, RevisionPlace } from './messages/index.js';
import { UnknownRevisionError } from './revision-graph.errors.js';

/** Where a graph's revisions come from, so that its errors name the migration set and the files. */
export interface GraphSource {
  readonly set: MigrationSetId;
  /** A revision's file as errors show it (a path), from the `file` its revision carries. */
  readonly pathOf?: (file: string) => string;
  /** Another set of the same dialect that has `ref` (an id or a unique prefix), for an unknown reference. */
  readonly elsewhere?: (ref: string) => MigrationSetId | undefined;
}

/** The set and files of a graph's revisions, as its errors name them. */
export class GraphPlaces {
  /** The set's name; undefined when the graph was built without a source (its errors then name no set). */
  readonly set: string | undefined;
  private readonly files = new Map<string, string>();

  constructor(private readonly source?: GraphSource) {
    this.set = source ? migrationSetName(source.set) : undefined;
  }

  /** Remembers the file of a revision (the first one, for a duplicated id); its path is only worked out for an error. */
  note(id: string, file: string | undefined): void {
    if (file !== undefined && !this.files.has(id)) this.files.set(id, file);
  }

  fileOf(id: string): string | undefined {
    const file = this.files.get(id);
    return file === undefined ? undefined : this.path(file);
  }

  path(file: string): string {
    return this.source?.pathOf ? this.source.pathOf(file) : file;
  }

  place(id: string): RevisionPlace | undefined {
    return this.set === undefined ? undefined : { set: this.set, file: this.fileOf(id) };
  }

  unknown(ref: string, minPrefixLength?: number): UnknownRevisionError {
    const other = this.source?.elsewhere?.(ref);
    const otherSet: OtherSet | undefined = other && { set: migrationSetName(other), database: other.database };
    return new UnknownRevisionError(ref, minPrefixLength, this.set, otherSet);
  }
}

import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** v0.1.3 (also v0.1.4): no schema change in the ops database; the revision marks the release. */
export class Revision_f6e49cd8c97d extends RevisionMigration {
  static readonly revision = {
    id: 'f6e49cd8c97d',
    parents: ['b4f4c6589bc5'],
    message: 'feat: v0.1.3 update sqlite ops',
    breaking: false,
  } as const satisfies RevisionInfo;

  override up(): void {}

  override down(): void {}
}

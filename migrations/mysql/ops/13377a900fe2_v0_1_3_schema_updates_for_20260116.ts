import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';

/** v0.1.3 (also v0.1.4): no schema change in the ops database; the revision marks the release. */
export class Revision_13377a900fe2 extends RevisionMigration {
  static readonly revision = {
    id: '13377a900fe2',
    parents: ['80f110f929fc'],
    message: 'feat: v0.1.3 schema updates for develop-20260116',
    breaking: false,
  } as const satisfies RevisionInfo;

  override up(): void {}

  override down(): void {}
}

import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { addColumnSql, dropColumnSql } from '../../../src/database/ddl/render-ddl.js';
import { req, varchar } from '../../../src/database/ddl/table-spec.js';

const OBS_NAME = req('obs_name', varchar(1000), { default: "''" });

/** Knowledge base documents record their object storage (OBS) path. */
export class Revision_b2c3d4e5f6a7 extends RevisionMigration {
  static readonly revision = {
    id: 'b2c3d4e5f6a7',
    parents: ['8f4846812221'],
    message: 'feat: add obs_name to knowledge_base_document',
    breaking: false,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    const present = await this.columnExists('knowledge_base_document', OBS_NAME.name);
    if (!present) this.addSql(addColumnSql('sqlite', 'knowledge_base_document', OBS_NAME));
  }

  override async down(): Promise<void> {
    const present = await this.columnExists('knowledge_base_document', OBS_NAME.name);
    if (present) this.addSql(dropColumnSql('knowledge_base_document', OBS_NAME.name));
  }
}

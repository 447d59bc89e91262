import type { AbstractSqlConnection } from '@mikro-orm/sql';
import { adoptAlembic, type AlembicAdoption, type AlembicAliases } from '../core/alembic-adoption.js';
import { AlembicVersionStore } from './alembic-version.store.js';
import type { RevisionSetCode } from './revision-catalog.js';
import type { ChangeHooks } from './revision-runner.js';
import { BOOKKEEPING_TABLE, readQueryOf, type VersionRepository } from './version.repository.js';
import { type ReadableDatabase } from '../core/database-handle.js';
import { messages } from '../core/messages/index.js';

/**
 * A database's bookkeeping as the guard and Alembic keep it together: what counts as applied
 * (adopting `alembic_version` while the guard has recorded nothing), and, for a change, the
 * hooks that record the adoption and leave `alembic_version` at the new head(s).
 */
export class AlembicBookkeeping {
  private readonly store: AlembicVersionStore;

  constructor(
    db: ReadableDatabase,
    private readonly repo: VersionRepository,
    private readonly code: RevisionSetCode,
    private readonly aliases: AlembicAliases,
  ) {
    this.store = new AlembicVersionStore(readQueryOf(db), repo.inspector, () => {
      if (!('orm' in db)) throw new Error(messages.readOnlyOpened(db.name));
      return db.orm.em.getConnection() as AbstractSqlConnection;
    });
  }

  /** What is applied, adopted from Alembic where the guard has no record yet (reads only); `known`: the recorded history, when already read. */
  async read(known?: readonly string[] | null): Promise<AlembicAdoption> {
    const recorded = known !== undefined ? known : await this.repo.readApplied();
    return adoptAlembic({ recorded, alembic: await this.store.read(), graph: this.code.graph, aliases: this.aliases });
  }

  /** Runner hooks for a change; none for a database Alembic never tracked. */
  hooksFor(adoption: AlembicAdoption): ChangeHooks | undefined {
    if (adoption.adoptedFrom !== 'alembic') return undefined;
    return {
      adopt: adoption.toRecord.map((id) => {
        const { checksum, parents, breaking } = this.code.entry(id);
        return { revision: id, checksum, parents, breaking };
      }),
      afterChange: (trx) => this.store.syncTo(this.code.graph, BOOKKEEPING_TABLE, trx),
    };
  }
}

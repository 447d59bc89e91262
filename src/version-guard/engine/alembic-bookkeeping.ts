import { adoptAlembic, type AlembicAdoption, type AlembicAliases } from '../core/alembic-adoption.js';
import type { BookkeepingStore } from './bookkeeping/bookkeeping-store.js';
import type { RevisionSetCode } from './revision-catalog.js';
import type { ChangeHooks } from './revision-runner.js';

/**
 * A database's bookkeeping as the guard and Alembic keep it together: what counts as applied
 * (adopting `alembic_version` while the guard has recorded nothing), and, for a change, the
 * hooks that record the adoption and leave `alembic_version` at the new head(s).
 */
export class AlembicBookkeeping {
  constructor(
    private readonly store: BookkeepingStore,
    private readonly code: RevisionSetCode,
    private readonly aliases: AlembicAliases,
  ) {}

  /** What is applied, adopted from Alembic where the guard has no record yet (reads only); `known`: the recorded history, when already read. */
  async read(known?: readonly string[] | null): Promise<AlembicAdoption> {
    const recorded = known !== undefined ? known : await this.store.readApplied();
    return adoptAlembic({ recorded, alembic: await this.store.readAlembicVersion(), graph: this.code.graph, aliases: this.aliases });
  }

  /** Runner hooks for a change; none for a database Alembic never tracked. */
  hooksFor(adoption: AlembicAdoption): ChangeHooks | undefined {
    if (adoption.adoptedFrom !== 'alembic') return undefined;
    return {
      adopt: adoption.toRecord.map((id) => {
        const { checksum, parents, breaking } = this.code.entry(id);
        return { revision: id, checksum, parents, breaking };
      }),
      afterChange: (trx) => this.store.syncAlembicVersion(this.code.graph, trx),
    };
  }
}

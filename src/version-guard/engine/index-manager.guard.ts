import type { IndexManagerType } from '../../config/app-config.js';
import { GuardError } from '../core/errors.js';
import { type ManagedDatabase } from '../core/database-handle.js';
import { BookkeepingStore } from './bookkeeping/bookkeeping-store.js';
import { messages } from '../core/messages/index.js';

const KEY = 'index_manager_type';

/** INDEX_MANAGER_TYPE differs from the one this deployment's data was created with. */
export class IndexManagerChangedError extends GuardError {
  readonly code = 'index_manager_changed';

  constructor(readonly recorded: string, readonly configured: string) {
    super(messages.indexManagerChanged(recorded, configured), messages.indexManagerChangedHelp(recorded, configured), 'agent');
  }
}

/** Records the vector store kind in the agent database and refuses a later change. */
export class IndexManagerGuard {
  private readonly store: BookkeepingStore;

  constructor(agent: ManagedDatabase) {
    this.store = new BookkeepingStore(agent);
  }

  /** The recorded kind, or null before the first start (reads only). */
  recorded(): Promise<string | null> {
    return this.store.readSetting(KEY);
  }

  /** The error to refuse with when the configured kind differs from the recorded one (pure). */
  static problem(recorded: string | null, configured: IndexManagerType): IndexManagerChangedError | null {
    return recorded !== null && recorded !== configured ? new IndexManagerChangedError(recorded, configured) : null;
  }

  /** Records `configured` when nothing is recorded yet (first start). */
  async recordIfFirst(configured: IndexManagerType): Promise<boolean> {
    if ((await this.recorded()) !== null) return false;
    await this.store.recordSettingOnce(KEY, configured);
    return true;
  }
}

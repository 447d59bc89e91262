import type { ManagedDatabase } from '../../version-guard/core/database-handle.js';
import { cliMessages, messages } from '../../version-guard/core/messages/index.js';
import { migrationSetName } from '../../version-guard/core/revision.js';
import type { ChangeListener } from '../../version-guard/engine/change-operation.js';
import type { CommandEnv } from '../command-env.js';

/** What a changing command prints as the change goes: one line per step, waits on stderr. */
export function changePrinter(env: CommandEnv, db: ManagedDatabase, action: 'upgrading' | 'downgrading' = 'upgrading'): ChangeListener {
  return {
    lockWait: (holder) => env.err(messages.waitingForLock(db.name, holder)),
    unchanged: (status) => env.out(messages.nothingToApply(db.name, status.current)),
    backedUp: (file) => env.out(messages.backedUp(db.name, file, action)),
    planned: (from, to, revisions) => env.out(messages.upgradePlan(db.name, from, to, revisions.length)),
    revisionDone: (id, message, ms) =>
      env.out(action === 'upgrading' ? messages.revisionApplied(db.name, id, message, ms) : messages.reverted(db.name, id, message, ms)),
    stamped: (target, added, removed) => env.out(messages.stampedTo(db.name, target ?? 'base', added.length, removed.length)),
    repaired: (changed) => env.out(cliMessages.repaired(db.name, migrationSetName({ dialect: db.dialect, database: db.name }), changed)),
    finished: (after) => env.out(cliMessages.nowAt(db.name, after.current)),
  };
}

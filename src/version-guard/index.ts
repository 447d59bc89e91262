/** The version guard's public face: the Nest module, the engine it shares with the CLI, and what they report. */
export { VersionGuardModule, MANAGED_DATABASES, DATABASES_VERIFIED, type VersionGuardOptions } from './nest/version-guard.module.js';
export { VersionEngine } from './engine/version-engine.js';
export { VersionGuardService } from './nest/version-guard.service.js';
export { BootProgress, type UpgradeProgress } from './nest/boot-progress.js';
export { RevisionMigration, type RevisionClass } from './engine/revision-migration.js';
export { DATABASE_NAMES, DIALECTS, type DatabaseName, type Dialect, type RevisionInfo } from './core/revision.js';
export { DATABASE_STATES, toStatusJson, type DatabaseState, type DatabaseStatus } from './core/database-status.js';
export { GuardError } from './core/errors.js';
export { DatabaseRefusedError, UpgradeLockTimeoutError } from './core/guard.errors.js';
export { StartupRefusedError, UpgradeFailedError, DatabaseUnreachableError } from './core/startup.errors.js';
export { renderGuardError } from './core/render-error.js';

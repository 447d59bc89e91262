/** The version guard's public face: the Nest module, the engine it shares with the CLI, and what they report. */
export { VersionGuardModule, MANAGED_DATABASES, DATABASES_VERIFIED, type VersionGuardOptions } from './version-guard.module.js';
export { VersionEngine } from './version-engine.js';
export { VersionGuardService } from './version-guard.service.js';
export { BootProgress, type UpgradeProgress } from './boot-progress.js';
export { RevisionMigration, type RevisionClass } from './revision-migration.js';
export { DATABASE_NAMES, DIALECTS, type DatabaseName, type Dialect, type RevisionInfo } from './revision.js';
export { DATABASE_STATES, toStatusJson, type DatabaseState, type DatabaseStatus } from './database-status.js';
export { GuardError } from './errors.js';
export { DatabaseRefusedError, UpgradeLockTimeoutError } from './guard.errors.js';
export { StartupRefusedError, UpgradeFailedError, DatabaseUnreachableError } from './startup.errors.js';
export { renderGuardError } from './render-error.js';

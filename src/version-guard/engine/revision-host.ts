/**
 * Modules of the running app that revision files import, by their path under `src/`. The bundled
 * app (`dist/main.js`) hands revisions its own copies through the migration sets' revision
 * bundles, so an upgrade does not load the engine and MikroORM a second time from `dist/src/`.
 * Without them (the CLI, tests, `nest start`), revisions import the files themselves.
 */
export type RevisionHostModules = Readonly<Record<string, () => Promise<object>>>;

/** Where the handoff is kept: a global, since revision bundles are modules the app did not bundle. */
export const REVISION_HOST_KEY = 'db-version-guard.revision-host-modules';

/** Every runtime module under `src/` that a shipped revision imports. */
export const REVISION_HOST_MODULES: RevisionHostModules = {
  'version-guard/revision-migration.js': () => import('./revision-migration.js'),
  'database/ddl/render-ddl.js': () => import('../../database/ddl/render-ddl.js'),
  'database/ddl/sqlite-live-table.js': () => import('../../database/ddl/sqlite-live-table.js'),
  'database/ddl/sqlite-rebuild.js': () => import('../../database/ddl/sqlite-rebuild.js'),
  'database/ddl/table-plan.js': () => import('../../database/ddl/table-plan.js'),
  'database/ddl/table-spec.js': () => import('../../database/ddl/table-spec.js'),
};

/** Hands `modules` to the revision bundles this process loads from now on. */
export function provideRevisionModules(modules: RevisionHostModules = REVISION_HOST_MODULES): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for(REVISION_HOST_KEY)] = modules;
}

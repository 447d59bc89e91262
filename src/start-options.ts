/** What the app's own command line asks of this start (the Nest CLI forwards what follows `--`). */
export interface StartOptions {
  /** `--migrate`: this start runs under policy `auto`. */
  readonly migrate: boolean;
  /** `--migrate-only`: run the guard under `auto`, then exit without serving (a deploy job). */
  readonly migrateOnly: boolean;
}

/** Reads the start flags from `argv` (pure). */
export function parseStartOptions(argv: readonly string[]): StartOptions {
  const migrateOnly = argv.includes('--migrate-only');
  return { migrateOnly, migrate: migrateOnly || argv.includes('--migrate') };
}

/** The operator command line for a CLI command on one database, as printed in help texts. */
export function cliCommand(command: string, database: string): string {
  return `npm run db -- ${command} --db ${database}`;
}

/** Placeholder: shared servers (MariaDB) are started here by later suites. */
export default async function setup(): Promise<void> {}

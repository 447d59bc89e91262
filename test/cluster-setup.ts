import type { TestProject } from 'vitest/node';
import { galeraUnavailable, launchGaleraCluster } from './support/galera-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URLs (`mysql://root@127.0.0.1:port`) of the three Galera nodes, or null when no cluster can run here. */
    galeraNodes: { url: string; pidFile: string }[] | null;
    /** Says `ready` once the cluster is up, or why it failed (see `waitForGalera`). */
    galeraStatusFile: string | null;
  }
}

const LOUD = (text: string) => `\n${'!'.repeat(78)}\n${text}\n${'!'.repeat(78)}\n`;

/** Starts the private 3-node Galera cluster for the `cluster` project; in CI it must run. */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // the cluster's scenarios reuse MariaDB helpers, but this project has no single server
  project.provide('mysqlServerUrl', null);
  project.provide('postgresServerUrl', null);
  const missing = galeraUnavailable();
  if (missing) {
    if (process.env.CI) throw new Error(`the Galera cluster suites cannot run in CI: ${missing}`);
    process.stderr.write(LOUD(`SKIPPING THE GALERA CLUSTER SUITES: ${missing}.`));
    project.provide('galeraNodes', null);
    project.provide('galeraStatusFile', null);
    return undefined;
  }
  // the other test files run while the nodes start; the cluster's tests wait for them
  const cluster = await launchGaleraCluster();
  const stopOnExit = () => void cluster.stop();
  process.once('SIGINT', stopOnExit);
  process.once('SIGTERM', stopOnExit);
  project.provide('galeraNodes', cluster.nodes.map((n) => ({ url: n.url, pidFile: n.pidFile })));
  project.provide('galeraStatusFile', cluster.statusFile);
  return async () => {
    process.off('SIGINT', stopOnExit);
    process.off('SIGTERM', stopOnExit);
    await cluster.stop();
  };
}

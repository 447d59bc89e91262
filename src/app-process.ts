// The app as a process: `startApp` wired to its arguments, environment and exit status (loaded by main.ts).
import 'reflect-metadata';
import { startApp } from './app-start.js';
import { loadConfig } from './config/load-config.js';
import { provideRevisionModules } from './version-guard/engine/revision-host.js';

// revisions applied by this process use the app's own engine and MikroORM (one copy when bundled)
provideRevisionModules();

const outcome = await startApp(process.argv.slice(2), { config: () => loadConfig(), shutdownHooks: true });
// exit explicitly once stderr is flushed: connection pools opened before a refusal would keep the process alive
if ('exitCode' in outcome) process.stderr.write('', () => process.exit(outcome.exitCode));

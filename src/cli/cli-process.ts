// The CLI as a process: `runDb` wired to its arguments, output and exit status (loaded by main.ts).
import 'reflect-metadata';
import { loadConfig } from '../config/load-config.js';
import { runDb } from './program.js';

process.exitCode = await runDb(process.argv.slice(2), {
  config: () => loadConfig(),
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
});

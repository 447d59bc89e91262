import { enableCompileCache } from 'node:module';

// Node's compile cache (README, "Start time"), turned on before the CLI's modules load: a static
// import would load them first
enableCompileCache();
await import('./cli-process.js');

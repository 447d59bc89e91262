import { enableCompileCache } from 'node:module';

// Node's compile cache (README, "Start time"), turned on before the app's modules load: a static
// import would load them first
enableCompileCache();
await import('./app-process.js');

import { cacheCompiledCode } from '../compile-cache.js';

// before the CLI's modules load: a static import would load them first
cacheCompiledCode();
await import('./cli-process.js');

import { cacheCompiledCode } from './compile-cache.js';

// before the app's modules load: a static import would load them first
cacheCompiledCode();
await import('./app-process.js');

import * as nodeModule from 'node:module';
import { exitUnlessSupportedNode } from '../node-runtime.js';

// before anything that needs a newer Node: a clear line instead of a SyntaxError (which is why
// `node:module` is imported whole: a named import of enableCompileCache fails to link on Node 20)
exitUnlessSupportedNode('cli');
// Node's compile cache (README, "Start time"), turned on before the CLI's modules load: a static
// import would load them first
nodeModule.enableCompileCache();
await import('./cli-process.js');

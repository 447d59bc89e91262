// The one catalogue of every text a user reads: pure functions returning strings, one file per topic.
export { messages } from './boot.messages.js';
export { faultMessages } from './faults.messages.js';
export { graphMessages, type OtherSet, type RevisionPlace } from './graph.messages.js';
export { configMessages } from './config.messages.js';
export { cliMessages } from './cli.messages.js';
export { authoringMessages } from './authoring.messages.js';
export { lockMessages } from './locks.messages.js';
export { buildMessages } from './build.messages.js';
export { cliCommand } from './cli-command.js';
export { runtimeMessages } from './runtime.messages.js';

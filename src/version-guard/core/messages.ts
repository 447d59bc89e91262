/** The catalogue's former import path; import from `./messages/index.js`. */
export { messages } from './messages/index.js';

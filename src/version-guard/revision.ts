// The migration API's types, at the path every revision file imports. That path is part of each
// compiled revision, whose checksum databases record: it must not move.
export * from './core/revision.js';

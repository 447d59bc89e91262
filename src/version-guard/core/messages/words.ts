/** `3 revisions`, `1 revision`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Revision ids separated by commas, or `(none)`. */
export const idsOrNone = (ids: readonly string[]) => (ids.length > 0 ? ids.join(', ') : '(none)');

/** `3 revisions`, `1 revision`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Revision ids separated by commas, or `(none)`. */
export const idsOrNone = (ids: readonly string[]) => (ids.length > 0 ? ids.join(', ') : '(none)');

/** At most ten names, then how many more. */
export function listSome(names: readonly string[], shown = 10): string {
  const more = names.length - shown;
  return names.slice(0, shown).join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/** Longest piece of user input echoed back in an error line. */
export const MAX_ECHOED_CHARS = 80;

/**
 * User input as it may appear in a one-line error: JSON-quoted (so control characters, escape
 * sequences and newlines show as escapes, never reach the terminal raw) and cut to
 * `MAX_ECHOED_CHARS` characters followed by `…`.
 */
export function quoteInput(text: string): string {
  const chars = [...text];
  const cut = chars.length > MAX_ECHOED_CHARS ? chars.slice(0, MAX_ECHOED_CHARS).join('') : text;
  return escapeControls(JSON.stringify(cut)) + (cut === text ? '' : '…');
}

/** A whole line that may contain user input: control characters escaped, length bounded. */
export function safeLine(text: string, max = 600): string {
  const escaped = escapeControls(text.replace(/\r?\n/g, '\\n'));
  const chars = [...escaped];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : escaped;
}

// JSON.stringify leaves DEL and the C1 controls (such as the 8-bit CSI) as they are
function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Longest piece of request text a log line carries. */
const MAX_CHARS = 300;

/**
 * Request text made safe for a one-line log: control characters (newlines above all, which
 * would let a client write a line of its own), line separators and backslashes become escapes;
 * long text is cut.
 */
export function logText(text: string, max = MAX_CHARS): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return cut.replace(/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) =>
    ch === '\\' ? '\\\\' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

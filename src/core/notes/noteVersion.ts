/**
 * The version of a note file's text: a short hash that a paper view gets with the notes it shows and sends back
 * with an edit, so the host can tell whether the file changed since the view last saw it. Not cryptographic: it
 * only has to tell apart the few versions of one file that are in play at a time.
 */

/** `''` for a file that does not exist; otherwise two independent 32-bit hashes and the length, in hex. */
export function noteVersion(text: string | undefined): string {
  if (text === undefined) return '';
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${hex(h1)}${hex(h2)}-${text.length.toString(16)}`;
}

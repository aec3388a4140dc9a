/**
 * Escaping plain text (a quoted passage, a heading) into Markdown that shows it literally, and back.
 *
 * The pair must be exact inverses, because a note's quote is stored as a blockquote and read back as
 * the anchor's `exact` text. CommonMark lets a backslash escape any ASCII punctuation, so unescaping is
 * "drop a backslash before ASCII punctuation"; escaping doubles every backslash and escapes the
 * characters that would otherwise format, link or hide text. A hand-written `\x` (x not punctuation)
 * reads back unchanged.
 */

/** Characters escaped wherever they are. `$` because GitHub renders `$…$` as math. */
const ALWAYS = /[\\`*_[\]<>|~&$]/g;
/** In headings `#` too, so no part of the text is read as a closing sequence. */
const ALWAYS_IN_HEADING = /[\\`*_[\]<>|~&$#]/g;

/** Escapes one line of plain text so Markdown shows it as written. */
export function escapeMarkdownLine(line: string, always: RegExp = ALWAYS): string {
  let out = line.replace(always, (ch) => `\\${ch}`);
  // At the start of a line these open headings, lists, or setext underlines.
  out = out.replace(/^([ \t]*)([#+\-=])/, '$1\\$2');
  out = out.replace(/^([ \t]*\d{1,9})([.)])/, '$1\\$2');
  return out;
}

/** Escapes text inside a line (link text, a name list): no line-start rules. */
export function escapeMarkdownInline(text: string): string {
  return text.replace(ALWAYS, (ch) => `\\${ch}`);
}

/** Escapes text for a heading line: one line, and `#` anywhere so no closing sequence is read. */
export function escapeMarkdownHeading(text: string): string {
  return escapeMarkdownLine(text.replace(/[\r\n]+/g, ' '), ALWAYS_IN_HEADING);
}

/** Removes Markdown backslash escapes (a backslash before ASCII punctuation). */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/**
 * The machine-readable anchor line of a note: an HTML comment, invisible on GitHub and in previews,
 *
 *     <!-- marginalia:note id=k3j2m9qa kind=quote prefix="we find that " suffix=" improves" -->
 *
 * Attributes are `name=value`; a value is bare when it is made of safe characters, otherwise a JSON
 * string. JSON strings are one line whatever they contain, and we write `--` inside them as
 * `-\u002d`, so no value can end the comment early (`-->`) or make it invalid HTML.
 */

export interface AnchorAttribute {
  readonly name: string;
  readonly value: string;
}

export interface ParsedAnchor {
  readonly attributes: readonly AnchorAttribute[];
  /** Parts of the comment that could not be read; the note is still read from what could. */
  readonly problems: readonly string[];
}

// The end of the line (`-->` and the blanks around it) is found by hand: a lazy `(.*?)[ \t]*-->[ \t]*$` after the
// prefix retries the rest of the line from every blank, which is quadratic on a long line of spaces.
const ANCHOR_PREFIX = /^ {0,3}<!--[ \t]*marginalia:note/;
// `s` flag: a value may hold U+2028 (JSON does not escape it), which `.` would not match.
const ATTRIBUTE = /[ \t]*([A-Za-z][A-Za-z0-9_-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)/sy;
const BARE_VALUE = /^[A-Za-z0-9_.:/@+,;]+(?:-[A-Za-z0-9_.:/@+,;]+)*$/;

/** A blank of a Markdown line (a space or a tab). */
export const isSpaceOrTab = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * The attribute text of an anchor line, between `marginalia:note` and `-->` without the blanks around it, or
 * undefined when the line is not an anchor. The attributes must be set off from `marginalia:note` by a blank.
 */
function anchorInner(line: string): string | undefined {
  const prefix = ANCHOR_PREFIX.exec(line);
  if (!prefix) return undefined;
  let end = line.length;
  while (isSpaceOrTab(line[end - 1])) end--;
  const close = end - 3;
  if (close < prefix[0].length || !line.startsWith('-->', close)) return undefined;
  let start = prefix[0].length;
  if (start === close) return '';
  if (!isSpaceOrTab(line[start])) return undefined;
  while (start < close && isSpaceOrTab(line[start])) start++;
  let stop = close;
  while (stop > start && isSpaceOrTab(line[stop - 1])) stop--;
  return line.slice(start, stop);
}

/** Whether a line (without its line break) is a note anchor. */
export function isAnchorLine(line: string): boolean {
  return anchorInner(line) !== undefined;
}

/** Reads the attributes of an anchor line, or undefined when the line is not one. */
export function parseAnchorLine(line: string): ParsedAnchor | undefined {
  const inner = anchorInner(line);
  if (inner === undefined) return undefined;
  const attributes: AnchorAttribute[] = [];
  const problems: string[] = [];
  ATTRIBUTE.lastIndex = 0;
  let position = 0;
  while (position < inner.length) {
    ATTRIBUTE.lastIndex = position;
    const attr = ATTRIBUTE.exec(inner);
    if (!attr) {
      problems.push(`unreadable text in the note anchor: ${inner.slice(position).trim()}`);
      break;
    }
    position = ATTRIBUTE.lastIndex;
    const [, name, raw] = attr as unknown as [string, string, string];
    if (raw.startsWith('"')) {
      try {
        attributes.push({ name, value: JSON.parse(raw) as string });
      } catch {
        problems.push(`the value of ${name} in the note anchor is not a valid quoted string`);
      }
    } else {
      attributes.push({ name, value: raw });
    }
  }
  return { attributes, problems };
}

/** Encodes one value: bare when safe, else a JSON string with `--` broken up. */
export function encodeAnchorValue(value: string): string {
  if (BARE_VALUE.test(value)) return value;
  return JSON.stringify(value).replace(/--/g, '-\\u002d');
}

/** The anchor line for a list of attributes (no line break). */
export function renderAnchorLine(attributes: readonly AnchorAttribute[]): string {
  const parts = attributes.map((a) => `${a.name}=${encodeAnchorValue(a.value)}`);
  return `<!-- marginalia:note ${parts.join(' ')} -->`;
}

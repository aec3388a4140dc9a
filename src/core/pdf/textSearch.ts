/**
 * Find in a PDF, over pdf.js text content. A page's text items (one per run of text, with `hasEOL` at line ends)
 * are joined into one searchable string, with a map from every character of it back to the item and character
 * it came from, so a match can be drawn over the text layer's spans (one span per item).
 *
 * Normalisation makes searching forgiving the way readers expect: runs of white space are one space, a line end
 * is a space, a word hyphenated across a line end is joined again, ligatures are split (`ﬁ` → `fi`), and case and
 * accents are ignored unless asked for.
 */

/** The part of a pdf.js `TextItem` this needs. */
export interface TextItemLike {
  readonly str: string;
  readonly hasEOL?: boolean;
}

export interface SearchOptions {
  readonly matchCase?: boolean;
  readonly matchDiacritics?: boolean;
}

/** A position in the text content: an item and a character offset in its `str` (may equal its length). */
export interface ItemPosition {
  readonly item: number;
  readonly offset: number;
}

export interface PageText {
  /** The normalised text. */
  readonly text: string;
  /** For each character of `text`, the item it came from. */
  readonly items: Uint32Array;
  /** For each character of `text`, the offset in that item's `str`. */
  readonly offsets: Uint32Array;
}

/** A match on a page: `[start, end)` in `PageText.text`, and the item range it covers (end exclusive). */
export interface PageMatch {
  readonly start: number;
  readonly end: number;
  readonly from: ItemPosition;
  readonly to: ItemPosition;
}

const SPACE = /\s/u;
const MARK = /\p{M}/u;
const HYPHENS = new Set(['-', '\u00ad', '\u2010', '\u2011']);
const LETTER = /\p{L}/u;

/** How one source character reads in search text (possibly several characters, possibly none). */
function normalizeChar(ch: string, options: SearchOptions): string {
  let out = ch.normalize(options.matchDiacritics ? 'NFKC' : 'NFKD');
  if (!options.matchDiacritics) {
    let kept = '';
    for (const c of out) if (!MARK.test(c)) kept += c;
    out = kept;
  }
  return options.matchCase ? out : out.toLowerCase();
}

/** Normalises a query the way page text is normalised (without line ends to care about). */
export function normalizeQuery(query: string, options: SearchOptions = {}): string {
  let out = '';
  for (const ch of query) {
    if (SPACE.test(ch)) {
      if (out.length > 0 && !out.endsWith(' ')) out += ' ';
      continue;
    }
    out += normalizeChar(ch, options);
  }
  return out.trimEnd();
}

/** Builds the searchable text of a page. */
export function buildPageText(items: readonly TextItemLike[], options: SearchOptions = {}): PageText {
  let text = '';
  const itemMap: number[] = [];
  const offsetMap: number[] = [];
  const push = (s: string, item: number, offset: number) => {
    for (let k = 0; k < s.length; k++) {
      itemMap.push(item);
      offsetMap.push(offset);
    }
    text += s;
  };
  const pushSpace = (item: number, offset: number) => {
    if (text.length > 0 && !text.endsWith(' ')) push(' ', item, offset);
  };
  for (let i = 0; i < items.length; i++) {
    const str = items[i]!.str;
    // Iterate by code point so a surrogate pair stays one source character; offsets stay UTF-16 (DOM offsets).
    let offset = 0;
    for (const ch of str) {
      if (SPACE.test(ch)) pushSpace(i, offset);
      else push(normalizeChar(ch, options), i, offset);
      offset += ch.length;
    }
    if (items[i]!.hasEOL) {
      const last = text[text.length - 1];
      const nextFirst = nextChar(items, i + 1);
      if (last !== undefined && HYPHENS.has(last) && nextFirst !== undefined && LETTER.test(nextFirst) && LETTER.test(text[text.length - 2] ?? '')) {
        // "atten-" + line end + "tion": drop the hyphen so "attention" is found.
        text = text.slice(0, -1);
        itemMap.pop();
        offsetMap.pop();
      } else pushSpace(i, str.length);
    }
  }
  return { text, items: Uint32Array.from(itemMap), offsets: Uint32Array.from(offsetMap) };
}

function nextChar(items: readonly TextItemLike[], from: number): string | undefined {
  for (let i = from; i < items.length; i++) {
    const m = /\S/u.exec(items[i]!.str);
    if (m) return m[0];
  }
  return undefined;
}

/** Where a `[start, end)` range of page text lies in the items. */
export function itemRange(page: PageText, start: number, end: number): { from: ItemPosition; to: ItemPosition } {
  const last = Math.max(start, end - 1);
  const toItem = page.items[last] ?? 0;
  const fromItem = page.items[start] ?? toItem;
  return {
    from: { item: fromItem, offset: page.offsets[start] ?? 0 },
    // The end is just past the last source character (a character that expanded maps wholly into the match).
    to: { item: toItem, offset: (page.offsets[last] ?? 0) + 1 },
  };
}

/** All non-overlapping matches of an already normalised query in a page. */
export function findInPage(page: PageText, normalizedQuery: string): PageMatch[] {
  if (!normalizedQuery) return [];
  const matches: PageMatch[] = [];
  let at = page.text.indexOf(normalizedQuery);
  while (at >= 0) {
    const end = at + normalizedQuery.length;
    matches.push({ start: at, end, ...itemRange(page, at, end) });
    at = page.text.indexOf(normalizedQuery, end);
  }
  return matches;
}

/** The index in `text` of the first character at or after an item position (for mapping a selection). */
export function textIndexAt(page: PageText, position: ItemPosition): number {
  let lo = 0;
  let hi = page.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const item = page.items[mid]!;
    const before = item < position.item || (item === position.item && page.offsets[mid]! < position.offset);
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Readable text (case and accents kept) of the items between two positions, plus context around it. */
export function quoteBetween(
  items: readonly TextItemLike[],
  from: ItemPosition,
  to: ItemPosition,
  contextChars = 32,
): { exact: string; prefix: string; suffix: string } {
  const page = buildPageText(items, { matchCase: true, matchDiacritics: true });
  const start = textIndexAt(page, from);
  const end = Math.max(start, textIndexAt(page, to));
  return {
    exact: page.text.slice(start, end).trim(),
    prefix: page.text.slice(Math.max(0, start - contextChars), start).trimStart(),
    suffix: page.text.slice(end, end + contextChars).trimEnd(),
  };
}

/** The match to go to from a position: the first strictly after it (wrapping), or backwards the last before it. */
export function nextMatchIndex(
  matches: readonly { readonly page: number; readonly start: number }[],
  from: { readonly page: number; readonly start: number },
  backwards: boolean,
): number {
  if (matches.length === 0) return -1;
  const cmp = (m: { page: number; start: number }) => m.page - from.page || m.start - from.start;
  if (!backwards) {
    const i = matches.findIndex((m) => cmp(m) > 0);
    return i < 0 ? 0 : i;
  }
  for (let i = matches.length - 1; i >= 0; i--) if (cmp(matches[i]!) < 0) return i;
  return matches.length - 1;
}

/**
 * Reading a `.bib` file for a merge: every entry with its key, its fields and where each sits in the text, so an
 * edit can splice one value and leave every other byte (comments, hand formatting, entries Marginalia does not know)
 * as it was. This is the one place the merge reads BibTeX; a fuller parser can replace it behind `readBibliography`.
 *
 * Tolerant: an entry it cannot read is skipped (left alone in the text), never an error.
 */

export interface BibField {
  /** The field name as written. */
  readonly name: string;
  /** The value: inside the braces or quotes for a single delimited value, else the raw text (`2023`, `jan # " 1"`). */
  readonly value: string;
  /** Offset of the name. */
  readonly start: number;
  /** Offset just after the name. */
  readonly nameEnd: number;
  /** The value's raw text spans `[valueStart, end)`, delimiters included. */
  readonly valueStart: number;
  readonly end: number;
}

export interface BibEntry {
  /** Entry type in lower case (`misc`, `article`). */
  readonly type: string;
  readonly key: string;
  /** Offset of the `@`. */
  readonly start: number;
  /** Offset just after the key's comma (or the key, when no comma follows). */
  readonly bodyStart: number;
  /** Offset of the closing brace or parenthesis. */
  readonly close: number;
  readonly fields: readonly BibField[];
}

const SKIPPED_TYPES = new Set(['comment', 'preamble', 'string']);

/** The entries of a `.bib` text, in order. */
export function readBibliography(text: string): BibEntry[] {
  const entries: BibEntry[] = [];
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at === -1) break;
    const parsed = readEntry(text, at);
    if (parsed.entry) entries.push(parsed.entry);
    i = Math.max(parsed.next, at + 1);
  }
  return entries;
}

/** The offset after a balanced `{…}` starting at `open`, or -1. */
function skipBraces(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function readEntry(text: string, at: number): { entry?: BibEntry; next: number } {
  const typeMatch = /^@\s*([A-Za-z][\w-]*)\s*([{(])/.exec(text.slice(at, at + 80));
  if (!typeMatch) return { next: at + 1 };
  const type = typeMatch[1]!.toLowerCase();
  const openAt = at + typeMatch[0].length - 1;
  const closer = typeMatch[2] === '{' ? '}' : ')';
  if (SKIPPED_TYPES.has(type)) {
    const end = typeMatch[2] === '{' ? skipBraces(text, openAt) : text.indexOf(')', openAt) + 1;
    return { next: end > 0 ? end : at + 1 };
  }
  let i = skipSpace(text, openAt + 1);
  const keyMatch = /^[^,\s{}()"=#%]+/.exec(text.slice(i, i + 500));
  if (!keyMatch) return { next: at + 1 };
  const key = keyMatch[0];
  i = skipSpace(text, i + key.length);
  if (text[i] === ',') i++;
  const bodyStart = i;
  const fields: BibField[] = [];
  for (;;) {
    i = skipSpace(text, i);
    while (text[i] === ',') i = skipSpace(text, i + 1);
    if (i >= text.length) return { next: i };
    if (text[i] === closer) return { entry: { type, key, start: at, bodyStart, close: i, fields }, next: i + 1 };
    const nameMatch = /^[^\s=,{}()"#%]+/.exec(text.slice(i, i + 200));
    if (!nameMatch) return { next: i };
    const start = i;
    const nameEnd = i + nameMatch[0].length;
    i = skipSpace(text, nameEnd);
    if (text[i] !== '=') return { next: i };
    const valueStart = skipSpace(text, i + 1);
    const read = readValue(text, valueStart, closer);
    if (!read) return { next: valueStart };
    fields.push({ name: nameMatch[0], value: read.value, start, nameEnd, valueStart, end: read.end });
    i = read.end;
  }
}

/** A value: pieces (`{…}`, `"…"`, a number or a macro) joined by `#`. */
function readValue(text: string, start: number, closer: string): { value: string; end: number } | undefined {
  let i = start;
  let pieces = 0;
  let single: string | undefined;
  for (;;) {
    const c = text[i];
    let end: number;
    if (c === '{') {
      end = skipBraces(text, i);
      if (end === -1) return undefined;
      single = text.slice(i + 1, end - 1);
    } else if (c === '"') {
      end = -1;
      let depth = 0;
      for (let j = i + 1; j < text.length; j++) {
        const d = text[j];
        if (d === '\\') j++;
        else if (d === '{') depth++;
        else if (d === '}') depth--;
        else if (d === '"' && depth === 0) {
          end = j + 1;
          break;
        }
      }
      if (end === -1) return undefined;
      single = text.slice(i + 1, end - 1);
    } else {
      const bare = /^[^\s,#{}()"=%]+/.exec(text.slice(i, i + 200));
      if (!bare || bare[0].includes(closer)) return undefined;
      end = i + bare[0].length;
      single = bare[0];
    }
    pieces++;
    const after = skipSpace(text, end);
    if (text[after] === '#') {
      i = skipSpace(text, after + 1);
      continue;
    }
    return { value: pieces === 1 ? single : text.slice(start, end), end };
  }
}

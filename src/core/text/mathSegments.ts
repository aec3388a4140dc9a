/**
 * Splits paper text into plain text and LaTeX math, so the paper view can render `$x^2$`, `$$…$$`, `\(…\)` and
 * `\[…\]` with KaTeX while everything else stays plain text. Dollar signs follow Pandoc's rule so prices do not
 * turn into math: the opening `$` is not followed by a space, the closing `$` is not preceded by a space nor
 * followed by a digit.
 */

export type TextSegment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'math'; readonly tex: string; readonly display: boolean };

/** The longest formula typeset, without its delimiters: a longer span stays text. */
export const maxMathLength = 2000;

/**
 * `s.indexOf(close, from)` for a scan that moves forward through one string: the last answer for each delimiter is
 * kept and holds for every `from` up to it, so each character is read about once per delimiter however many
 * openers there are. Searching again from every `\(` of 80 KB of `\(` was quadratic (5 s).
 */
export class DelimiterFinder {
  private readonly last = new Map<string, { readonly from: number; readonly at: number }>();

  constructor(private readonly s: string) {}

  find(close: string, from: number): number {
    const hit = this.last.get(close);
    // No occurrence lies in [hit.from, hit.at), so any `from` in that range finds the same one (or none).
    if (hit && from >= hit.from && (hit.at === -1 || from <= hit.at)) return hit.at;
    const at = this.s.indexOf(close, from);
    this.last.set(close, { from, at });
    return at;
  }
}

/**
 * The math that starts at `i` in `s`, if any, ending before `limit`: `$$…$$`, `\[…\]`, `\(…\)`, or `$…$` by
 * Pandoc's rule. Pass one `finder` for all the calls of a scan of `s`: it keeps the scan linear.
 */
export function mathAt(s: string, i: number, finder: DelimiterFinder, limit = s.length): { tex: string; display: boolean; end: number } | undefined {
  if (s.startsWith('$$', i)) return delimited(s, i, '$$', '$$', true, finder, limit);
  if (s.startsWith('\\[', i)) return delimited(s, i, '\\[', '\\]', true, finder, limit);
  if (s.startsWith('\\(', i)) return delimited(s, i, '\\(', '\\)', false, finder, limit);
  if (s[i] === '$') {
    const next = s[i + 1];
    if (next === undefined || i + 1 >= limit || /\s/.test(next)) return undefined;
    // Bounded by the longest formula: the scan never goes further than that from any opener.
    for (let j = i + 1; j < limit && j - i <= maxMathLength; j++) {
      if (s[j] === '\\') {
        j++;
        continue;
      }
      if (s[j] === '$') {
        if (/\s/.test(s[j - 1]!) || /\d/.test(s[j + 1] ?? '')) return undefined;
        const tex = s.slice(i + 1, j);
        return tex.trim() ? { tex, display: false, end: j + 1 } : undefined;
      }
    }
  }
  return undefined;
}

export function splitMath(input: string): TextSegment[] {
  const finder = new DelimiterFinder(input);
  const segments: TextSegment[] = [];
  let text = '';
  let i = 0;
  const flush = () => {
    if (text) segments.push({ kind: 'text', text });
    text = '';
  };
  while (i < input.length) {
    const ch = input[i]!;
    // LaTeX escapes of plain characters (`60\%`, `R\&D`, `\$5`) read as the characters themselves.
    if (ch === '\\' && /[$%&#_{}]/.test(input[i + 1] ?? '')) {
      text += input[i + 1];
      i += 2;
      continue;
    }
    const math = mathAt(input, i, finder);
    if (math) {
      flush();
      segments.push({ kind: 'math', tex: math.tex, display: math.display });
      i = math.end;
      continue;
    }
    text += ch;
    i++;
  }
  flush();
  return segments;
}

/** A segment with where it lies in the input: `input.slice(start, end)` is its source. */
export type RawTextSegment = TextSegment & { readonly start: number; readonly end: number };

/**
 * `splitMath` with source offsets, for mapping a selection in the rendered text back to the input (anchored notes).
 * Text segments are split at LaTeX escapes, so every text segment is either a verbatim slice of the input
 * (`text.length === end - start`) or one escaped character (`\%` shown as `%`).
 */
export function splitMathRaw(input: string): RawTextSegment[] {
  const finder = new DelimiterFinder(input);
  const segments: RawTextSegment[] = [];
  let start = 0;
  let i = 0;
  const flush = (end: number) => {
    if (end > start) segments.push({ kind: 'text', text: input.slice(start, end), start, end });
  };
  while (i < input.length) {
    if (input[i] === '\\' && /[$%&#_{}]/.test(input[i + 1] ?? '')) {
      flush(i);
      segments.push({ kind: 'text', text: input[i + 1]!, start: i, end: i + 2 });
      i += 2;
      start = i;
      continue;
    }
    const math = mathAt(input, i, finder);
    if (math) {
      flush(i);
      segments.push({ kind: 'math', tex: math.tex, display: math.display, start: i, end: math.end });
      i = math.end;
      start = i;
      continue;
    }
    i++;
  }
  flush(input.length);
  return segments;
}

function delimited(s: string, i: number, open: string, close: string, display: boolean, finder: DelimiterFinder, limit: number) {
  const end = finder.find(close, i + open.length);
  if (end < 0 || end - i > maxMathLength || end + close.length > limit) return undefined;
  const tex = s.slice(i + open.length, end);
  return tex.trim() ? { tex, display, end: end + close.length } : undefined;
}

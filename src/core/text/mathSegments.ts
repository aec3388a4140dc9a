/**
 * Splits paper text into plain text and LaTeX math, so the paper view can render `$x^2$`, `$$…$$`, `\(…\)` and
 * `\[…\]` with KaTeX while everything else stays plain text. Dollar signs follow Pandoc's rule so prices do not
 * turn into math: the opening `$` is not followed by a space, the closing `$` is not preceded by a space nor
 * followed by a digit.
 */

export type TextSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'math'; readonly tex: string; readonly display: boolean };

const maxMathLength = 2000;

export function splitMath(input: string): TextSegment[] {
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
    const math = matchMath(input, i);
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
    const math = matchMath(input, i);
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

function matchMath(s: string, i: number): { tex: string; display: boolean; end: number } | undefined {
  if (s.startsWith('$$', i)) return delimited(s, i, '$$', '$$', true);
  if (s.startsWith('\\[', i)) return delimited(s, i, '\\[', '\\]', true);
  if (s.startsWith('\\(', i)) return delimited(s, i, '\\(', '\\)', false);
  if (s[i] === '$') {
    const next = s[i + 1];
    if (next === undefined || /\s/.test(next)) return undefined;
    for (let j = i + 1; j < s.length && j - i <= maxMathLength; j++) {
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

function delimited(s: string, i: number, open: string, close: string, display: boolean) {
  const end = s.indexOf(close, i + open.length);
  if (end < 0 || end - i > maxMathLength) return undefined;
  const tex = s.slice(i + open.length, end);
  return tex.trim() ? { tex, display, end: end + close.length } : undefined;
}

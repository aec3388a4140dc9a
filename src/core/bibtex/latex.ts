/**
 * Turning paper text (titles, names, notes) into the inside of a BibTeX field.
 *
 * Decisions, each because of what BibTeX/biblatex and LaTeX do with a field:
 * - The input is treated as plain text with two concessions to arXiv, whose metadata is TeX source:
 *   `$…$` math is kept as TeX, and a backslash that already escapes one of `& % $ # _ { }` is kept
 *   (`50\%` stays `50\%`, not `50\textbackslash{}\%`). Every other LaTeX special is escaped, so any
 *   string gives a field with balanced braces that compiles.
 * - Non-ASCII stays UTF-8 (biblatex/biber and modern BibTeX read it); we never rewrite `í` as `{\'\i}`.
 * - Math is kept only when it is a real span (pandoc's rule: no space just inside the dollars, the closing
 *   one not followed by a digit), its braces balance, and it uses no command that could change the
 *   document or reach the file system (`\input`, `\write`, `\def`, `\catcode`…): a paper title is
 *   untrusted input that ends up compiled on the user's machine. Anything else is escaped as text.
 * - Title case protection: styles such as `plain` lower-case titles, which destroys acronyms. We brace
 *   the words a careful user would (those with a capital after their first letter, `LLMs`, `GPT-4`,
 *   `ImageNet`, `3D`, `Q-learning`'s `Q`) and math with capitals (`{$\Omega$}`), and leave ordinary
 *   Title Case words alone so styles can still sentence-case them. Wrapping the whole title in double
 *   braces would freeze arXiv's ad-hoc capitalisation into every bibliography, which is worse.
 */

/** TeX primitives and macros that must not come from a paper's metadata. */
const FORBIDDEN_IN_MATH =
  /\\(?:input|include|includeonly|write|immediate|openout|openin|closeout|closein|read|readline|def|edef|gdef|xdef|let|futurelet|catcode|csname|endcsname|expandafter|newcommand|renewcommand|providecommand|DeclareRobustCommand|special|usepackage|RequirePackage|documentclass|begin|end|makeatletter|makeatother|directlua|luaexec|latelua|ShellEscape|jobname|loop|repeat|output|everypar|everymath|aftergroup|afterassignment|errmessage|message|newwrite|newread|scantokens|detokenize|lowercase|uppercase|tex|pdfprimitive|primitive)(?![A-Za-z])/;

/** LaTeX specials an input may already have escaped (`\%`); the pair is kept as is. */
const ESCAPABLE = new Set(['&', '%', '$', '#', '_', '{', '}']);

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '\\': '\\textbackslash{}',
};

/**
 * Normalises text for a single-line field: lone surrogates become U+FFFD (they cannot be written as
 * UTF-8), control characters and line breaks become spaces, runs of white space collapse.
 */
export function cleanText(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes plain text for a BibTeX field (no math handling). */
export function escapeLatexText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === '\\' && next !== undefined && ESCAPABLE.has(next)) {
      out += ch + next;
      i++;
      continue;
    }
    out += TEXT_ESCAPES[ch] ?? ch;
  }
  return out;
}

/** A piece of a field: plain text or a `$…$` span kept as TeX. */
export interface LatexSegment {
  readonly kind: 'text' | 'math';
  /** For math, the span including its dollars. */
  readonly value: string;
}

/** Splits text into plain and math segments (see the module comment for what counts as math). */
export function splitMath(text: string): LatexSegment[] {
  const segments: LatexSegment[] = [];
  let textStart = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '$') {
      const end = findMathEnd(text, i);
      if (end !== -1) {
        if (i > textStart) segments.push({ kind: 'text', value: text.slice(textStart, i) });
        segments.push({ kind: 'math', value: text.slice(i, end + 1) });
        i = end + 1;
        textStart = i;
        continue;
      }
    }
    i++;
  }
  if (textStart < text.length) segments.push({ kind: 'text', value: text.slice(textStart) });
  return segments;
}

/** Index of the `$` closing a math span opened at `open`, or -1 when this `$` is just a dollar sign. */
function findMathEnd(text: string, open: number): number {
  const first = text[open + 1];
  if (first === undefined || first === '$' || /\s/.test(first)) return -1;
  let depth = 0;
  for (let j = open + 1; j < text.length; j++) {
    const c = text[j]!;
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth < 0) return -1;
    } else if (c === '$') {
      const before = text[j - 1]!;
      const after = text[j + 1];
      if (/\s/.test(before) || (after !== undefined && /[0-9]/.test(after))) return -1;
      if (depth !== 0) return -1;
      const body = text.slice(open + 1, j);
      return isSafeMath(body) ? j : -1;
    }
  }
  return -1;
}

function isSafeMath(body: string): boolean {
  // A trailing lone backslash would escape the closing dollar.
  if (/(^|[^\\])(\\\\)*\\$/.test(body)) return false;
  return !FORBIDDEN_IN_MATH.test(body);
}

/**
 * Escapes inside math what would still break LaTeX there: `%` starts a comment, `#` and `&` are
 * errors outside macro definitions and alignments.
 */
function escapeMath(span: string): string {
  let out = '';
  for (let i = 0; i < span.length; i++) {
    const ch = span[i]!;
    if (ch === '\\') {
      out += ch + (span[i + 1] ?? '');
      i++;
      continue;
    }
    out += ch === '%' || ch === '#' || ch === '&' ? `\\${ch}` : ch;
  }
  return out;
}

/** Text with math kept, for fields that styles do not case-change (note, abstract). */
export function formatLatexText(text: string): string {
  return splitMath(cleanText(text))
    .map((s) => (s.kind === 'math' ? escapeMath(s.value) : escapeLatexText(s.value)))
    .join('');
}

/** A title field: math kept, acronyms and CamelCase words protected with braces. */
export function formatLatexTitle(title: string): string {
  return splitMath(cleanText(title))
    .map((s) => {
      if (s.kind === 'math') {
        const math = escapeMath(s.value);
        return /\p{Lu}/u.test(math) ? `{${math}}` : math;
      }
      return s.value
        .split(/(\s+)/)
        .map((word) => (word.trim() === '' ? word : protectWord(word)))
        .join('');
    })
    .join('');
}

function protectWord(word: string): string {
  const escaped = escapeLatexText(word);
  if (!needsCaseProtection(word)) return escaped;
  // A brace group that starts with a backslash is a BibTeX "special character" whose letters are
  // case-changed anyway; an extra level of braces makes it plain protected text.
  return escaped.startsWith('\\') ? `{{${escaped}}}` : `{${escaped}}`;
}

/**
 * The text without the characters other than letters and digits at its end. A loop from the end: `/[^\p{L}\p{N}]+$/u`
 * re-read a long run of punctuation from each of its positions.
 */
function withoutTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0) {
    const size = end > 1 && text.codePointAt(end - 2)! > 0xffff ? 2 : 1;
    if (/[\p{L}\p{N}]/u.test(text.slice(end - size, end))) break;
    end -= size;
  }
  return text.slice(0, end);
}

/** Whether BibTeX's lower-casing would damage the word: `LLMs`, `ImageNet`, `GPT-4`, `3D`, `Q-learning`. */
export function needsCaseProtection(word: string): boolean {
  return word.split(/[-/–—]/).some((part) => {
    const letters = part.replace(/^[^\p{L}\p{N}]+/u, '');
    if (letters.length === 0) return false;
    const core = withoutTrailingPunctuation(letters);
    if (/^\p{Lu}$/u.test(core)) return core !== 'A';
    return /\p{Lu}/u.test([...letters].slice(1).join(''));
  });
}

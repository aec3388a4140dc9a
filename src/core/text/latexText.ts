/**
 * LaTeX in paper metadata, as plain text. arXiv's metadata is TeX source, and feeds pass it on: abstracts say
 * `M\'elange`, names `M{\"u}ller`, titles `$\omega$Test`. Two steps:
 *
 * - `decodeLatexAccents` turns accent commands and special letters into the characters they stand for, outside
 *   math only. Applied to every paper when a feed is parsed, so titles, abstracts, authors, search and notes all
 *   see `Mélange`. Math (`$…$`) is left as TeX for the views that typeset it (the paper view).
 * - `readableLatex` is for views that cannot typeset (the list, its snippets, the QuickPick): math becomes
 *   readable text (`$\omega$Test` → `ωTest`, `$O(n^2)$` → `O(n²)`), and escapes become their characters (`60\%`).
 */
import { DelimiterFinder, maxMathLength, splitMath } from './mathSegments';

/** Accent commands: the combining mark each adds to the letter after it. */
const ACCENTS: Readonly<Record<string, string>> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030C',
  H: '\u030B',
  c: '\u0327',
  k: '\u0328',
  r: '\u030A',
  b: '\u0331',
  d: '\u0323',
};

/** Letters written as commands (`\ss`, `\o`, `\L`) and the dotless i and j that accents sit on. */
const LETTERS: Readonly<Record<string, string>> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  aa: 'å',
  AA: 'Å',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
  dh: 'ð',
  DH: 'Ð',
  th: 'þ',
  TH: 'Þ',
  ng: 'ŋ',
  NG: 'Ŋ',
};

// `\'e`, `\'{e}`, `\' e`, `\"{\i}`, `\c{c}`, `\v s` (a letter command needs a space or braces before its letter).
const SYMBOL_ACCENT = /\\(['`^"~=.])\s*(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))/g;
const LETTER_ACCENT = /\\([uvHckrbd])(?:\s*\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|\s+(\\[ij](?![A-Za-z])|[A-Za-z]))/g;
const LETTER_COMMAND = /\\(ss|aa|AA|ae|AE|oe|OE|dh|DH|th|TH|ng|NG|o|O|l|L|i|j)(?![A-Za-z])(?:\{\}|\s)?/g;

function accented(command: string, letter: string): string {
  const base = letter.startsWith('\\') ? letter.slice(1) : letter;
  return (base + ACCENTS[command]!).normalize('NFC');
}

function decodeText(text: string): string {
  if (!text.includes('\\')) return text;
  return (
    text
      .replace(SYMBOL_ACCENT, (_m, command: string, braced?: string, bare?: string) => accented(command, (braced ?? bare)!))
      .replace(LETTER_ACCENT, (_m, command: string, braced?: string, bare?: string) => accented(command, (braced ?? bare)!))
      .replace(LETTER_COMMAND, (_m, name: string) => LETTERS[name]!)
      // What an accent was braced for: `{é}`, `M{ü}ller` (one character in braces).
      .replace(/\{([^\s{}\\$])\}/gu, '$1')
  );
}

/** Accent commands and special letters as characters, outside math; everything else unchanged. Idempotent. */
export function decodeLatexAccents(text: string): string {
  if (!text.includes('\\')) return text;
  let out = '';
  let at = 0;
  // Math spans keep their TeX (a `\"` or `\^` there means something else); only the text between them changes.
  for (const span of mathSpans(text)) {
    out += decodeText(text.slice(at, span.start)) + text.slice(span.start, span.end);
    at = span.end;
  }
  return out + decodeText(text.slice(at));
}

/** splitMath's longest formula with its delimiters: a longer span is text, and is not read again. */
const longestMath = maxMathLength + 4;

/** Where `$…$`, `$$…$$`, `\(…\)` and `\[…\]` are in `text`, by the paper view's own rules (`splitMath`). */
function mathSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  // One finder for the whole scan: a closer searched for in vain from one opener is not searched for again from the
  // next, which made `\(` repeated quadratic (seconds for 160,000 characters).
  const finder = new DelimiterFinder(text);
  for (let i = 0; i < text.length;) {
    const end = candidateEnd(text, i, finder);
    // Only what the paper view typesets counts as math (a price such as "$5 and $10" does not).
    if (end !== undefined && end - i <= longestMath && isMath(text.slice(i, end))) {
      spans.push({ start: i, end });
      i = end;
    } else i++;
  }
  return spans;
}

/**
 * Where the span `/\$\$[\s\S]+?\$\$|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\]|\$[^$]+\$/y` matches at `i` ends (the former
 * scan's candidates): the closer's first occurrence after at least one character.
 */
function candidateEnd(text: string, i: number, finder: DelimiterFinder): number | undefined {
  const closed = (close: string, from: number) => {
    const at = finder.find(close, from);
    return at < 0 ? undefined : at + close.length;
  };
  if (text.startsWith('$$', i)) return closed('$$', i + 3);
  if (text.startsWith('\\(', i)) return closed('\\)', i + 3);
  if (text.startsWith('\\[', i)) return closed('\\]', i + 3);
  return text[i] === '$' ? closed('$', i + 1) : undefined;
}

function isMath(span: string): boolean {
  const segments = splitMath(span);
  return segments.length === 1 && segments[0]!.kind === 'math';
}

const SYMBOLS: Readonly<Record<string, string>> = {
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  vartheta: 'ϑ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  varpi: 'ϖ',
  rho: 'ρ',
  varrho: 'ϱ',
  sigma: 'σ',
  varsigma: 'ς',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Upsilon: 'Υ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  times: '×',
  cdot: '·',
  pm: '±',
  mp: '∓',
  leq: '≤',
  le: '≤',
  geq: '≥',
  ge: '≥',
  neq: '≠',
  ne: '≠',
  approx: '≈',
  sim: '∼',
  simeq: '≃',
  equiv: '≡',
  propto: '∝',
  infty: '∞',
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  Rightarrow: '⇒',
  Leftarrow: '⇐',
  leftrightarrow: '↔',
  mapsto: '↦',
  in: '∈',
  notin: '∉',
  subset: '⊂',
  subseteq: '⊆',
  cup: '∪',
  cap: '∩',
  forall: '∀',
  exists: '∃',
  partial: '∂',
  nabla: '∇',
  sum: '∑',
  prod: '∏',
  int: '∫',
  sqrt: '√',
  ell: 'ℓ',
  ldots: '…',
  dots: '…',
  cdots: '⋯',
  circ: '∘',
  star: '⋆',
  ast: '∗',
  div: '÷',
  log: 'log',
  exp: 'exp',
  min: 'min',
  max: 'max',
  sin: 'sin',
  cos: 'cos',
  langle: '⟨',
  rangle: '⟩',
  lfloor: '⌊',
  rfloor: '⌋',
  lceil: '⌈',
  rceil: '⌉',
  mid: '|',
  vert: '|',
  Vert: '‖',
  emptyset: '∅',
  top: '⊤',
  bot: '⊥',
  perp: '⊥',
  prime: '′',
  degree: '°',
  checkmark: '✓',
  quad: ' ',
  qquad: '  ',
};
const SUPERSCRIPTS: Readonly<Record<string, string>> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '+': '⁺',
  '-': '⁻',
  n: 'ⁿ',
  i: 'ⁱ',
  T: 'ᵀ',
  '*': '*',
};
const SUBSCRIPTS: Readonly<Record<string, string>> = {
  '0': '₀',
  '1': '₁',
  '2': '₂',
  '3': '₃',
  '4': '₄',
  '5': '₅',
  '6': '₆',
  '7': '₇',
  '8': '₈',
  '9': '₉',
  '+': '₊',
  '-': '₋',
  i: 'ᵢ',
  j: 'ⱼ',
  k: 'ₖ',
  n: 'ₙ',
  t: 'ₜ',
};

/** A script (`^2`, `_{ij}`) as Unicode super- or subscripts when every character has one, else `^(…)`. */
function script(table: Readonly<Record<string, string>>, mark: string, body: string): string {
  const chars = [...body];
  if (chars.every((c) => table[c] !== undefined)) return chars.map((c) => table[c]).join('');
  return chars.length === 1 ? `${mark}${body}` : `${mark}(${body})`;
}

/** TeX math as readable text: symbols as characters, scripts raised where Unicode can, the rest as written. */
function mathToText(tex: string): string {
  let s = tex
    .replace(/\\(?:mathrm|mathbf|mathit|mathsf|mathtt|mathcal|mathbb|boldsymbol|bm|text|textbf|textit|textrm|operatorname|emph)\s*\{([^{}]*)\}/g, '$1')
    .replace(/\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])/g, '')
    .replace(/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, '($1)/($2)')
    .replace(/\\([A-Za-z]+)/g, (m, name: string) => SYMBOLS[name] ?? m)
    .replace(/\\([,;:! ])/g, ' ')
    .replace(/\\([{}%$&#_])/g, '$1');
  s = s.replace(/\^\s*(?:\{([^{}]*)\}|(\S))/g, (_m, braced?: string, one?: string) => script(SUPERSCRIPTS, '^', (braced ?? one)!));
  s = s.replace(/_\s*(?:\{([^{}]*)\}|(\S))/g, (_m, braced?: string, one?: string) => script(SUBSCRIPTS, '_', (braced ?? one)!));
  return s.replace(/[{}]/g, '').replace(/\s+/g, ' ').trim();
}

/** Common abbreviation macros of papers' own preambles that leak into abstracts (`\eg~progress`). */
const TEXT_MACROS: Readonly<Record<string, string>> = { eg: 'e.g.', ie: 'i.e.', etal: 'et al.', etc: 'etc.', vs: 'vs.', wrt: 'w.r.t.' };

/** Text for a view that cannot typeset: accents as characters, math as readable text, escapes as characters. */
export function readableLatex(text: string): string {
  if (!/[\\$]/.test(text)) return text;
  return splitMath(decodeLatexAccents(text))
    .map((segment) =>
      segment.kind === 'math'
        ? mathToText(segment.tex)
        : segment.text
            .replace(/\\(eg|ie|etal|etc|vs|wrt)(?![A-Za-z])\.?~?/g, (_m, name: string) => `${TEXT_MACROS[name]} `)
            .replace(/(?<=\S)~(?=\S)/g, ' ')
            .replace(/\\(?:textbf|textit|emph|textsc|texttt|textrm|underline)\s*\{([^{}]*)\}/g, '$1'),
    )
    .join('');
}

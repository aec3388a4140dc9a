/**
 * The body of a note file: free Markdown with notes in it. A note is a section that starts with an
 * anchor comment (usually right under a heading) and ends at the next note, at the next heading of the
 * same or a higher level, or at the end of the file. Everything else is free text that Marginalia
 * never touches. See `noteFile.ts` for the format as a whole.
 *
 * Scanning follows CommonMark where it matters for where sections end: fenced code blocks are
 * opaque (a `## heading` or an anchor inside a fence is code), headings are ATX headings (`## x`)
 * indented at most three spaces. Setext headings (`text` + `---`) do not end notes.
 */
import { isPdfLinkLine, pdfLinkLine } from '../links/pdfLinks';
import { isAnchorLine, isSpaceOrTab, parseAnchorLine, renderAnchorLine, type AnchorAttribute } from './anchorComment';
import { escapeMarkdownHeading, escapeMarkdownLine, unescapeMarkdown } from './markdownEscape';
import { NOTE_KINDS, type CodeAnchor, type Note, type NoteKind, type NoteProblem, type PdfRect, type TextQuoteSelector } from './noteModel';

export interface Line {
  /** Offset of the first character. */
  readonly start: number;
  /** Offset of the line break (or the end of the text). */
  readonly end: number;
  /** Offset of the next line. */
  readonly next: number;
  /** The line without its line break (a `\r` before `\n` removed). */
  readonly text: string;
}

/** Lines of `text[from, to)`; a final line without a line break counts, an empty tail does not. */
export function splitLines(text: string, from: number, to: number = text.length): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start < to) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 || newline >= to ? to : newline + 1;
    const end = newline === -1 || newline >= to ? to : newline;
    lines.push({ start, end, next, text: text.slice(start, end).replace(/\r$/, '') });
    start = next;
  }
  return lines;
}

interface Fence {
  readonly char: '`' | '~';
  readonly length: number;
  readonly indent: number;
  readonly info: string;
}

// Lines are split on `\n` only, so `.` must match anything else (U+2028, a lone `\r`): `s` flags.
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/s;
// Only the marks are matched: the blanks at the end are trimmed by hand, since a lazy `(.*?)[ \t]*$` retries the
// rest of the line from every blank, which is quadratic on a long line of spaces.
const HEADING_MARKS = /^ {0,3}(#{1,6})/;

function openFence(line: string): Fence | undefined {
  const m = FENCE_OPEN.exec(line);
  if (!m) return undefined;
  const marks = m[2]!;
  const info = m[3]!;
  if (marks[0] === '`' && info.includes('`')) return undefined;
  return { char: marks[0] as '`' | '~', length: marks.length, indent: m[1]!.length, info: info.trim() };
}

function closesFence(line: string, fence: Fence): boolean {
  const m = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
  return m !== null && m[1]![0] === fence.char && m[1]!.length >= fence.length;
}

/** ATX heading level and text, or undefined. `##` alone is an empty level-2 heading. */
export function parseHeading(line: string): { level: number; text: string } | undefined {
  const m = HEADING_MARKS.exec(line);
  if (!m) return undefined;
  let start = m[0].length;
  if (start < line.length && !isSpaceOrTab(line[start])) return undefined;
  let end = line.length;
  while (end > start && isSpaceOrTab(line[end - 1])) end--;
  while (start < end && isSpaceOrTab(line[start])) start++;
  return { level: m[1]!.length, text: withoutClosingSequence(line.slice(start, end)).trim() };
}

/**
 * A closing sequence (` ##`) is not part of the text; an escaped `\#` is. Found from the end, as an unanchored
 * `(^|[ \t]+)#+$` would retry every run of blanks or of `#` up to the end of the line.
 */
function withoutClosingSequence(text: string): string {
  let marks = text.length;
  while (marks > 0 && text[marks - 1] === '#') marks--;
  if (marks === text.length || marks === 0) return marks === 0 ? '' : text;
  let blanks = marks;
  while (blanks > 0 && isSpaceOrTab(text[blanks - 1])) blanks--;
  return blanks === marks ? text : text.slice(0, blanks);
}

/** For each line, whether it is inside (or opens/closes) a fenced code block. */
function fenceMap(lines: readonly Line[]): { inFence: boolean[]; open?: Fence } {
  const inFence: boolean[] = [];
  let fence: Fence | undefined;
  for (const line of lines) {
    if (fence) {
      inFence.push(true);
      if (closesFence(line.text, fence)) fence = undefined;
    } else {
      fence = openFence(line.text);
      inFence.push(fence !== undefined);
    }
  }
  return { inFence, open: fence };
}

export interface NoteSection {
  readonly note: Note;
  /** Offset of the heading line (or of the anchor when there is no heading). */
  readonly start: number;
  /** Offset just after the section's last non-blank line (its line break included). */
  readonly contentEnd: number;
  /** Offset where the section ends: the next section, heading, or the end of the text. */
  readonly end: number;
  /** 1-based file line of `start`. */
  readonly line: number;
}

export interface BodyScan {
  readonly sections: readonly NoteSection[];
  readonly problems: readonly NoteProblem[];
  /** The fence still open at the end of the text, if any (new notes must not land inside it). */
  readonly openFence?: { readonly char: string; readonly length: number };
}

const isBlank = (line: Line): boolean => line.text.trim() === '';

/** Finds the notes in `text[bodyStart…]`; `firstLine` is the file line of `bodyStart`. */
export function scanBody(text: string, bodyStart: number, firstLine: number): BodyScan {
  const lines = splitLines(text, bodyStart);
  const { inFence, open } = fenceMap(lines);
  const problems: NoteProblem[] = [];
  const starts: { anchor: number; first: number; level: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (inFence[i] || !isAnchorLine(lines[i]!.text)) continue;
    // The heading must sit directly above the anchor; otherwise the note has none.
    const heading = i > 0 && !inFence[i - 1] ? parseHeading(lines[i - 1]!.text) : undefined;
    starts.push({ anchor: i, first: heading ? i - 1 : i, level: heading ? heading.level : 0 });
  }
  const sections: NoteSection[] = [];
  starts.forEach((s, k) => {
    const limit = starts[k + 1]?.first ?? lines.length;
    let stop = limit;
    for (let j = s.anchor + 1; j < limit; j++) {
      if (inFence[j]) continue;
      const h = parseHeading(lines[j]!.text);
      if (h && (s.level === 0 || h.level <= s.level)) {
        stop = j;
        break;
      }
    }
    let last = stop - 1;
    while (last > s.anchor && isBlank(lines[last]!)) last--;
    const endOffset = stop < lines.length ? lines[stop]!.start : text.length;
    const section: NoteSection = {
      note: readNote(lines, s.first, s.anchor, last + 1, s.level, firstLine, problems),
      start: lines[s.first]!.start,
      contentEnd: lines[last]!.next,
      end: endOffset,
      line: firstLine + s.first,
    };
    sections.push(section);
  });
  const seen = new Set<string>();
  for (const s of sections) {
    if (s.note.id === '') continue;
    if (seen.has(s.note.id)) problems.push({ line: s.line, message: `note id '${s.note.id}' is used twice; edits go to the first` });
    seen.add(s.note.id);
  }
  return { sections, problems, openFence: open ? { char: open.char, length: open.length } : undefined };
}

const KIND_ATTRIBUTES: Readonly<Record<NoteKind, readonly string[]>> = {
  general: [],
  quote: ['source', 'prefix', 'suffix'],
  pdf: ['page', 'rects', 'colour', 'prefix', 'suffix'],
  code: ['path', 'root', 'lines'],
};

const NOTE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Whether a string is acceptable as a note id. */
export function isValidNoteId(id: string): boolean {
  return NOTE_ID.test(id) && !id.includes('--');
}

function parseRects(value: string): PdfRect[] | undefined {
  if (value === '') return [];
  const rects: PdfRect[] = [];
  for (const part of value.split(';')) {
    const n = part.split(',').map(Number);
    if (n.length !== 4 || n.some((x) => !Number.isFinite(x))) return undefined;
    rects.push({ x: n[0]!, y: n[1]!, width: n[2]!, height: n[3]! });
  }
  return rects;
}

function readNote(lines: readonly Line[], first: number, anchor: number, stop: number, level: number, firstLine: number, problems: NoteProblem[]): Note {
  const lineNo = firstLine + anchor;
  const parsed = parseAnchorLine(lines[anchor]!.text)!;
  for (const p of parsed.problems) problems.push({ line: lineNo, message: p });
  const attrs = new Map<string, string>();
  for (const a of parsed.attributes) {
    if (attrs.has(a.name)) problems.push({ line: lineNo, message: `the note anchor has ${a.name} twice; the first is used` });
    else attrs.set(a.name, a.value);
  }
  const id = attrs.get('id') ?? '';
  if (!isValidNoteId(id)) problems.push({ line: lineNo, message: id === '' ? 'the note anchor has no id' : `the note id '${id}' is not valid` });
  const rawKind = attrs.get('kind') ?? 'general';
  const known = (NOTE_KINDS as readonly string[]).includes(rawKind);
  if (!known) problems.push({ line: lineNo, message: `unknown note kind '${rawKind}', read as a general note` });
  const kind: NoteKind = known ? (rawKind as NoteKind) : 'general';
  const consumed = new Set(['id', 'created', 'updated', ...(known ? ['kind'] : []), ...KIND_ATTRIBUTES[kind]]);

  // Quote (blockquote) or snippet (fence) first, then the note's own text.
  let i = anchor + 1;
  while (i < stop && isBlank(lines[i]!)) i++;
  let exact: string | undefined;
  let snippet: { text: string; language?: string } | undefined;
  if ((kind === 'quote' || kind === 'pdf') && i < stop && /^ {0,3}>/.test(lines[i]!.text)) {
    const quoted: string[] = [];
    while (i < stop && /^ {0,3}>/.test(lines[i]!.text)) quoted.push(unescapeMarkdown(lines[i++]!.text.replace(/^ {0,3}> ?/, '')));
    exact = quoted.join('\n');
  } else if (kind === 'code' && i < stop && openFence(lines[i]!.text)) {
    const fence = openFence(lines[i]!.text)!;
    const body: string[] = [];
    i++;
    while (i < stop && !closesFence(lines[i]!.text, fence)) body.push(lines[i++]!.text.replace(new RegExp(`^ {0,${fence.indent}}`), ''));
    i++;
    const language = fence.info.split(/\s+/)[0];
    snippet = { text: body.join('\n'), ...(language ? { language } : {}) };
  }
  while (i < stop && isBlank(lines[i]!)) i++;
  // A highlight's link back to the PDF (see `renderNote`) is Marginalia's, not part of the note.
  if (kind === 'pdf' && i < stop && isPdfLinkLine(lines[i]!.text)) {
    i++;
    while (i < stop && isBlank(lines[i]!)) i++;
  }
  const text = lines
    .slice(i, stop)
    .map((l) => l.text)
    .join('\n');

  const extra: Record<string, string> = {};
  for (const [name, value] of attrs) if (!consumed.has(name)) extra[name] = value;
  const note: { -readonly [K in keyof Note]: Note[K] } = {
    id,
    kind,
    heading: first < anchor ? unescapeMarkdown(parseHeading(lines[first]!.text)!.text) : '',
    level,
    text,
    extra,
  };
  const prefix = attrs.get('prefix');
  const suffix = attrs.get('suffix');
  const selector = (): TextQuoteSelector | undefined =>
    exact === undefined ? undefined : { exact, ...(prefix !== undefined ? { prefix } : {}), ...(suffix !== undefined ? { suffix } : {}) };
  if (kind === 'quote') {
    note.quote = selector();
    if (!note.quote) problems.push({ line: lineNo, message: 'the quote note has no blockquote with the quoted passage' });
    const source = attrs.get('source');
    if (source !== undefined) note.source = source;
  } else if (kind === 'pdf') {
    const quote = selector();
    if (quote) note.quote = quote;
    const page = attrs.get('page') ?? '';
    const rects = parseRects(attrs.get('rects') ?? '');
    const colour = attrs.get('colour');
    if (/^[1-9]\d{0,5}$/.test(page) && rects) note.pdf = { page: Number(page), rects, ...(colour !== undefined ? { colour } : {}) };
    else {
      problems.push({ line: lineNo, message: 'the PDF note needs a page number and rects as x,y,w,h;…' });
      for (const name of ['page', 'rects', 'colour']) if (attrs.has(name)) extra[name] = attrs.get(name)!;
    }
  } else if (kind === 'code') {
    const path = attrs.get('path');
    const range = /^([1-9]\d*)(?:-([1-9]\d*))?$/.exec(attrs.get('lines') ?? '');
    if (path !== undefined && path !== '' && range && snippet) {
      const root = attrs.get('root');
      const start = Number(range[1]);
      const code: CodeAnchor = {
        path,
        ...(root !== undefined ? { root } : {}),
        lines: { start, end: range[2] !== undefined ? Number(range[2]) : start },
        snippet: snippet.text,
        ...(snippet.language !== undefined ? { language: snippet.language } : {}),
      };
      note.code = code;
    } else {
      problems.push({ line: lineNo, message: 'the code note needs path, lines and a fenced snippet' });
      for (const name of ['path', 'root', 'lines']) if (attrs.has(name)) extra[name] = attrs.get(name)!;
    }
  }
  const created = attrs.get('created');
  const updated = attrs.get('updated');
  if (created !== undefined) note.created = created;
  if (updated !== undefined) note.updated = updated;
  if (!known) extra['kind'] = rawKind;
  return note;
}

// ---------------------------------------------------------------------------------------------------
// Rendering

const LANGUAGES: Readonly<Record<string, string>> = {
  py: 'python',
  ts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  jsx: 'jsx',
  mjs: 'javascript',
  cjs: 'javascript',
  rs: 'rust',
  go: 'go',
  java: 'java',
  kt: 'kotlin',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  hpp: 'cpp',
  cu: 'cuda',
  rb: 'ruby',
  jl: 'julia',
  r: 'r',
  m: 'matlab',
  scala: 'scala',
  swift: 'swift',
  sh: 'bash',
  lua: 'lua',
  md: 'markdown',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  tex: 'latex',
  sql: 'sql',
  cs: 'csharp',
  php: 'php',
  hs: 'haskell',
  ml: 'ocaml',
  ipynb: 'json',
};

function languageFor(code: CodeAnchor): string {
  // The language goes into the fence's info string, where spaces or backticks would change its meaning.
  if (code.language !== undefined) return /^[A-Za-z0-9_+.#-]{1,32}$/.test(code.language) ? code.language : '';
  const ext = /\.([A-Za-z0-9]+)$/.exec(code.path)?.[1]?.toLowerCase();
  return ext !== undefined ? (LANGUAGES[ext] ?? '') : '';
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The heading a note gets when the caller gives none. */
export function defaultHeading(note: Pick<Note, 'kind' | 'quote' | 'pdf' | 'code'>): string {
  const quoted = note.quote && note.quote.exact.trim() !== '' ? `“${shorten(note.quote.exact, 60)}”` : undefined;
  switch (note.kind) {
    case 'quote':
      return quoted ?? 'Quote';
    case 'pdf':
      return [note.pdf ? `p. ${note.pdf.page}` : 'PDF', quoted].filter(Boolean).join(': ');
    case 'code':
      return note.code ? `${note.code.path}:${note.code.lines.start}-${note.code.lines.end}` : 'Code';
    default:
      return 'Note';
  }
}

/**
 * The note's own text, made safe inside its section: headings that would end the section are moved
 * one level below it, lines that look like an anchor are escaped, and an unclosed fence is closed.
 * Idempotent, so a parsed note normalises to itself.
 */
function safeTextLines(text: string, level: number): string[] {
  const out: string[] = [];
  let fence: Fence | undefined;
  for (const line of text.split('\n')) {
    if (fence) {
      out.push(line);
      if (closesFence(line, fence)) fence = undefined;
      continue;
    }
    fence = openFence(line);
    if (fence) {
      out.push(line);
      continue;
    }
    const h = parseHeading(line);
    if (isAnchorLine(line)) out.push(line.replace('<', '\\<'));
    else if (h && (level === 0 || h.level <= level))
      out.push(level > 0 && level < 6 ? line.replace(/#{1,6}/, '#'.repeat(level + 1)) : line.replace('#', '\\#'));
    else out.push(line);
  }
  if (fence) out.push(fence.char.repeat(fence.length));
  return out;
}

/** Text with `\r\n` made `\n` and leading and trailing blank lines removed, as a parsed note's text is. */
function trimBlankLines(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b).join('\n');
}

/**
 * A note in the exact form it has after being written and read back: line breaks as `\n`, heading on
 * one line (the default one when empty), the fence language filled in, the text made safe (see
 * `safeTextLines`), and a first text line that would be read as the quote or the snippet escaped.
 */
export function normaliseNote(note: Note): Note {
  const nl = (s: string): string => s.replace(/\r\n?/g, '\n');
  const quote = note.quote ? { ...note.quote, exact: nl(note.quote.exact) } : undefined;
  let code: CodeAnchor | undefined;
  if (note.code) {
    const language = languageFor(note.code);
    const { language: _drop, ...rest } = note.code;
    code = { ...rest, snippet: nl(note.code.snippet), ...(language !== '' ? { language } : {}) };
  }
  // -0 would be written as `0`; make it 0 now so the note reads back equal.
  const pdf = note.pdf ? { ...note.pdf, rects: note.pdf.rects.map((r) => ({ x: r.x + 0, y: r.y + 0, width: r.width + 0, height: r.height + 0 })) } : undefined;
  const lines = safeTextLines(trimBlankLines(note.text), note.level);
  const text = lines.length === 1 && lines[0] === '' ? '' : lines.join('\n');
  const showsQuote = (note.kind === 'quote' || note.kind === 'pdf') && quote !== undefined;
  const showsCode = note.kind === 'code' && code !== undefined;
  let safeText = text;
  if ((note.kind === 'quote' || note.kind === 'pdf') && !showsQuote && /^ {0,3}>/.test(text)) safeText = text.replace('>', '\\>');
  // A first line that looks like the highlight's link back to the PDF would be read as that link.
  if (note.kind === 'pdf' && isPdfLinkLine(safeText.split('\n')[0]!)) safeText = `\\${safeText}`;
  if (note.kind === 'code' && !showsCode && openFence(text.split('\n')[0]!)) safeText = text.replace(/[`~]/, (c) => `\\${c}`);
  const oneLine = (h: string): string => h.replace(/[\r\n]+/g, ' ').trim();
  const heading = note.level > 0 ? oneLine(note.heading) || oneLine(defaultHeading({ ...note, quote })) : '';
  return {
    ...note,
    heading,
    text: safeText,
    ...(quote ? { quote } : {}),
    ...(code ? { code } : {}),
    ...(pdf ? { pdf } : {}),
  };
}

function anchorAttributes(note: Note): AnchorAttribute[] {
  const attrs: AnchorAttribute[] = [{ name: 'id', value: note.id }];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined) attrs.push({ name, value });
  };
  add('kind', note.kind === 'general' && note.extra['kind'] !== undefined ? note.extra['kind'] : note.kind);
  if (note.kind === 'quote') add('source', note.source);
  if (note.kind === 'pdf' && note.pdf) {
    add('page', String(note.pdf.page));
    add('rects', note.pdf.rects.map((r) => [r.x, r.y, r.width, r.height].map(String).join(',')).join(';'));
    add('colour', note.pdf.colour);
  }
  if (note.kind === 'quote' || note.kind === 'pdf') {
    add('prefix', note.quote?.prefix);
    add('suffix', note.quote?.suffix);
  }
  if (note.kind === 'code' && note.code) {
    add('path', note.code.path);
    add('root', note.code.root);
    add('lines', note.code.lines.start === note.code.lines.end ? String(note.code.lines.start) : `${note.code.lines.start}-${note.code.lines.end}`);
  }
  add('created', note.created);
  add('updated', note.updated);
  for (const [name, value] of Object.entries(note.extra)) {
    if (name === 'kind' || attrs.some((a) => a.name === name)) continue;
    attrs.push({ name, value });
  }
  return attrs;
}

/** A note section as text, lines joined with `eol`, without a final line break. Expects `normaliseNote`'s output. */
export function renderNote(note: Note, eol: string): string {
  const lines: string[] = [];
  if (note.level > 0) lines.push(`${'#'.repeat(note.level)} ${escapeMarkdownHeading(note.heading)}`);
  lines.push(renderAnchorLine(anchorAttributes(note)));
  if ((note.kind === 'quote' || note.kind === 'pdf') && note.quote) {
    lines.push('', ...note.quote.exact.split('\n').map((l) => (l === '' ? '>' : `> ${escapeMarkdownLine(l)}`)));
  }
  // A highlight links back to its place in the PDF; readers of the file click it, Marginalia reads past it.
  if (note.kind === 'pdf' && note.pdf && isValidNoteId(note.id)) lines.push('', pdfLinkLine(note.id, note.pdf.page));
  if (note.kind === 'code' && note.code) {
    const longestRun = Math.max(0, ...(note.code.snippet.match(/`+/g) ?? []).map((r) => r.length));
    const fence = '`'.repeat(Math.max(3, longestRun + 1));
    lines.push('', fence + (note.code.language ?? ''), ...note.code.snippet.split('\n'), fence);
  }
  if (note.text !== '') lines.push('', ...note.text.split('\n'));
  return lines.join(eol);
}

/**
 * Note files: one Markdown file per paper, with YAML front matter, readable and editable by hand.
 *
 * ```markdown
 * ---
 * id: "2312.00752"
 * title: "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
 * url: https://arxiv.org/abs/2312.00752
 * status: reading                      # to-read | reading | read
 * tags: [ssm, sequence-models]
 * repos: [https://github.com/state-spaces/mamba]
 * added: 2024-01-05
 * my-own-key: kept as is               # unknown keys and comments survive every edit
 * ---
 *
 * # Mamba: Linear-Time Sequence Modeling with Selective State Spaces
 *
 * Albert Gu, Tri Dao · [arXiv:2312.00752](https://arxiv.org/abs/2312.00752)
 *
 * Free text anywhere is the general notes area; Marginalia never rewrites it.
 *
 * ## “a key weakness of such models is their inability to perform content-based reasoning”
 * <!-- marginalia:note id=k3j2m9qa kind=quote prefix="we identify that " suffix=", and make" created=2024-01-05T10:00:00Z -->
 *
 * > a key weakness of such models is their inability to perform content-based reasoning
 *
 * This is why selection matters: the parameters depend on the input.
 *
 * ## mamba_ssm/modules/mamba_simple.py:120-160
 * <!-- marginalia:note id=p0c4tz1e kind=code path=mamba_ssm/modules/mamba_simple.py lines=120-160 -->
 *
 * ```python
 * def forward(self, hidden_states, inference_params=None):
 * ```
 *
 * The selective scan from section 3.3.
 *
 * ## p. 5: “hardware-aware algorithm”
 * <!-- marginalia:note id=x81kd0aa kind=pdf page=5 rects=0.12,0.4,0.3,0.02 -->
 *
 * > hardware-aware algorithm
 * ```
 *
 * Rules (the parser in `noteBody.ts` implements them):
 * - A note is an anchor comment `<!-- marginalia:note id=… kind=… -->` (see `anchorComment.ts`), normally
 *   directly under a heading. It runs to the next note, to the next heading of the same or a higher
 *   level, or to the end of the file, so `###` headings inside a `##` note belong to it.
 * - The anchor's attributes are machine data: `id`, `kind` (general | quote | pdf | code), the
 *   text-quote context `prefix`/`suffix`, `page`/`rects` for PDF highlights (fractions of the page),
 *   `path`/`root`/`lines` for code, `created`/`updated`. Unknown attributes are kept.
 * - Human-readable data is Markdown: the quoted passage is the blockquote right after the anchor (it is
 *   the selector's `exact`, with Markdown escapes), a code link's snippet is the fenced block right
 *   after the anchor, and the rest of the section is the note.
 * - Reading then writing with no change gives the same bytes (BOM, CRLF, missing final line break,
 *   comments, quoting all kept): nothing is re-serialised, edits splice text. Changing a front matter
 *   key changes only that key's lines; changing a note rewrites only that note's section.
 * - Broken front matter never throws: the document carries a `FrontMatterError` with a file line
 *   (`formatNoteError` → `papers/x.md: front matter line 4: …`), the body and notes are still read,
 *   and front matter edits throw `NoteEditError` until the user fixes it.
 */
import {
  editFrontMatterYaml,
  findFrontMatter,
  NoteEditError,
  readFrontMatter,
  renderFrontMatter,
  type Eol,
  type FrontMatter,
  type FrontMatterError,
  type FrontMatterValue,
} from './frontMatter';
import { isSpaceOrTab } from './anchorComment';
import { escapeMarkdownHeading, escapeMarkdownInline, escapeMarkdownLine } from './markdownEscape';
import { isValidNoteId, normaliseNote, renderNote, scanBody, type BodyScan, type NoteSection } from './noteBody';
import { NOTE_KINDS, READING_STATUSES, type NewNote, type Note, type NoteMeta, type NotePatch, type NoteProblem, type ReadingStatus } from './noteModel';
import type { Paper } from '../paper';

export { NoteEditError } from './frontMatter';
export type { Eol, FrontMatter, FrontMatterError, FrontMatterValue } from './frontMatter';

interface Parts {
  readonly bom: boolean;
  readonly eol: Eol;
  readonly frontMatter?: FrontMatter;
  readonly error?: FrontMatterError;
  readonly bodyStart: number;
  readonly scan: BodyScan;
}

const EMPTY_META: NoteMeta = { tags: [], repos: [] };

function detectEol(text: string): Eol {
  const newline = text.indexOf('\n');
  return newline > 0 && text[newline - 1] === '\r' ? '\r\n' : '\n';
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function parseParts(text: string): Parts {
  const bom = text.startsWith('\uFEFF');
  const offset = bom ? 1 : 0;
  const eol = detectEol(text);
  const found = findFrontMatter(text, offset);
  const frontMatter = found.block ? readFrontMatter(text, found.block) : undefined;
  const bodyStart = found.block ? found.block.end : offset;
  const scan = scanBody(text, bodyStart, lineAt(text, bodyStart));
  return { bom, eol, frontMatter, error: found.error ?? frontMatter?.error, bodyStart, scan };
}

/** `papers/x.md: front matter line 4: Map keys must be unique`; the line is a line of the file. */
export function formatNoteError(path: string, error: FrontMatterError): string {
  return `${path}: front matter line ${error.line}: ${error.message}`;
}

/** A fresh, random note id (`[a-z0-9]{8}`, starting with a letter) not used in `existing`. */
export function newNoteId(existing: Iterable<string> = [], random: () => number = Math.random): string {
  const taken = new Set(existing);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (;;) {
    let id = alphabet[Math.floor(random() * 26)]!;
    for (let i = 1; i < 8; i++) id += alphabet[Math.floor(random() * alphabet.length)]!;
    if (!taken.has(id)) return id;
  }
}

function invalid(message: string): NoteEditError {
  return new NoteEditError('invalid-note', message);
}

const isPositiveInt = (n: number): boolean => Number.isInteger(n) && n >= 1;

/** Rejects notes the format could not carry faithfully. */
function validateNote(note: Note): void {
  if (!isValidNoteId(note.id)) throw invalid(`note id '${note.id}' must be 1–64 of A–Z a–z 0–9 _ -`);
  if (!NOTE_KINDS.includes(note.kind)) throw invalid(`unknown note kind '${String(note.kind)}'`);
  if (note.kind === 'quote' && (note.quote === undefined || note.quote.exact === '')) throw invalid('a quote note needs the quoted text');
  if (note.kind === 'pdf') {
    const pdf = note.pdf;
    if (!pdf || !isPositiveInt(pdf.page) || pdf.page > 999999) throw invalid('a PDF note needs a page number');
    if (pdf.rects.some((r) => ![r.x, r.y, r.width, r.height].every(Number.isFinite))) throw invalid('PDF rects must be finite numbers');
  }
  if (note.kind === 'code') {
    const code = note.code;
    if (!code || code.path === '' || /[\r\n]/.test(code.path)) throw invalid('a code note needs a one-line path');
    if (!isPositiveInt(code.lines.start) || !isPositiveInt(code.lines.end) || code.lines.end < code.lines.start) {
      throw invalid('a code note needs lines start ≤ end, from 1');
    }
  }
}

/**
 * A parsed note file. Immutable: every edit returns a new document whose text differs from this one
 * only where the edit says. Parsing never throws; edits throw `NoteEditError` with a reason to show.
 */
export class NoteDocument {
  private constructor(
    private readonly text: string,
    private readonly parts: Parts,
  ) {}

  static parse(text: string): NoteDocument {
    return new NoteDocument(text, parseParts(text));
  }

  /** The file's text: exactly the parsed text when nothing was edited. */
  serialize(): string {
    return this.text;
  }

  get bom(): boolean {
    return this.parts.bom;
  }

  /** The line break this file uses (of its first line); new text is written with it. */
  get eol(): Eol {
    return this.parts.eol;
  }

  get frontMatter(): FrontMatter | undefined {
    return this.parts.frontMatter;
  }

  /** The fields Marginalia understands; empty when there is no (valid) front matter. */
  get meta(): NoteMeta {
    return this.parts.frontMatter?.meta ?? EMPTY_META;
  }

  /** Why the front matter could not be read, if it could not. */
  get error(): FrontMatterError | undefined {
    return this.parts.error;
  }

  /** Things read around: wrong types in the front matter, damaged anchors, duplicate ids. */
  get problems(): readonly NoteProblem[] {
    return [...(this.parts.frontMatter?.problems ?? []), ...this.parts.scan.problems];
  }

  get notes(): readonly Note[] {
    return this.parts.scan.sections.map((s) => s.note);
  }

  /** The Markdown after the front matter, as in the file. */
  get body(): string {
    return this.text.slice(this.parts.bodyStart);
  }

  /** Offset in `serialize()` where the body starts (after the BOM and the front matter). */
  get bodyStart(): number {
    return this.parts.bodyStart;
  }

  /**
   * Where each note's section lies in `serialize()`, in file order: `[start, contentEnd)` is the section without
   * its trailing blank lines, `end` is where the next section, heading or the end of the file begins. For merging
   * files note by note.
   */
  get sectionRanges(): readonly { readonly id: string; readonly start: number; readonly contentEnd: number; readonly end: number }[] {
    return this.parts.scan.sections.map((s) => ({ id: s.note.id, start: s.start, contentEnd: s.contentEnd, end: s.end }));
  }

  getNote(id: string): Note | undefined {
    return this.section(id)?.note;
  }

  /** A fresh id for a note to add to this file. */
  newNoteId(random?: () => number): string {
    return newNoteId(
      this.notes.map((n) => n.id),
      random,
    );
  }

  // ---- front matter --------------------------------------------------------------------------

  /** Sets one front matter key (creating the front matter if the file has none); undefined removes it. */
  setField(key: string, value: FrontMatterValue | undefined): NoteDocument {
    if (this.parts.error) {
      throw new NoteEditError('front-matter-invalid', `fix the front matter first: line ${this.parts.error.line}: ${this.parts.error.message}`);
    }
    const fm = this.parts.frontMatter;
    if (!fm) {
      if (value === undefined) return this;
      const at = this.parts.bom ? 1 : 0;
      return NoteDocument.parse(this.text.slice(0, at) + renderFrontMatter([[key, value]], this.eol) + this.text.slice(at));
    }
    const yaml = editFrontMatterYaml(fm.yaml, key, value, this.eol);
    return NoteDocument.parse(this.text.slice(0, fm.block.yamlStart) + yaml + this.text.slice(fm.block.yamlEnd));
  }

  removeField(key: string): NoteDocument {
    return this.setField(key, undefined);
  }

  setStatus(status: ReadingStatus): NoteDocument {
    if (!READING_STATUSES.includes(status)) throw invalid(`status must be one of ${READING_STATUSES.join(', ')}`);
    return this.setField('status', status);
  }

  /** Sets the tags, trimmed, without empties and duplicates, in the given order. */
  setTags(tags: readonly string[]): NoteDocument {
    return this.setField('tags', uniqueTrimmed(tags));
  }

  setRepos(repos: readonly string[]): NoteDocument {
    return this.setField('repos', uniqueTrimmed(repos));
  }

  setTitle(title: string): NoteDocument {
    return this.setField('title', title.replace(/\s+/g, ' ').trim());
  }

  /** Records when the notes last changed (the caller's clock: the core has none). */
  setUpdated(date: string): NoteDocument {
    return this.setField('updated', date);
  }

  // ---- notes ---------------------------------------------------------------------------------

  private section(id: string): NoteSection | undefined {
    return this.parts.scan.sections.find((s) => s.note.id === id);
  }

  /** Appends a note at the end of the file, at the heading level the file's notes already use (else `##`). */
  addNote(input: NewNote): NoteDocument {
    if (this.section(input.id)) throw invalid(`a note with id '${input.id}' already exists`);
    const levels = this.notes.map((n) => n.level).filter((l) => l > 0);
    const note = normaliseNote({
      id: input.id,
      kind: input.kind,
      heading: input.heading ?? '',
      level: levels[levels.length - 1] ?? 2,
      text: input.text ?? '',
      extra: {},
      ...(input.quote ? { quote: input.quote } : {}),
      ...(input.source !== undefined ? { source: input.source } : {}),
      ...(input.pdf ? { pdf: input.pdf } : {}),
      ...(input.code ? { code: input.code } : {}),
      ...(input.created !== undefined ? { created: input.created } : {}),
      ...(input.updated !== undefined ? { updated: input.updated } : {}),
    });
    validateNote(note);
    const eol = this.eol;
    let text = this.text;
    const hasContent = text.length > this.parts.bodyStart || this.parts.bodyStart > (this.parts.bom ? 1 : 0);
    if (hasContent) {
      // A file ending in a lone CR (a CRLF cut short) gets its LF: another CR before it would end the last line
      // with "\r\r", and a note marker there would no longer be read as one.
      if (text.endsWith('\r')) text += '\n';
      else if (!text.endsWith('\n')) text += eol;
      const fence = this.parts.scan.openFence;
      // A fence left open by hand would swallow the note; close it where the text ends.
      if (fence) text += fence.char.repeat(fence.length) + eol;
      if (!/\n[ \t]*\r?\n$/.test(text)) text += eol;
    }
    return this.checked(NoteDocument.parse(text + renderNote(note, eol) + eol), note.id);
  }

  /** Changes a note; its section is rewritten, the rest of the file is untouched. */
  updateNote(id: string, patch: NotePatch): NoteDocument {
    const section = this.section(id);
    if (!section) throw new NoteEditError('unknown-note', `there is no note with id '${id}'`);
    const old = section.note;
    if ((patch.code && old.kind !== 'code') || (patch.pdf && old.kind !== 'pdf') || (patch.quote && old.kind !== 'quote' && old.kind !== 'pdf')) {
      throw invalid(`a ${old.kind} note cannot take that anchor`);
    }
    const note = normaliseNote({
      ...old,
      ...(patch.text !== undefined ? { text: patch.text } : {}),
      ...(patch.heading !== undefined ? { heading: patch.heading } : {}),
      ...(patch.quote ? { quote: patch.quote } : {}),
      ...(patch.pdf ? { pdf: patch.pdf } : {}),
      ...(patch.code ? { code: patch.code } : {}),
      ...(patch.updated !== undefined ? { updated: patch.updated } : {}),
    });
    validateNote(note);
    const keepsBreak = this.text.slice(section.start, section.contentEnd).endsWith('\n');
    const replacement = renderNote(note, this.eol) + (keepsBreak ? this.eol : '');
    return this.checked(NoteDocument.parse(this.text.slice(0, section.start) + replacement + this.text.slice(section.contentEnd)), id);
  }

  /** Removes a note's section (its heading, anchor, quote and text). */
  removeNote(id: string): NoteDocument {
    const section = this.section(id);
    if (!section) throw new NoteEditError('unknown-note', `there is no note with id '${id}'`);
    let before = this.text.slice(0, section.start);
    const after = this.text.slice(section.end);
    if (after === '' && before.length > this.parts.bodyStart) {
      // The last section went: do not leave a trail of blank lines behind.
      const tail = blankTail(before);
      if (tail) before = before.slice(0, tail.end);
    }
    return NoteDocument.parse(before + after);
  }

  /** Guards against a splice that did not produce what it meant to (a bug, never user data). */
  private checked(doc: NoteDocument, id: string): NoteDocument {
    if (!doc.getNote(id)) throw new NoteEditError('cannot-edit', `the note '${id}' could not be written safely`);
    return doc;
  }
}

/**
 * The blank lines at the end of a text: `start` is where the line break before the first of them begins (its `\r`
 * included) and `end` where it ends; undefined when the text does not end with a blank line after a line break.
 * Found by walking back line by line, as a `(\r?\n)(?:[ \t]*\r?\n)+$` pattern retries the rest of the text from
 * every line break of a long run of them.
 */
export function blankTail(text: string): { readonly start: number; readonly end: number } | undefined {
  if (!text.endsWith('\n')) return undefined;
  let brk = text.length - 1;
  let blankLines = 0;
  while (brk > 0) {
    const previous = text.lastIndexOf('\n', brk - 1);
    if (previous === -1 || !isBlankLine(text, previous + 1, brk)) break;
    blankLines++;
    brk = previous;
  }
  if (blankLines === 0) return undefined;
  return { start: brk > 0 && text[brk - 1] === '\r' ? brk - 1 : brk, end: brk + 1 };
}

/** Whether `text` from `start` to `end` (a line without its `\n`) is blanks and at most a final `\r`. */
function isBlankLine(text: string, start: number, end: number): boolean {
  if (end > start && text[end - 1] === '\r') end--;
  for (let i = start; i < end; i++) if (!isSpaceOrTab(text[i])) return false;
  return true;
}

function uniqueTrimmed(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.replace(/\s+/g, ' ').trim()).filter((v) => v !== ''))];
}

/** Parses a note file. Never throws. */
export function parseNote(text: string): NoteDocument {
  return NoteDocument.parse(text);
}

export interface NewNoteFileOptions {
  /** Today, `YYYY-MM-DD` (or ISO 8601), for `added`. */
  readonly added?: string;
  readonly status?: ReadingStatus;
  readonly tags?: readonly string[];
  readonly eol?: Eol;
}

/** The text of a new note file for a paper: front matter, a title heading, and an authors line. */
export function newNoteFile(paper: Paper, options: NewNoteFileOptions = {}): string {
  const eol = options.eol ?? '\n';
  const title = paper.title.replace(/\s+/g, ' ').trim();
  const url = paper.links.abs ?? paper.links.hfPage ?? paper.links.projectPage ?? paper.links.doi;
  const entries: [string, FrontMatterValue][] = [
    ['id', paper.id],
    ['title', title],
  ];
  if (url !== undefined) entries.push(['url', url]);
  entries.push(['status', options.status ?? 'to-read'], ['tags', uniqueTrimmed(options.tags ?? [])]);
  const repos = uniqueTrimmed(paper.repos.map((r) => r.url));
  if (repos.length > 0) entries.push(['repos', repos]);
  if (options.added !== undefined) entries.push(['added', options.added]);
  const lines = ['', `# ${escapeMarkdownHeading(title || paper.id)}`];
  const byline: string[] = [];
  if (paper.authors.length > 0) byline.push(escapeMarkdownLine(paper.authors.map((a) => a.name.replace(/\s+/g, ' ').trim()).join(', ')));
  if (url !== undefined && /^https?:\/\/[^\s()<>]+$/.test(url)) {
    byline.push(`[${paper.arxivId !== undefined ? `arXiv:${escapeMarkdownInline(paper.arxivId)}` : 'link'}](${url})`);
  }
  if (byline.length > 0) lines.push('', byline.join(' · '));
  return renderFrontMatter(entries, eol) + lines.join(eol) + eol;
}

/**
 * The data in a paper's note file, as the rest of Marginalia sees it. The file format itself is
 * described in `noteFile.ts`; these types are plain data so they cross to webviews unchanged.
 */

/** Reading status kept in the front matter. */
export type ReadingStatus = 'to-read' | 'reading' | 'read';

export const READING_STATUSES: readonly ReadingStatus[] = ['to-read', 'reading', 'read'];

/** How every view names a status: the paper view's picker, the list's badge and filter, the hover. */
export const READING_STATUS_LABELS: Readonly<Record<ReadingStatus, string>> = { 'to-read': 'To read', reading: 'Reading', read: 'Read' };

/** The front matter fields Marginalia understands. Unknown keys stay in the file and in `FrontMatter.data`. */
export interface NoteMeta {
  readonly id?: string;
  readonly title?: string;
  readonly url?: string;
  readonly status?: ReadingStatus;
  readonly tags: readonly string[];
  /** Repository URLs (or `owner/repo`). */
  readonly repos: readonly string[];
  /** When the paper was added to the library (`YYYY-MM-DD` or ISO 8601). */
  readonly added?: string;
  /** When the notes last changed (`YYYY-MM-DD` or ISO 8601). */
  readonly updated?: string;
}

/**
 * What a note is attached to:
 * - `general`: the paper as a whole (the general notes area);
 * - `quote`: a passage of a text (the abstract unless `source` says otherwise), found again by its quote;
 * - `pdf`: a highlight in the PDF, by page and position, with its text as a quote;
 * - `code`: a range of code in the workspace, with the snippet so the link re-finds its lines.
 */
export type NoteKind = 'general' | 'quote' | 'pdf' | 'code';

export const NOTE_KINDS: readonly NoteKind[] = ['general', 'quote', 'pdf', 'code'];

/**
 * A W3C-style text-quote selector: the exact passage plus a little context on each side, so the
 * passage is found again when the text changes slightly (a new arXiv version) and flagged when not.
 */
export interface TextQuoteSelector {
  readonly exact: string;
  readonly prefix?: string;
  readonly suffix?: string;
}

/** A rectangle on a PDF page, as fractions (0–1) of the page's width and height, origin top left. */
export interface PdfRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PdfAnchor {
  /** 1-based page number. */
  readonly page: number;
  readonly rects: readonly PdfRect[];
  /**
   * The highlight's colour as written in the anchor (`colour=green`): kept exactly, also when this version does not
   * know it (the reader then shows it in its default colour).
   */
  readonly colour?: string;
}

/** 1-based, inclusive line range. */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

export interface CodeAnchor {
  /** Workspace-relative POSIX path. */
  readonly path: string;
  /** Workspace folder name in a multi-root workspace. */
  readonly root?: string;
  readonly lines: LineRange;
  /** The code as it was when linked (no trailing line break); used to find the range again after edits. */
  readonly snippet: string;
  /** Fence language for display (`python`); derived from the path when absent. */
  readonly language?: string;
}

export interface Note {
  /** Stable id, unique in the file (`[A-Za-z0-9_-]`). Empty when the anchor in the file has none. */
  readonly id: string;
  readonly kind: NoteKind;
  /** Heading text, plain (Markdown escapes removed). */
  readonly heading: string;
  /** Heading level 1–6, 0 when the note has no heading. */
  readonly level: number;
  /** The note itself, Markdown, lines joined with `\n`, no leading or trailing blank lines. */
  readonly text: string;
  readonly quote?: TextQuoteSelector;
  /** For quotes: what text the quote is in when not the abstract (e.g. `comment`). */
  readonly source?: string;
  readonly pdf?: PdfAnchor;
  readonly code?: CodeAnchor;
  /** ISO 8601 timestamps. */
  readonly created?: string;
  readonly updated?: string;
  /** Anchor attributes this version does not know, kept and written back as they were. */
  readonly extra: Readonly<Record<string, string>>;
}

/** A note to add: everything but `extra` and `level` is as in `Note`; heading defaults from the anchor. */
export interface NewNote {
  readonly id: string;
  readonly kind: NoteKind;
  readonly text?: string;
  readonly heading?: string;
  readonly quote?: TextQuoteSelector;
  readonly source?: string;
  readonly pdf?: PdfAnchor;
  readonly code?: CodeAnchor;
  readonly created?: string;
  readonly updated?: string;
}

/** Fields of a note that can change. `undefined` leaves a field as it is. */
export interface NotePatch {
  readonly text?: string;
  readonly heading?: string;
  readonly quote?: TextQuoteSelector;
  readonly pdf?: PdfAnchor;
  readonly code?: CodeAnchor;
  readonly updated?: string;
}

/** Something in the file Marginalia read around rather than failed on. */
export interface NoteProblem {
  /** 1-based line in the file. */
  readonly line: number;
  readonly message: string;
}

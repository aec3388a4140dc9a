/**
 * Highlights in a PDF: a passage on one page, its boxes as fractions of the page, a colour, the quoted text with a
 * little context (to find it again in a new version of the paper), and an optional note.
 *
 * A highlight is a `pdf` note in the paper's Markdown note file (see `src/core/notes/noteFile.ts`): the note id is
 * the highlight id, the anchor has `page`, `rects` and `colour`, the quote is the blockquote with `prefix` and
 * `suffix` as its context, and the note's text is the highlight's note. This module maps one to the other.
 */
import type { NewNote, Note, NotePatch, PdfRect } from '../notes/noteModel';

export type { PdfRect };

export const HIGHLIGHT_COLOURS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type HighlightColour = (typeof HIGHLIGHT_COLOURS)[number];

export interface PdfHighlight {
  /** The note id in the note file (`[A-Za-z0-9_-]`). */
  readonly id: string;
  /** 1-based page number. */
  readonly page: number;
  /** Boxes as fractions (0–1) of the displayed page, origin top left. */
  readonly rects: readonly PdfRect[];
  /** The colour shown: the file's colour when it is one the reader knows, else yellow. */
  readonly colour: HighlightColour;
  /** The colour exactly as the file has it, when it is not one of `HIGHLIGHT_COLOURS` (kept, shown as yellow). */
  readonly colourName?: string;
  readonly quote: string;
  /** Text just before and after the quote on the page, to re-find it when the PDF changes. */
  readonly prefix?: string;
  readonly suffix?: string;
  /** The note on the highlight (Markdown); absent when there is none. */
  readonly note?: string;
  /** ISO 8601, when the file says. */
  readonly created?: string;
  /** Not in the note file yet: made in a Restricted Mode workspace, written once it is trusted. */
  readonly unsaved?: true;
}

/** What the reader sends to create a highlight; the host adds the id and the date. */
export type NewHighlight = Omit<PdfHighlight, 'id' | 'created' | 'colourName' | 'unsaved'>;

export function isHighlightColour(value: unknown): value is HighlightColour {
  return typeof value === 'string' && (HIGHLIGHT_COLOURS as readonly string[]).includes(value);
}

/** The highlight a `pdf` note stands for; undefined for other notes and PDF notes without a usable anchor. */
export function highlightFromNote(note: Note): PdfHighlight | undefined {
  if (note.kind !== 'pdf' || !note.pdf || note.id === '') return undefined;
  const raw = note.pdf.colour;
  const known = isHighlightColour(raw);
  return {
    id: note.id,
    page: note.pdf.page,
    rects: note.pdf.rects,
    colour: known ? raw : 'yellow',
    ...(raw !== undefined && !known ? { colourName: raw } : {}),
    quote: note.quote?.exact ?? '',
    ...(note.quote?.prefix !== undefined ? { prefix: note.quote.prefix } : {}),
    ...(note.quote?.suffix !== undefined ? { suffix: note.quote.suffix } : {}),
    ...(note.text.trim() !== '' ? { note: note.text } : {}),
    ...(note.created !== undefined ? { created: note.created } : {}),
  };
}

/** The highlights among a note file's notes, in reading order. */
export function highlightsOf(notes: readonly Note[]): PdfHighlight[] {
  return sortHighlights(notes.map(highlightFromNote).filter((h): h is PdfHighlight => h !== undefined));
}

/** The note that stores a new highlight. */
export function noteForHighlight(highlight: NewHighlight, id: string, created: string): NewNote {
  return {
    id,
    kind: 'pdf',
    pdf: { page: highlight.page, rects: highlight.rects, colour: highlight.colour },
    quote: {
      exact: highlight.quote,
      ...(highlight.prefix ? { prefix: highlight.prefix } : {}),
      ...(highlight.suffix ? { suffix: highlight.suffix } : {}),
    },
    text: highlight.note ?? '',
    created,
  };
}

/** The patch of a highlight's note for a new colour and/or note text; the anchor's other parts stay as they are. */
export function highlightPatch(current: Note, change: { readonly colour?: HighlightColour; readonly note?: string }, updated: string): NotePatch {
  if (current.kind !== 'pdf' || !current.pdf) throw new Error(`The note '${current.id}' is not a PDF highlight.`);
  return {
    ...(change.colour !== undefined ? { pdf: { ...current.pdf, colour: change.colour } } : {}),
    ...(change.note !== undefined ? { text: change.note } : {}),
    updated,
  };
}

/** Reading order: by page, then from the top of the page down, then left to right. */
export function sortHighlights<T extends Pick<PdfHighlight, 'page' | 'rects'>>(list: readonly T[]): T[] {
  const top = (h: T) => Math.min(...h.rects.map((r) => r.y), Infinity);
  const left = (h: T) => Math.min(...h.rects.map((r) => r.x), Infinity);
  return [...list].sort((a, b) => a.page - b.page || top(a) - top(b) || left(a) - left(b));
}

/**
 * Highlights in a PDF: a passage on one page, its boxes in PDF user space, a colour, the quoted text with a little
 * context (to find it again in a new version of the paper), and an optional note.
 */
import type { UserRect } from './geometry';

export const HIGHLIGHT_COLOURS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type HighlightColour = (typeof HIGHLIGHT_COLOURS)[number];

export interface PdfHighlight {
  /** Stable id, `[A-Za-z0-9_-]` (the note file's anchor id once highlights live there). */
  readonly id: string;
  /** 1-based page number. */
  readonly page: number;
  readonly rects: readonly UserRect[];
  readonly colour: HighlightColour;
  readonly quote: string;
  /** Text just before and after the quote on the page, to re-find it when the PDF changes. */
  readonly prefix?: string;
  readonly suffix?: string;
  readonly note?: string;
  /** ISO 8601. */
  readonly created: string;
}

/** What the reader sends to create a highlight; the host adds the id and the date. */
export type NewHighlight = Omit<PdfHighlight, 'id' | 'created'>;

export function isHighlightColour(value: unknown): value is HighlightColour {
  return typeof value === 'string' && (HIGHLIGHT_COLOURS as readonly string[]).includes(value);
}

/** A short random id; `h` first so it is never all digits. */
export function newHighlightId(random: () => number = Math.random): string {
  let id = 'h';
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 10; i++) id += alphabet[Math.floor(random() * alphabet.length)];
  return id;
}

/** Reading order: by page, then from the top of the page (highest y in user space) down, then left to right. */
export function sortHighlights(list: readonly PdfHighlight[]): PdfHighlight[] {
  const top = (h: PdfHighlight) => Math.max(...h.rects.map((r) => r[3]), -Infinity);
  const left = (h: PdfHighlight) => Math.min(...h.rects.map((r) => r[0]), Infinity);
  return [...list].sort((a, b) => a.page - b.page || top(b) - top(a) || left(a) - left(b));
}

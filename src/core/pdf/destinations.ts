/**
 * PDF destinations (outline entries and internal links): `[pageRef, {name: 'XYZ'}, left, top, zoom]` and friends
 * (PDF 32000-1 §12.3.2.2). Only where on the page to go is read here; the reader keeps its own zoom.
 */

/** The page reference (a pdf.js ref object or a 0-based page index) and the point of a destination, if any. */
export interface ParsedDestination {
  readonly page: unknown;
  /** User-space x of the left edge to show, when the destination says. */
  readonly left?: number;
  /** User-space y of the top edge to show, when the destination says. */
  readonly top?: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function parseExplicitDestination(dest: unknown): ParsedDestination | undefined {
  if (!Array.isArray(dest) || dest.length < 2) return undefined;
  const [page, mode, ...args] = dest as [unknown, unknown, ...unknown[]];
  const name = typeof mode === 'object' && mode !== null ? (mode as { name?: unknown }).name : mode;
  switch (name) {
    case 'XYZ':
      return { page, left: num(args[0]), top: num(args[1]) };
    case 'FitH':
    case 'FitBH':
      return { page, top: num(args[0]) };
    case 'FitV':
    case 'FitBV':
      return { page, left: num(args[0]) };
    case 'FitR':
      return { page, left: num(args[0]), top: num(args[3]) };
    default:
      return { page };
  }
}

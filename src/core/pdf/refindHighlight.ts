/**
 * Finding a highlight again in a PDF that may have changed (a new arXiv version of the paper): is its quote still
 * where its boxes are, somewhere else on the page, or not on the page at all? Works on pdf.js text content (items
 * with their transforms), so pages need not be rendered; boxes of text found elsewhere are estimated from the items'
 * metrics, good enough to draw a highlight over the words.
 *
 * The quote is searched in the page's readable text as the reader builds it for a selection (`quoteBetween`), with
 * the text-quote selector's strict-to-loose steps (`locateQuote`): exact, up to whitespace and case, approximate.
 */
import { locateQuote } from '../anchors/textQuote';
import type { PdfRect } from '../notes/noteModel';
import { displaySize, mergeLineRects, userRectToViewport, type BoxRect, type PageGeometry } from './geometry';
import { buildPageText, itemRange, type PageText, type TextItemLike } from './textSearch';

/** The part of a pdf.js `TextItem` this needs: its text, where it starts and how big it is (user space). */
export interface PositionedTextItem extends TextItemLike {
  /** `[a, b, c, d, e, f]`: the text matrix; `(e, f)` is where the run's baseline starts. */
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
}

export interface PageTextContent {
  readonly geometry: PageGeometry;
  readonly items: readonly PositionedTextItem[];
}

/** What a highlight needs to be found: where it was and what it quoted. */
export interface HighlightAnchor {
  readonly rects: readonly PdfRect[];
  readonly quote: string;
  readonly prefix?: string;
  readonly suffix?: string;
}

export type PagePlacement =
  /** The quote is under the highlight's boxes (on the page the highlight is on); `changed` when only approximately. */
  | { readonly status: 'here'; readonly changed?: true }
  /** The quote is on this page, elsewhere (or on another page than the highlight's): these are its boxes. */
  | { readonly status: 'found'; readonly rects: readonly PdfRect[]; readonly how: 'exact' | 'normalised' | 'approximate' }
  /** Not on this page. */
  | { readonly status: 'absent' };

/** How high a run's glyphs reach above its baseline, as a share of the font height (pdf.js's default ascent). */
const ASCENT = 0.8;

/** The readable text of a page, as a selection's quote is built from it. */
export function readablePageText(items: readonly TextItemLike[]): PageText {
  return buildPageText(items, { matchCase: true, matchDiacritics: true });
}

/** Estimated boxes (fractions of the page) of `[start, end)` of a page's readable text, one per line. */
export function textRangeRects(page: PageTextContent, text: PageText, start: number, end: number): PdfRect[] {
  if (end <= start) return [];
  const { from, to } = itemRange(text, start, end);
  const boxes: BoxRect[] = [];
  for (let i = from.item; i <= to.item && i < page.items.length; i++) {
    const item = page.items[i]!;
    const length = item.str.length;
    if (length === 0 || !(item.width > 0)) continue;
    const s = i === from.item ? Math.min(from.offset, length) / length : 0;
    const e = i === to.item ? Math.min(to.offset, length) / length : 1;
    if (e <= s) continue;
    const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = item.transform;
    const along = Math.hypot(a, b) || 1;
    const across = Math.hypot(c, d) || 1;
    const dir = [a / along, b / along];
    const up = [c / across, d / across];
    const height = item.height > 0 ? item.height : across;
    const corners: [number, number][] = [];
    for (const t of [s, e]) {
      for (const h of [-(1 - ASCENT) * height, ASCENT * height]) {
        corners.push([x + dir[0]! * item.width * t + up[0]! * h, y + dir[1]! * item.width * t + up[1]! * h]);
      }
    }
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    boxes.push(userRectToViewport(page.geometry, 1, [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]));
  }
  const size = displaySize(page.geometry);
  return mergeLineRects(boxes).map((b) => ({
    x: round(b.left / size.width),
    y: round(b.top / size.height),
    width: round(b.width / size.width),
    height: round(b.height / size.height),
  }));
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

function area(r: PdfRect): number {
  return Math.max(0, r.width) * Math.max(0, r.height);
}

/** Whether two sets of boxes cover the same words: some pair overlaps by at least a third of the smaller box. */
export function sameSpot(a: readonly PdfRect[], b: readonly PdfRect[]): boolean {
  for (const p of a) {
    for (const q of b) {
      const w = Math.min(p.x + p.width, q.x + q.width) - Math.max(p.x, q.x);
      const h = Math.min(p.y + p.height, q.y + q.height) - Math.max(p.y, q.y);
      if (w <= 0 || h <= 0) continue;
      const smaller = Math.min(area(p), area(q));
      if (smaller > 0 && (w * h) / smaller >= 1 / 3) return true;
    }
  }
  return false;
}

/**
 * Where a highlight's quote is on one page. `ownPage`: this is the page the highlight is stored on, so its boxes
 * can confirm it is still `here` (any occurrence of the quote under them counts, so a word used twice on the page
 * stays where the reader put it).
 */
export function placeOnPage(
  page: PageTextContent,
  highlight: HighlightAnchor,
  ownPage: boolean,
  options: { readonly approximate?: boolean } = {},
): PagePlacement {
  const text = readablePageText(page.items);
  const quote = highlight.quote.trim();
  if (quote === '') return ownPage ? { status: 'here' } : { status: 'absent' };
  if (ownPage) {
    for (let at = text.text.indexOf(quote); at !== -1; at = text.text.indexOf(quote, at + 1)) {
      if (sameSpot(textRangeRects(page, text, at, at + quote.length), highlight.rects)) return { status: 'here' };
    }
  }
  // Without `approximate`, only the exact text (up to whitespace and case) counts: a search across pages looks for
  // that everywhere first, so a similar sentence on a nearer page does not win over the real one further away.
  const approximate = options.approximate ?? true;
  const match = locateQuote(
    text.text,
    { exact: quote, prefix: highlight.prefix, suffix: highlight.suffix },
    approximate ? {} : { minApproximateLength: Number.POSITIVE_INFINITY },
  );
  if (match.status !== 'found') return { status: 'absent' };
  const rects = textRangeRects(page, text, match.start, match.end);
  if (rects.length === 0) return { status: 'absent' };
  if (ownPage && sameSpot(rects, highlight.rects)) return match.how === 'approximate' ? { status: 'here', changed: true } : { status: 'here' };
  return { status: 'found', rects, how: match.how };
}

/** The order pages are searched for a highlight that left its page: its neighbours first, then outwards. */
export function searchOrder(page: number, pageCount: number): number[] {
  if (pageCount < 1) return [];
  // A page past the end (a shorter new version): start from the last page.
  const centre = Math.min(Math.max(1, page), pageCount);
  const order: number[] = centre === page ? [] : [centre];
  for (let d = 1; d < pageCount; d++) {
    if (centre - d >= 1) order.push(centre - d);
    if (centre + d <= pageCount) order.push(centre + d);
  }
  return order;
}

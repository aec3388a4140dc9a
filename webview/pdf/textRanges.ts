/** Boxes of text in a page's text layer, for drawing find matches and turning selections into highlights. */
import { mergeLineRects, type BoxRect } from '../../src/core/pdf/geometry';
import type { ItemPosition } from '../../src/core/pdf/textSearch';
import type { PageView } from './pageView';

/**
 * Line boxes (CSS pixels from the page's top left) covering the text between two item positions. Measured with
 * a DOM range per span, so they follow the text layer's glyph scaling; then joined into one box per line.
 */
export function textBoxes(view: PageView, from: ItemPosition, to: ItemPosition): BoxRect[] {
  const spans = view.textSpans;
  const pageRect = view.div.getBoundingClientRect();
  const boxes: BoxRect[] = [];
  const range = document.createRange();
  for (let i = from.item; i <= to.item && i < spans.length; i++) {
    const text = spans[i]!.firstChild;
    // Empty items have a span that is never put in the document.
    if (!text || text.nodeType !== Node.TEXT_NODE || !spans[i]!.isConnected) continue;
    const length = (text as Text).length;
    const start = i === from.item ? Math.min(from.offset, length) : 0;
    const end = i === to.item ? Math.min(to.offset, length) : length;
    if (end <= start) continue;
    range.setStart(text, start);
    range.setEnd(text, end);
    for (const r of range.getClientRects()) boxes.push({ left: r.left - pageRect.left, top: r.top - pageRect.top, width: r.width, height: r.height });
  }
  return mergeLineRects(boxes);
}

/** Pixel boxes as percentages of the page box (which is what marks are positioned with). */
export function toPercent(view: PageView, boxes: readonly BoxRect[]): BoxRect[] {
  const { width, height } = view.div.getBoundingClientRect();
  if (width === 0 || height === 0) return [];
  return boxes.map((b) => ({ left: (100 * b.left) / width, top: (100 * b.top) / height, width: (100 * b.width) / width, height: (100 * b.height) / height }));
}

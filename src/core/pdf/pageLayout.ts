/**
 * Where each page sits in the reader's continuous scroll, computed rather than measured: the webview sizes its
 * page boxes from this, so positions are known without forcing a browser layout (cheap on 500-page documents),
 * and a scroll position can be kept across zoom changes as "page N, this far down it".
 */
import { CSS_PER_POINT } from './zoom';

export interface PageSize {
  /** In PDF points, as displayed (after the page's rotation). */
  readonly width: number;
  readonly height: number;
}

export interface LayoutOptions {
  /** Space above the first page and below the last, in CSS pixels. */
  readonly padding: number;
  /** Space between pages, in CSS pixels. */
  readonly gap: number;
}

/** A point in the document as a reader thinks of it: a page (0-based) and a fraction of its height. */
export interface DocPosition {
  readonly pageIndex: number;
  /** 0 at the top edge of the page, 1 at the bottom edge. */
  readonly offset: number;
}

export class PageLayout {
  private readonly tops: Float64Array;
  private readonly heights: Float64Array;
  private readonly widths: Float64Array;
  readonly totalHeight: number;
  readonly maxWidth: number;

  constructor(
    sizes: readonly PageSize[],
    readonly zoom: number,
    private readonly options: LayoutOptions,
  ) {
    const n = sizes.length;
    this.tops = new Float64Array(n);
    this.heights = new Float64Array(n);
    this.widths = new Float64Array(n);
    let y = options.padding;
    let maxWidth = 0;
    for (let i = 0; i < n; i++) {
      const box = pageBox(sizes[i]!, zoom);
      this.tops[i] = y;
      this.heights[i] = box.height;
      this.widths[i] = box.width;
      maxWidth = Math.max(maxWidth, box.width);
      y += box.height + (i < n - 1 ? options.gap : 0);
    }
    this.totalHeight = y + options.padding;
    this.maxWidth = maxWidth;
  }

  get pageCount(): number {
    return this.tops.length;
  }

  top(pageIndex: number): number {
    return this.tops[pageIndex] ?? 0;
  }

  height(pageIndex: number): number {
    return this.heights[pageIndex] ?? 0;
  }

  width(pageIndex: number): number {
    return this.widths[pageIndex] ?? 0;
  }

  /** The page at a vertical position; positions in a gap belong to the page above, before the first to the first. */
  pageAt(y: number): number {
    let lo = 0;
    let hi = this.tops.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.tops[mid]! <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Pages that intersect [top, bottom): first and last index, inclusive. */
  visibleRange(top: number, bottom: number): { first: number; last: number } {
    let first = this.pageAt(top);
    let last = this.pageAt(Math.max(top, bottom - 1));
    // A position in the gap after a page maps to that page; the next page is not visible yet.
    if (last > first && this.tops[last]! >= bottom) last--;
    // A view starting in the gap below a page does not show that page (a jump to a page puts half the gap above it).
    if (first < last && this.tops[first]! + this.heights[first]! <= top) first++;
    return { first, last };
  }

  position(y: number): DocPosition {
    const pageIndex = this.pageAt(y);
    const h = this.heights[pageIndex] || 1;
    return { pageIndex, offset: Math.min(1, Math.max(0, (y - this.tops[pageIndex]!) / h)) };
  }

  y(position: DocPosition): number {
    const index = Math.min(Math.max(0, position.pageIndex), this.tops.length - 1);
    if (index < 0) return 0;
    return this.tops[index]! + this.heights[index]! * Math.min(1, Math.max(0, position.offset));
  }

  get padding(): number {
    return this.options.padding;
  }
}

/**
 * A page's box in whole CSS pixels. Rounded down, as pdf.js rounds its text layer (`round(down, …)`), so that the
 * canvas, the text layer and the box agree to the pixel.
 */
export function pageBox(size: PageSize, zoom: number): { width: number; height: number } {
  const scale = zoom * CSS_PER_POINT;
  return { width: Math.max(1, Math.floor(size.width * scale)), height: Math.max(1, Math.floor(size.height * scale)) };
}

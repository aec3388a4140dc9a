/**
 * Finds each highlight again in the open document (see `src/core/pdf/refindHighlight.ts`): still where the note
 * file says, moved (a new version of the PDF: found by its quote, nearby pages first), or not found (flagged, shown
 * where it was). Reads pages' text content from pdf.js, which needs no rendering; each page is read once per
 * document, and each highlight is placed once unless it changes.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { placeOnPage, searchOrder, type PageTextContent } from '../../src/core/pdf/refindHighlight';
import type { PdfHighlight } from '../../src/protocol/pdf';
import type { Placement } from './highlights';

export class Refinder {
  private readonly pages = new Map<number, Promise<PageTextContent | undefined>>();
  private readonly placed = new Map<string, Placement>();

  constructor(private readonly doc: PDFDocumentProxy) {}

  private text(pageNumber: number): Promise<PageTextContent | undefined> {
    let text = this.pages.get(pageNumber);
    if (!text) {
      text = (async () => {
        try {
          const page = await this.doc.getPage(pageNumber);
          const content = await page.getTextContent();
          const items = content.items.filter((item): item is TextItem => 'str' in item);
          return { geometry: { view: page.view as [number, number, number, number], rotation: page.rotate }, items };
        } catch {
          return undefined;
        }
      })();
      this.pages.set(pageNumber, text);
    }
    return text;
  }

  /** Where each highlight shows in this document. */
  async place(highlights: readonly PdfHighlight[]): Promise<Map<string, Placement>> {
    const result = new Map<string, Placement>();
    for (const h of highlights) {
      const key = JSON.stringify([h.id, h.page, h.rects, h.quote, h.prefix, h.suffix]);
      let placement = this.placed.get(key);
      if (!placement) {
        placement = await this.placeOne(h);
        this.placed.set(key, placement);
      }
      result.set(h.id, placement);
    }
    return result;
  }

  private async placeOne(h: PdfHighlight): Promise<Placement> {
    const count = this.doc.numPages;
    const stay: Placement = { page: h.page, rects: h.rects, state: 'here' };
    if (h.quote.trim() === '') return stay;
    let nearby: Placement | undefined;
    if (h.page <= count) {
      const own = await this.text(h.page);
      // A page whose text cannot be read (a scan) cannot tell: the highlight stays where it was.
      if (!own) return stay;
      const here = placeOnPage(own, h, true);
      if (here.status === 'here') return here.changed ? { ...stay, state: 'changed' } : stay;
      if (here.status === 'found') {
        const moved: Placement = { page: h.page, rects: here.rects, state: 'moved' };
        if (here.how !== 'approximate') return moved;
        nearby = moved;
      }
    }
    // The exact quote anywhere first, then (unless its own page had it approximately) a close match.
    const order = searchOrder(h.page, count);
    for (const approximate of [false, true]) {
      if (approximate && nearby) return nearby;
      for (const page of order) {
        const text = await this.text(page);
        const found = text ? placeOnPage(text, h, false, { approximate }) : undefined;
        if (found?.status === 'found') return { page, rects: found.rects, state: 'moved' };
      }
    }
    return { page: Math.min(h.page, count), rects: h.page <= count ? h.rects : [], state: 'orphaned' };
  }
}

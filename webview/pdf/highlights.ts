/**
 * Highlights in the reader: a floating bar appears over a text selection (colours, "Add note"); the selection
 * becomes one highlight per page it covers, boxes in PDF user space plus the quote and its context. Highlights
 * the host sends are drawn under the text layer; clicking one tells the host, which offers what to do with it.
 */
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import { boxContains, type BoxRect } from '../../src/core/pdf/geometry';
import { HIGHLIGHT_COLOURS, type HighlightColour } from '../../src/core/pdf/highlights';
import { quoteBetween, type ItemPosition } from '../../src/core/pdf/textSearch';
import type { NewHighlightPart, PdfHighlight, PdfRect } from '../../src/protocol/pdf';
import { el } from '../shared/vscodeApi';
import type { Mark, PageView } from './pageView';
import { textBoxes } from './textRanges';
import type { PdfViewer } from './viewer';
import { NoteEditor } from './noteEditor';

/**
 * Where a highlight shows in this document: where the file says (`here`, or `changed` when its text differs a
 * little), somewhere its quote was found again (`moved`, a new version of the PDF), or where the file says but
 * flagged because its quote is nowhere in this document (`orphaned`).
 */
export interface Placement {
  readonly page: number;
  readonly rects: readonly PdfRect[];
  readonly state: 'here' | 'changed' | 'moved' | 'orphaned';
}

const percent = (r: PdfRect): BoxRect => ({ left: r.x * 100, top: r.y * 100, width: r.width * 100, height: r.height * 100 });

export interface HighlightCallbacks {
  /** A new highlight; `note` is what the user wrote in the note editor ("Add Note…"). */
  create(parts: readonly NewHighlightPart[], colour: HighlightColour, note?: string): void;
  clicked(id: string): void;
  /** The note of a highlight, edited beside it. */
  saveNote(id: string, note: string): void;
}

/** Where a DOM boundary point of a selection falls in a page's text items. */
function itemPosition(view: PageView, node: Node, offset: number, atEnd: boolean): ItemPosition | undefined {
  const spans = view.textSpans;
  const layer = view.textLayerDiv;
  if (!layer) return undefined;
  if (node.nodeType === Node.TEXT_NODE) {
    const index = spans.indexOf(node.parentElement as HTMLElement);
    if (index >= 0) return { item: index, offset };
  }
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  if (!element) return undefined;
  const own = spans.indexOf(element as HTMLElement);
  if (own >= 0) return offset === 0 ? { item: own, offset: 0 } : { item: own, offset: spans[own]!.textContent?.length ?? 0 };
  if (!layer.contains(element) && element !== layer) return atEnd ? lastPosition(view) : { item: 0, offset: 0 };
  // A point between children of the layer: the next span after it, or the end.
  const child = element.childNodes[offset];
  if (child) {
    for (let i = 0; i < spans.length; i++) {
      if (spans[i]!.isConnected && (child === spans[i] || child.compareDocumentPosition(spans[i]!) & Node.DOCUMENT_POSITION_FOLLOWING))
        return { item: i, offset: 0 };
    }
  }
  return lastPosition(view);
}

function lastPosition(view: PageView): ItemPosition {
  const spans = view.textSpans;
  return { item: Math.max(0, spans.length - 1), offset: spans[spans.length - 1]?.textContent?.length ?? 0 };
}

export class Highlighter {
  private readonly popup: HTMLElement;
  private viewer: PdfViewer | undefined;
  private highlights: readonly PdfHighlight[] = [];
  private placements = new Map<string, Placement>();
  private lastColour: HighlightColour = 'yellow';
  private flashId: string | undefined;
  private readonly noteEditor: NoteEditor;

  /** `root` holds the floating bar; `scroller` is the viewer's scroll container, which outlives each document. */
  constructor(
    private readonly root: HTMLElement,
    scroller: HTMLElement,
    private readonly callbacks: HighlightCallbacks,
  ) {
    scroller.addEventListener('click', (event) => this.onClick(event));
    scroller.addEventListener('mousemove', (event) => this.onHover(event));
    const swatches = HIGHLIGHT_COLOURS.map((colour) => {
      const button = el('button', {
        className: `swatch-button hl-${colour}`,
        attrs: { title: `Highlight in ${colour}`, 'aria-label': `Highlight in ${colour}` },
      });
      button.addEventListener('mousedown', (event) => event.preventDefault());
      button.addEventListener('click', () => this.create(colour, false));
      return button;
    });
    const note = el('vscode-toolbar-button', {
      attrs: { icon: 'comment', label: 'Add Note…', title: 'Highlight and add a note', 'aria-label': 'Highlight and add a note' },
    });
    note.addEventListener('mousedown', (event) => event.preventDefault());
    note.addEventListener('click', () => this.create(this.lastColour, true));
    this.popup = el(
      'div',
      { className: 'selection-popup', attrs: { role: 'toolbar', 'aria-label': 'Highlight the selection', hidden: '' } },
      ...swatches,
      note,
    );
    root.append(this.popup);
    this.noteEditor = new NoteEditor(root);

    document.addEventListener('selectionchange', () => {
      if (document.getSelection()?.isCollapsed) this.hidePopup();
    });
    document.addEventListener('mouseup', () => {
      for (const layer of document.querySelectorAll('.textLayer.selecting')) layer.classList.remove('selecting');
      // After the browser has settled the selection.
      setTimeout(() => this.showPopupForSelection(), 0);
    });
    document.addEventListener('keyup', (event) => {
      if (event.shiftKey || event.key === 'Shift') this.showPopupForSelection();
    });
  }

  setViewer(viewer: PdfViewer | undefined): void {
    this.viewer = viewer;
  }

  setHighlights(highlights: readonly PdfHighlight[]): void {
    this.highlights = highlights;
    this.redraw();
  }

  /** Where highlights were found again in this document (see `Placement`); the rest show where the file says. */
  setPlacements(placements: ReadonlyMap<string, Placement>): void {
    this.placements = new Map(placements);
    this.redraw();
  }

  placement(h: PdfHighlight): Placement {
    return this.placements.get(h.id) ?? { page: h.page, rects: h.rects, state: 'here' };
  }

  private redraw(): void {
    for (const view of this.viewer?.pages ?? []) this.drawPage(view);
  }

  /** Draws the highlights of a page. */
  drawPage(view: PageView): void {
    const marks: Mark[] = [];
    for (const h of this.highlights) {
      const place = this.placement(h);
      if (place.page !== view.pageNumber) continue;
      const classes = ['hl', `hl-${h.colour}`, place.state !== 'here' ? place.state : '', h.unsaved ? 'unsaved' : '', h.id === this.flashId ? 'flash' : ''];
      for (const rect of place.rects) marks.push({ ...percent(rect), className: classes.filter(Boolean).join(' '), data: { id: h.id } });
    }
    view.setMarks('highlights', marks);
  }

  /** Scrolls to a highlight and makes it blink once. */
  async reveal(id: string): Promise<void> {
    const viewer = this.viewer;
    const h = this.highlights.find((x) => x.id === id);
    if (!viewer || !h) return;
    const place = this.placement(h);
    const view = viewer.pages[place.page - 1];
    if (!view) return;
    await view.page();
    const boxes = place.rects.map(percent);
    if (boxes.length === 0) {
      viewer.goToPage(place.page);
      return;
    }
    const top = Math.min(...boxes.map((b) => b.top));
    const left = Math.min(...boxes.map((b) => b.left));
    const bottom = Math.max(...boxes.map((b) => b.top + b.height));
    viewer.revealBox(view.index, { left, top, width: 1, height: bottom - top });
    // Revealed again while it blinks: drawn once without the blink first, so the marks are new and blink again.
    if (this.flashId === id) {
      this.flashId = undefined;
      this.drawPage(view);
    }
    this.flashId = id;
    this.drawPage(view);
    setTimeout(() => {
      if (this.flashId !== id) return;
      this.flashId = undefined;
      this.drawPage(view);
    }, 1600);
  }

  /** Highlights the current selection in the last colour used (the `h` key). */
  highlightSelection(): boolean {
    if (this.selectionParts().length === 0) return false;
    this.create(this.lastColour, false);
    return true;
  }

  hidePopup(): void {
    this.popup.hidden = true;
  }

  /** The selection as highlight parts, one per page it touches. */
  selectionParts(): NewHighlightPart[] {
    const viewer = this.viewer;
    const selection = document.getSelection();
    if (!viewer || !selection || selection.isCollapsed || selection.rangeCount === 0) return [];
    const range = selection.getRangeAt(0);
    const parts: NewHighlightPart[] = [];
    for (const view of viewer.pages) {
      const layer = view.textLayerDiv;
      if (!layer || !view.textItems || !range.intersectsNode(layer)) continue;
      const startsHere = layer.contains(range.startContainer);
      const endsHere = layer.contains(range.endContainer);
      const from = startsHere ? itemPosition(view, range.startContainer, range.startOffset, false) : { item: 0, offset: 0 };
      const to = endsHere ? itemPosition(view, range.endContainer, range.endOffset, true) : lastPosition(view);
      if (!from || !to) continue;
      const boxes = textBoxes(view, from, to);
      if (boxes.length === 0) continue;
      const pageRect = view.div.getBoundingClientRect();
      if (pageRect.width === 0 || pageRect.height === 0) continue;
      const quote = quoteBetween(view.textItems, from, to);
      if (!quote.exact) continue;
      parts.push({
        page: view.pageNumber,
        // Fractions of the page: the form the note file keeps, the same at any zoom and on a re-typeset page.
        rects: boxes.map((b) => fractionRect(b, pageRect.width, pageRect.height)),
        quote: quote.exact.slice(0, 20_000),
        prefix: quote.prefix.slice(0, 200) || undefined,
        suffix: quote.suffix.slice(0, 200) || undefined,
      });
    }
    return parts;
  }

  private create(colour: HighlightColour, withNote: boolean): void {
    const parts = this.selectionParts();
    this.hidePopup();
    if (parts.length === 0) return;
    this.lastColour = colour;
    const selection = document.getSelection();
    const anchor = selection && selection.rangeCount > 0 ? selection.getRangeAt(0).getBoundingClientRect() : undefined;
    selection?.removeAllRanges();
    if (!withNote || !anchor) {
      this.callbacks.create(parts, colour);
      return;
    }
    // The highlight is made when the note is saved; Escape leaves the passage as it was.
    this.noteEditor.open({ quote: parts.map((p) => p.quote).join(' '), initial: '', anchor, save: (note) => this.callbacks.create(parts, colour, note) });
  }

  /** Opens the note editor beside a highlight ("Edit Note…" from the host's actions). */
  async editNote(id: string): Promise<void> {
    const h = this.highlights.find((x) => x.id === id);
    const viewer = this.viewer;
    if (!h || !viewer) return;
    await this.reveal(id);
    const place = this.placement(h);
    const view = viewer.pages[place.page - 1];
    if (!view) return;
    const page = view.div.getBoundingClientRect();
    const boxes = place.rects.length ? place.rects : [{ x: 0.1, y: 0.1, width: 0.8, height: 0.02 }];
    const left = page.left + Math.min(...boxes.map((r) => r.x)) * page.width;
    const top = page.top + Math.min(...boxes.map((r) => r.y)) * page.height;
    const bottom = page.top + Math.max(...boxes.map((r) => r.y + r.height)) * page.height;
    const anchor = new DOMRect(left, top, 1, bottom - top);
    this.noteEditor.open({ quote: h.quote, initial: h.note ?? '', anchor, save: (note) => this.callbacks.saveNote(id, note) });
  }

  private showPopupForSelection(): void {
    const selection = document.getSelection();
    if (!this.viewer || !selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    const anchor = range.startContainer.parentElement?.closest('.textLayer');
    if (!anchor || !selection.toString().trim()) return;
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0 && r.height < 200);
    const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
    this.popup.hidden = false;
    const popupRect = this.popup.getBoundingClientRect();
    const rootRect = this.root.getBoundingClientRect();
    let top = last.bottom + 6 - rootRect.top;
    if (top + popupRect.height > rootRect.height - 4) top = (rects[0]?.top ?? last.top) - popupRect.height - 6 - rootRect.top;
    const left = Math.min(Math.max(4, last.right - popupRect.width / 2 - rootRect.left), rootRect.width - popupRect.width - 4);
    this.popup.style.top = `${Math.max(4, top)}px`;
    this.popup.style.left = `${left}px`;
  }

  private hitTest(event: MouseEvent): PdfHighlight | undefined {
    const page = (event.target as Element | null)?.closest?.('.page') as HTMLElement | null;
    if (!page) return undefined;
    const number = Number(page.dataset.page);
    const rect = page.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * 100;
    const y = ((event.clientY - rect.top) / rect.height) * 100;
    return this.highlights.find((h) => {
      const place = this.placement(h);
      return place.page === number && place.rects.some((r) => boxContains(percent(r), x, y, 0.1));
    });
  }

  private onClick(event: MouseEvent): void {
    if (event.defaultPrevented || !document.getSelection()?.isCollapsed) return;
    if ((event.target as Element | null)?.closest?.('a')) return;
    const hit = this.hitTest(event);
    if (hit) this.callbacks.clicked(hit.id);
  }

  private onHover(event: MouseEvent): void {
    if (this.highlights.length === 0 || event.buttons !== 0) return;
    this.viewer?.container.classList.toggle('over-highlight', this.hitTest(event) !== undefined);
  }
}

/** A box in CSS pixels of the page as fractions of it, to 4 decimals (a tenth of a point on a letter page). */
function fractionRect(b: BoxRect, width: number, height: number): PdfRect {
  const round = (v: number) => Math.round(v * 10_000) / 10_000;
  return { x: round(b.left / width), y: round(b.top / height), width: round(b.width / width), height: round(b.height / height) };
}

/**
 * The continuous-scroll reader. Pages are boxes laid out from their sizes (src/core/pdf/pageLayout.ts); an
 * IntersectionObserver says which are on screen; those and their neighbours are rendered, nearest first, one at a
 * time; pages further away are released back to placeholders, so a 500-page document holds a handful of canvases.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { displaySize, type BoxRect } from '../../src/core/pdf/geometry';
import { PageLayout, type PageSize } from '../../src/core/pdf/pageLayout';
import type { PageColors } from '../../src/core/pdf/pageTheme';
import { CSS_PER_POINT, resolveZoom, zoomIn, zoomOut, type ZoomSetting } from '../../src/core/pdf/zoom';
import type { PdfViewState } from '../../src/protocol/pdf';
import { colorsKey, paperColor } from './pageColors';
import { PageView, type PageLink } from './pageView';
import type { RenderQueue } from './renderQueue';

const PADDING = 12;
const GAP = 10;
/** Side margin kept by "fit width" and "fit page". */
const MARGIN = 12;
/** Pages beyond the visible ones and their neighbours that keep their canvas (scrolling back is instant). */
const KEEP = 2;
/**
 * Render priorities (lower first, plus the distance from the current page): the pages on screen, then their text
 * layers, then the neighbours' canvases and theirs. The sidebar's thumbnails come after all (10,000 and up).
 */
const ON_SCREEN = 0;
const TEXT_AFTER = 1000;
const NEIGHBOUR = 2000;

export interface ViewerCallbacks {
  pageChanged(page: number, pageCount: number): void;
  zoomChanged(setting: ZoomSetting, zoom: number): void;
  /** The position settled after scrolling or zooming. */
  stateChanged(state: PdfViewState): void;
  textLayerReady(view: PageView): void;
  firstPageRendered(): void;
  followLink(link: PageLink): void;
}

export class PdfViewer {
  readonly pagesDiv: HTMLDivElement;
  readonly pages: PageView[] = [];
  private sizes: PageSize[] = [];
  private layout!: PageLayout;
  private zoomSetting: ZoomSetting = 'page-width';
  private zoomValue = 1;
  private colors: PageColors = { kind: 'original' };
  private renderKey = '';
  private readonly observer: IntersectionObserver;
  private readonly resizeObserver: ResizeObserver;
  private currentPage = 1;
  private updateQueued = false;
  /** Pages whose text is on its way (`requestText`), by index. */
  private readonly textFetches = new Map<number, Promise<void>>();
  private stateTimer: ReturnType<typeof setTimeout> | undefined;
  private firstRendered = false;
  private destroyed = false;
  /** Removes this viewer's listeners from the container, which outlives it (a changed file gets a new viewer). */
  private readonly listeners = new AbortController();

  constructor(
    readonly container: HTMLElement,
    readonly doc: PDFDocumentProxy,
    readonly queue: RenderQueue,
    private readonly callbacks: ViewerCallbacks,
  ) {
    this.pagesDiv = document.createElement('div');
    this.pagesDiv.className = 'pages';
    this.observer = new IntersectionObserver((entries) => this.onIntersect(entries), { root: container, rootMargin: '0px', threshold: 0 });
    this.resizeObserver = new ResizeObserver(() => this.onResize());
  }

  get pageCount(): number {
    return this.doc.numPages;
  }

  get page(): number {
    return this.currentPage;
  }

  get zoom(): number {
    return this.zoomValue;
  }

  get zoomMode(): ZoomSetting {
    return this.zoomSetting;
  }

  /** Lays out every page from the first page's size, shows the start position and renders what is on screen. */
  async init(options: { colors: PageColors; state?: PdfViewState }): Promise<void> {
    this.colors = options.colors;
    performance.mark('pdf-init');
    const first = await this.doc.getPage(1);
    performance.mark('pdf-page1');
    const size = displaySize({ view: first.view as [number, number, number, number], rotation: first.rotate });
    // Every page is assumed to be the size of the first until it is loaded: true of nearly every paper.
    this.sizes = Array.from({ length: this.pageCount }, () => size);
    for (let i = 0; i < this.pageCount; i++) {
      const view = new PageView(i, {
        doc: this.doc,
        painted: () => this.onPainted(),
        textLayerReady: (v) => this.callbacks.textLayerReady(v),
        followLink: (link) => this.callbacks.followLink(link),
      });
      this.pages.push(view);
      this.pagesDiv.append(view.div);
    }
    this.container.replaceChildren(this.pagesDiv);
    this.zoomSetting = options.state?.zoom ?? 'page-width';
    this.applyColorsStyle();
    this.relayout(options.state ? { pageIndex: options.state.page - 1, offset: options.state.offset } : { pageIndex: 0, offset: 0 });
    performance.mark('pdf-laid-out');
    for (const view of this.pages) this.observer.observe(view.div);
    this.resizeObserver.observe(this.container);
    this.container.addEventListener('scroll', () => this.onScroll(), { passive: true, signal: this.listeners.signal });
    this.update();
  }

  /** Goes to a page (1-based), `offset` of the way down it. */
  goToPage(page: number, offset = 0): void {
    const index = Math.min(this.pageCount, Math.max(1, Math.round(page))) - 1;
    this.scrollToY(this.layout.top(index) + offset * this.layout.height(index) - (offset === 0 ? GAP / 2 : 0));
  }

  /** Scrolls so a box on a page (percent of the page) is in view, centred when it was not visible. */
  revealBox(pageIndex: number, box: BoxRect): void {
    const top = this.layout.top(pageIndex) + (box.top / 100) * this.layout.height(pageIndex);
    const height = (box.height / 100) * this.layout.height(pageIndex);
    const viewTop = this.container.scrollTop;
    const viewBottom = viewTop + this.container.clientHeight;
    if (top >= viewTop + 20 && top + height <= viewBottom - 20) return;
    this.scrollToY(top + height / 2 - this.container.clientHeight / 2);
    const pageLeft = parseFloat(this.pages[pageIndex]!.div.style.left) || 0;
    const left = pageLeft + (box.left / 100) * this.layout.width(pageIndex);
    if (left < this.container.scrollLeft || left > this.container.scrollLeft + this.container.clientWidth - 40) {
      this.container.scrollLeft = left - this.container.clientWidth / 3;
    }
  }

  setZoom(setting: ZoomSetting, anchorClientY = 0): void {
    this.zoomSetting = setting;
    const anchorY = this.container.scrollTop + anchorClientY;
    const position = this.layout.position(anchorY);
    const ratioX =
      this.container.scrollWidth > this.container.clientWidth ? (this.container.scrollLeft + this.container.clientWidth / 2) / this.container.scrollWidth : 0.5;
    this.relayout(position, anchorClientY);
    if (this.container.scrollWidth > this.container.clientWidth)
      this.container.scrollLeft = ratioX * this.container.scrollWidth - this.container.clientWidth / 2;
    this.scheduleUpdate();
    this.scheduleState();
  }

  zoomIn(anchorClientY?: number): void {
    this.setZoom(zoomIn(this.zoomValue), anchorClientY);
  }

  zoomOut(anchorClientY?: number): void {
    this.setZoom(zoomOut(this.zoomValue), anchorClientY);
  }

  setColors(colors: PageColors): void {
    if (colorsKey(colors) === colorsKey(this.colors)) return;
    this.colors = colors;
    this.applyColorsStyle();
    for (const view of this.pages) view.invalidate();
    this.scheduleUpdate();
  }

  get state(): PdfViewState {
    const index = this.currentPage - 1;
    const h = this.layout.height(index) || 1;
    const offset = Math.min(1, Math.max(0, (this.container.scrollTop - this.layout.top(index)) / h));
    return { page: this.currentPage, offset: Math.round(offset * 1000) / 1000, zoom: this.zoomSetting };
  }

  /** Resolves once every queued render has finished (benchmarks and tests wait on it). */
  async whenIdle(): Promise<void> {
    // An update may be waiting for the next frame before it queues anything.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await this.queue.whenIdle();
    // Text asked for outside the queue brings its layer into the queue when it comes.
    while (this.textFetches.size > 0 && !this.destroyed) {
      await Promise.all([...this.textFetches.values()]);
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await this.queue.whenIdle();
    }
  }

  /**
   * Resolves once every page in view shows its canvas at the current zoom and colours, its text layer or not: what
   * the benchmark compares with pdf.js's viewer (whose pages in view are "finished" when their canvas is).
   */
  async whenVisiblePainted(): Promise<void> {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    await frame();
    await frame();
    for (;;) {
      if (this.destroyed) return;
      const { first, last } = this.visibleRange();
      let painted = true;
      for (let i = first; i <= last && painted; i++) painted = this.pages[i]!.isCurrent(this.renderKey);
      if (painted) return;
      await frame();
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.listeners.abort();
    this.observer.disconnect();
    this.resizeObserver.disconnect();
    clearTimeout(this.stateTimer);
    this.queue.cancelWhere((key) => key.startsWith('page:') || key.startsWith('text:'));
    for (const view of this.pages) view.release();
    this.container.replaceChildren();
  }

  private applyColorsStyle(): void {
    this.renderKey = `${this.zoomValue}|${colorsKey(this.colors)}|${window.devicePixelRatio || 1}`;
    this.pagesDiv.style.setProperty('--page-paper', paperColor(this.colors));
    this.pagesDiv.classList.toggle('mapped', this.colors.kind !== 'original');
  }

  /** Recomputes the zoom (fit modes depend on the window) and every page box, keeping `position` where it was. */
  private relayout(position: { pageIndex: number; offset: number }, anchorClientY = 0): void {
    const current = this.sizes[Math.min(this.sizes.length - 1, Math.max(0, position.pageIndex))] ?? this.sizes[0]!;
    this.zoomValue = resolveZoom(this.zoomSetting, {
      containerWidth: this.container.clientWidth,
      containerHeight: this.container.clientHeight,
      pageWidth: current.width,
      pageHeight: current.height,
      margin: MARGIN,
    });
    this.layout = new PageLayout(this.sizes, this.zoomValue, { padding: PADDING, gap: GAP });
    const width = Math.max(this.container.clientWidth, this.layout.maxWidth + 2 * MARGIN);
    this.pagesDiv.style.width = `${width}px`;
    this.pagesDiv.style.height = `${this.layout.totalHeight}px`;
    this.pagesDiv.style.setProperty('--total-scale-factor', String(this.zoomValue * CSS_PER_POINT));
    for (let i = 0; i < this.pages.length; i++) {
      const w = this.layout.width(i);
      this.pages[i]!.place({ left: Math.floor((width - w) / 2), top: this.layout.top(i), width: w, height: this.layout.height(i) });
    }
    this.applyColorsStyle();
    this.scrollToY(this.layout.y(position) - anchorClientY - (position.offset === 0 && anchorClientY === 0 ? GAP / 2 : 0));
    this.callbacks.zoomChanged(this.zoomSetting, this.zoomValue);
  }

  private scrollToY(y: number): void {
    this.container.scrollTop = Math.max(0, y);
    this.updateCurrentPage();
    this.scheduleUpdate();
  }

  private onIntersect(entries: IntersectionObserverEntry[]): void {
    if (entries.some((entry) => entry.isIntersecting || this.pages[Number((entry.target as HTMLElement).dataset.page) - 1]?.isRendered)) this.scheduleUpdate();
  }

  private onScroll(): void {
    this.updateCurrentPage();
    this.scheduleState();
  }

  private onResize(): void {
    if (this.destroyed || !this.layout) return;
    // Fit modes follow the window; a fixed zoom only needs the pages re-centred.
    const index = this.currentPage - 1;
    const h = this.layout.height(index) || 1;
    this.relayout({ pageIndex: index, offset: Math.min(1, Math.max(0, (this.container.scrollTop - this.layout.top(index)) / h)) });
    this.scheduleUpdate();
  }

  private updateCurrentPage(): void {
    if (!this.layout) return;
    const top = this.container.scrollTop;
    let index = this.layout.pageAt(top);
    // When little of the top page is left in view, the reader is on the next one.
    const remaining = this.layout.top(index) + this.layout.height(index) - top;
    if (index < this.pageCount - 1 && remaining < this.container.clientHeight / 4) index++;
    if (index + 1 !== this.currentPage) {
      this.currentPage = index + 1;
      this.callbacks.pageChanged(this.currentPage, this.pageCount);
    }
  }

  private scheduleState(): void {
    clearTimeout(this.stateTimer);
    this.stateTimer = setTimeout(() => {
      if (!this.destroyed) this.callbacks.stateChanged(this.state);
    }, 400);
  }

  private scheduleUpdate(): void {
    if (this.updateQueued) return;
    this.updateQueued = true;
    requestAnimationFrame(() => {
      this.updateQueued = false;
      if (!this.destroyed) this.update();
    });
  }

  /** Queues renders for the visible pages and their neighbours; releases pages far from view. */
  private update(): void {
    // The observer says when pages come into or leave view; which ones are on screen right now is read from the
    // layout, which is exact even in the frame after a jump, before the observer has reported.
    const { first, last } = this.visibleRange();
    const wantFirst = Math.max(0, first - 1);
    const wantLast = Math.min(this.pageCount - 1, last + 1);
    for (let i = wantFirst; i <= wantLast; i++) {
      const view = this.pages[i]!;
      const priority = this.priorityOf(i, first, last);
      if (!view.isCurrent(this.renderKey)) this.queue.request(`page:${i}`, { priority, run: () => this.renderPage(i) });
      else if (view.needsText) this.requestText(i, priority);
    }
    for (let i = 0; i < this.pageCount; i++) {
      if (i >= wantFirst && i <= wantLast) continue;
      this.queue.cancel(`page:${i}`);
      this.queue.cancel(`text:${i}`);
      if (i < wantFirst - KEEP || i > wantLast + KEEP) {
        const view = this.pages[i]!;
        if (view.div.classList.contains('rendered') || view.textLayerDiv) view.release();
      }
    }
  }

  private async renderPage(index: number): Promise<void> {
    const view = this.pages[index]!;
    const key = this.renderKey;
    await view.page();
    if (this.correctSize(index)) return;
    await view.render(this.zoomValue, this.colors, key);
    if (!view.needsText) return;
    const { first, last } = this.visibleRange();
    this.requestText(index, this.priorityOf(index, first, last));
  }

  private visibleRange(): { first: number; last: number } {
    return this.layout.visibleRange(this.container.scrollTop, this.container.scrollTop + this.container.clientHeight);
  }

  /**
   * A page's render priority: on-screen pages first, nearest the current page first; then their text layers; then
   * the neighbours, as pdf.js's viewer does: a page is seen before its text can be selected.
   */
  private priorityOf(index: number, first: number, last: number): number {
    return (index >= first && index <= last ? ON_SCREEN : NEIGHBOUR) + Math.abs(index - (this.currentPage - 1));
  }

  /**
   * The text layer of a painted page: after every page in view is painted (`pagePriority` is its page's). Its text
   * is asked for first, outside the queue, as pdf.js's viewer does; the layer is queued once the text is here.
   */
  private requestText(index: number, pagePriority: number): void {
    const view = this.pages[index]!;
    if (!view.hasTextData) {
      if (this.textFetches.has(index)) return;
      const fetching = view.fetchTextData().then(() => {
        this.textFetches.delete(index);
        // Queued by the next update if the page is still wanted.
        if (!this.destroyed) this.scheduleUpdate();
      });
      this.textFetches.set(index, fetching);
      return;
    }
    this.queue.request(`text:${index}`, { priority: pagePriority + TEXT_AFTER, run: () => view.renderText(this.zoomValue) });
  }

  private onPainted(): void {
    if (this.firstRendered) return;
    this.firstRendered = true;
    this.callbacks.firstPageRendered();
    // Only once the reader sees a page: the sizes are a nicety, the first page is not.
    setTimeout(() => void this.loadAllSizes(), 200);
  }

  /** When a loaded page turns out to have another size than assumed, the layout is redone (and renders requeued). */
  private correctSize(index: number): boolean {
    const geometry = this.pages[index]!.geometry;
    if (!geometry) return false;
    const size = displaySize(geometry);
    const assumed = this.sizes[index]!;
    if (Math.abs(size.width - assumed.width) < 0.5 && Math.abs(size.height - assumed.height) < 0.5) return false;
    this.sizes[index] = size;
    this.relayoutKeepingPlace();
    this.scheduleUpdate();
    return true;
  }

  private relayoutKeepingPlace(): void {
    const index = this.currentPage - 1;
    const h = this.layout.height(index) || 1;
    this.relayout({ pageIndex: index, offset: Math.min(1, Math.max(0, (this.container.scrollTop - this.layout.top(index)) / h)) });
  }

  /** After the first page is up, learns every page's real size in the background, a few pages at a time. */
  private async loadAllSizes(): Promise<void> {
    const chunk = 16;
    for (let start = 0; start < this.pageCount && !this.destroyed; start += chunk) {
      let changed = false;
      const end = Math.min(this.pageCount, start + chunk);
      const proxies = await Promise.all(Array.from({ length: end - start }, (_, k) => this.doc.getPage(start + k + 1)));
      proxies.forEach((proxy, k) => {
        const size = displaySize({ view: proxy.view as [number, number, number, number], rotation: proxy.rotate });
        const assumed = this.sizes[start + k]!;
        if (Math.abs(size.width - assumed.width) >= 0.5 || Math.abs(size.height - assumed.height) >= 0.5) {
          this.sizes[start + k] = size;
          changed = true;
        }
      });
      if (changed && !this.destroyed) {
        this.relayoutKeepingPlace();
        this.scheduleUpdate();
      }
      // Yield to rendering and input between chunks.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
}

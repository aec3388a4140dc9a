/**
 * One page of the reader: a placeholder box of the right size until the page comes near the window, then a canvas,
 * a selectable text layer, a layer of link areas and a layer of marks (highlights, find matches). Released again
 * when the reader scrolls far away, so memory follows the pages on screen, not the length of the document.
 */
import { AnnotationType, RenderingCancelledException, TextLayer, type PDFDocumentProxy, type PDFPageProxy, type RenderTask } from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import type { PageGeometry, UserRect } from '../../src/core/pdf/geometry';
import { userRectToPercent } from '../../src/core/pdf/geometry';
import type { PageColors } from '../../src/core/pdf/pageTheme';
import { CSS_PER_POINT } from '../../src/core/pdf/zoom';
import { applyPageColors } from './pageColors';

/** What a text layer is built from: the page's text, and its annotations (for the links). */
type TextData = [Awaited<ReturnType<PDFPageProxy['getTextContent']>>, unknown[]];

/** Canvas pixels above which a page renders at a lower resolution (about 64 MB of canvas per page). */
const MAX_CANVAS_PIXELS = 16_777_216;

/** A link area of the page: to a destination in the document, or to the web. */
export type PageLink = { readonly kind: 'dest'; readonly dest: string | unknown[] } | { readonly kind: 'url'; readonly url: string };

export interface PageViewHost {
  readonly doc: PDFDocumentProxy;
  /** The canvas is on screen (the text layer comes after, a task of its own in the render queue). */
  painted(view: PageView): void;
  /** The text layer is in place (find draws its matches, selection can map to text). */
  textLayerReady(view: PageView): void;
  followLink(link: PageLink): void;
}

/** A box drawn over the page, in percent of the page so it follows zoom without recomputing. */
export interface Mark {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly className: string;
  readonly data?: Readonly<Record<string, string>>;
}

export class PageView {
  readonly div: HTMLDivElement;
  private canvas: HTMLCanvasElement | undefined;
  private renderedKey: string | undefined;
  private task: RenderTask | undefined;
  private textDiv: HTMLDivElement | undefined;
  private textLayer: TextLayer | undefined;
  private textBuilding: Promise<void> | undefined;
  /** The page's text and annotations, asked for once the canvas is up; kept until the page is released. */
  private textData: Promise<TextData> | undefined;
  private textDataReady = false;
  private linkDiv: HTMLDivElement | undefined;
  private readonly markGroups = new Map<string, HTMLDivElement>();
  /** What each group's layer shows: drawing the same marks again keeps their elements (and what measured them). */
  private readonly markKeys = new Map<string, string>();
  private proxy: PDFPageProxy | undefined;
  /** Bumped by `release`, so work that was under way when the page was released throws its result away. */
  private generation = 0;
  /** The items behind the text layer's spans (one span per item, same order). */
  textItems: TextItem[] | undefined;
  geometry: PageGeometry | undefined;

  constructor(
    readonly index: number,
    private readonly host: PageViewHost,
  ) {
    this.div = document.createElement('div');
    this.div.className = 'page';
    this.div.dataset.page = String(index + 1);
    this.div.setAttribute('role', 'region');
    this.div.setAttribute('aria-label', `Page ${index + 1}`);
  }

  get pageNumber(): number {
    return this.index + 1;
  }

  get isRendered(): boolean {
    return this.canvas !== undefined && this.task === undefined;
  }

  get hasTextLayer(): boolean {
    return this.textLayer !== undefined && this.textBuilding === undefined;
  }

  get textLayerDiv(): HTMLDivElement | undefined {
    return this.textDiv;
  }

  /** The text layer's spans, in item order (empty items have a span that is not in the document). */
  get textSpans(): readonly HTMLElement[] {
    return this.textLayer?.textDivs ?? [];
  }

  place(box: { left: number; top: number; width: number; height: number }): void {
    const s = this.div.style;
    s.left = `${box.left}px`;
    s.top = `${box.top}px`;
    s.width = `${box.width}px`;
    s.height = `${box.height}px`;
  }

  async page(): Promise<PDFPageProxy> {
    if (!this.proxy) {
      this.proxy = await this.host.doc.getPage(this.pageNumber);
      this.geometry = { view: this.proxy.view as [number, number, number, number], rotation: this.proxy.rotate };
    }
    return this.proxy;
  }

  /** Whether the canvas shows the page at this zoom and colours. */
  isCurrent(key: string): boolean {
    return this.renderedKey === key && this.task === undefined;
  }

  /**
   * Renders the page at a zoom. The old canvas, stretched by CSS, stays until the new one is complete, so zooming
   * never flashes an empty page.
   */
  async render(zoom: number, colors: PageColors, key: string): Promise<void> {
    if (this.isCurrent(key)) return;
    const generation = this.generation;
    const page = await this.page();
    if (generation !== this.generation) return;
    const viewport = page.getViewport({ scale: zoom * CSS_PER_POINT });
    const dpr = window.devicePixelRatio || 1;
    const area = viewport.width * viewport.height * dpr * dpr;
    const outputScale = area > MAX_CANVAS_PIXELS ? dpr * Math.sqrt(MAX_CANVAS_PIXELS / area) : dpr;
    const canvas = document.createElement('canvas');
    canvas.className = 'page-canvas';
    canvas.width = Math.max(1, Math.floor(viewport.width * outputScale));
    canvas.height = Math.max(1, Math.floor(viewport.height * outputScale));
    canvas.setAttribute('aria-hidden', 'true');
    const task = page.render({
      canvas,
      viewport,
      transform: outputScale === 1 ? undefined : [canvas.width / viewport.width, 0, 0, canvas.height / viewport.height, 0, 0],
      // Where raster images are, so page colours can leave them untouched.
      recordImages: colors.kind !== 'original',
    });
    this.task = task;
    performance.mark(`pdf-render-start-${this.pageNumber}`);
    try {
      await task.promise;
      performance.mark(`pdf-render-end-${this.pageNumber}`);
    } catch (error) {
      canvas.width = canvas.height = 0;
      if (error instanceof RenderingCancelledException) return;
      throw error;
    } finally {
      if (this.task === task) this.task = undefined;
    }
    if (generation !== this.generation) {
      canvas.width = canvas.height = 0;
      return;
    }
    applyPageColors(canvas, colors, task.imageCoordinates ?? page.imageCoordinates);
    if (this.canvas) {
      this.canvas.replaceWith(canvas);
      this.canvas.width = this.canvas.height = 0;
    } else this.div.prepend(canvas);
    this.canvas = canvas;
    this.renderedKey = key;
    this.div.classList.add('rendered');
    this.host.painted(this);
    this.textLayer?.update({ viewport: page.getViewport({ scale: zoom * CSS_PER_POINT }) });
  }

  /** Whether the canvas is up without its text layer (the reader queues `renderText` after the pages in view). */
  get needsText(): boolean {
    return this.canvas !== undefined && this.textLayer === undefined;
  }

  /**
   * Whether the page's text and annotations are here, so that building its text layer is work on this page alone.
   * Until then the reader keeps the layer out of the render queue: with pdf.js's worker in the extension host they
   * cross the host and VS Code's webview messaging (60 ms at the median under load, up to 300), and a layer that
   * waited for them in the queue held back the next page's render.
   */
  get hasTextData(): boolean {
    return this.textDataReady;
  }

  /** Asks for the page's text and annotations, once; resolves when they are here (or failed: the layer says so later). */
  fetchTextData(): Promise<void> {
    if (!this.proxy) return Promise.resolve();
    return this.textDataOf(this.proxy).then(
      () => undefined,
      () => undefined,
    );
  }

  private textDataOf(page: PDFPageProxy): Promise<TextData> {
    if (!this.textData) {
      const generation = this.generation;
      const data = Promise.all([page.getTextContent(), page.getAnnotations({ intent: 'display' }).catch(() => [])]);
      this.textData = data;
      // Failed text counts as here too: building the layer then fails and says why, as it did before.
      const settle = () => {
        if (generation === this.generation && this.textData === data) this.textDataReady = true;
      };
      void data.then(settle, settle);
    }
    return this.textData;
  }

  /** Builds the text layer (selection, find, links) under a painted canvas. */
  async renderText(zoom: number): Promise<void> {
    if (!this.needsText || !this.proxy) return;
    await this.buildTextLayer(this.proxy, zoom, this.generation);
  }

  private buildTextLayer(page: PDFPageProxy, zoom: number, generation: number): Promise<void> {
    if (this.textBuilding) return this.textBuilding;
    this.textBuilding = (async () => {
      const [content, annotations] = await this.textDataOf(page);
      if (generation !== this.generation) return;
      const div = document.createElement('div');
      div.className = 'textLayer';
      const layer = new TextLayer({ textContentSource: content, container: div, viewport: page.getViewport({ scale: zoom * CSS_PER_POINT }) });
      await layer.render();
      if (generation !== this.generation) return;
      // Dragging a selection across the gaps between spans would otherwise select whole paragraphs at once.
      const end = document.createElement('div');
      end.className = 'endOfContent';
      div.append(end);
      div.addEventListener('mousedown', () => div.classList.add('selecting'));
      this.textDiv?.remove();
      this.div.append(div);
      this.textDiv = div;
      this.textLayer = layer;
      this.textItems = content.items.filter((item): item is TextItem => 'str' in item);
      this.buildLinks(annotations as LinkAnnotation[]);
    })().finally(() => {
      this.textBuilding = undefined;
    });
    return this.textBuilding.then(() => {
      if (this.textLayer) this.host.textLayerReady(this);
    });
  }

  private buildLinks(annotations: readonly LinkAnnotation[]): void {
    this.linkDiv?.remove();
    this.linkDiv = undefined;
    if (!this.geometry) return;
    const links = annotations.filter((a) => a.annotationType === AnnotationType.LINK && Array.isArray(a.rect));
    if (links.length === 0) return;
    const layer = document.createElement('div');
    layer.className = 'linkLayer';
    for (const a of links) {
      const link: PageLink | undefined = a.dest ? { kind: 'dest', dest: a.dest } : a.url ? { kind: 'url', url: a.url } : undefined;
      if (!link) continue;
      const box = userRectToPercent(this.geometry, normalizeRect(a.rect));
      const anchor = document.createElement('a');
      anchor.className = 'link';
      anchor.href = link.kind === 'url' ? link.url : '#';
      anchor.title = link.kind === 'url' ? link.url : 'Go to the destination in this document';
      setBox(anchor, box);
      anchor.addEventListener('click', (event) => {
        event.preventDefault();
        this.host.followLink(link);
      });
      layer.append(anchor);
    }
    this.div.append(layer);
    this.linkDiv = layer;
  }

  /** Replaces one group of marks (e.g. `find`, `highlights`). */
  setMarks(group: string, marks: readonly Mark[]): void {
    let layer = this.markGroups.get(group);
    if (marks.length === 0) {
      layer?.remove();
      this.markGroups.delete(group);
      this.markKeys.delete(group);
      return;
    }
    const key = JSON.stringify(marks);
    if (layer && this.markKeys.get(group) === key) return;
    this.markKeys.set(group, key);
    if (!layer) {
      layer = document.createElement('div');
      layer.className = `markLayer marks-${group}`;
      // Marks sit under the text layer so selecting text over a highlight still works.
      this.div.insertBefore(layer, this.textDiv ?? null);
      this.markGroups.set(group, layer);
    }
    layer.replaceChildren(
      ...marks.map((m) => {
        const el = document.createElement('div');
        el.className = m.className;
        setBox(el, m);
        for (const [k, v] of Object.entries(m.data ?? {})) el.dataset[k] = v;
        return el;
      }),
    );
  }

  /** Frees the canvas, the text layer and pdf.js's per-page resources; the box stays as a placeholder. */
  release(): void {
    this.generation++;
    this.textBuilding = undefined;
    this.textData = undefined;
    this.textDataReady = false;
    this.task?.cancel();
    this.task = undefined;
    if (this.canvas) {
      this.canvas.width = this.canvas.height = 0;
      this.canvas.remove();
      this.canvas = undefined;
    }
    this.renderedKey = undefined;
    this.textLayer?.cancel();
    this.textLayer = undefined;
    this.textItems = undefined;
    this.textDiv?.remove();
    this.textDiv = undefined;
    this.linkDiv?.remove();
    this.linkDiv = undefined;
    this.div.classList.remove('rendered');
    this.proxy?.cleanup();
  }

  /** Makes the next `render` redraw even at the same zoom (the colours changed). */
  invalidate(): void {
    this.renderedKey = undefined;
  }
}

interface LinkAnnotation {
  readonly annotationType: number;
  readonly rect: number[];
  readonly url?: string;
  readonly dest?: string | unknown[];
}

function normalizeRect(r: readonly number[]): UserRect {
  return [Math.min(r[0]!, r[2]!), Math.min(r[1]!, r[3]!), Math.max(r[0]!, r[2]!), Math.max(r[1]!, r[3]!)];
}

function setBox(el: HTMLElement, box: { left: number; top: number; width: number; height: number }): void {
  el.style.left = `${box.left}%`;
  el.style.top = `${box.top}%`;
  el.style.width = `${box.width}%`;
  el.style.height = `${box.height}%`;
}

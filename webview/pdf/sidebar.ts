/**
 * The reader's sidebar: the document outline (pdf.js `getOutline`), page thumbnails rendered lazily as they scroll
 * into the sidebar (and released when far away), and the list of highlights.
 */
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tree/index.js';
import '@vscode-elements/elements/dist/vscode-tree-item/index.js';
import type { VscodeTabs } from '@vscode-elements/elements/dist/vscode-tabs/vscode-tabs.js';
import type { VscodeTreeItem } from '@vscode-elements/elements/dist/vscode-tree-item/vscode-tree-item.js';
import { RenderingCancelledException, type PDFDocumentProxy } from 'pdfjs-dist';
import { displaySize } from '../../src/core/pdf/geometry';
import type { PageColors } from '../../src/core/pdf/pageTheme';
import type { PdfHighlight } from '../../src/protocol/pdf';
import type { Placement } from './highlights';
import { el } from '../shared/vscodeApi';
import { applyPageColors } from './pageColors';
import type { RenderQueue } from './renderQueue';

const THUMB_WIDTH = 120;
/** Thumbnails beyond this many from the visible ones give their canvas back. */
const THUMB_KEEP = 20;

/** An outline entry as pdf.js gives it (the fields used here). */
interface OutlineNode {
  readonly title: string;
  readonly dest: string | unknown[] | null;
  readonly url: string | null;
  readonly items: readonly OutlineNode[];
}

export interface SidebarCallbacks {
  goToDest(dest: string | unknown[]): void;
  goToPage(page: number): void;
  openUrl(url: string): void;
  revealHighlight(id: string): void;
  tabChanged(tab: number): void;
}

export class Sidebar {
  readonly element: HTMLElement;
  private readonly tabs: VscodeTabs;
  private readonly outlinePanel: HTMLElement;
  private readonly thumbsPanel: HTMLElement;
  private readonly highlightsPanel: HTMLElement;
  private doc: PDFDocumentProxy | undefined;
  private thumbs: { button: HTMLButtonElement; box: HTMLElement; canvas?: HTMLCanvasElement; key?: string }[] = [];
  private observer: IntersectionObserver | undefined;
  private visibleThumbs = new Set<number>();
  private colors: PageColors = { kind: 'original' };
  private colorsKey = '';
  private activePage = 1;

  constructor(
    private readonly queue: RenderQueue,
    private readonly callbacks: SidebarCallbacks,
  ) {
    this.outlinePanel = el('div', { className: 'outline' });
    // Page buttons in a group, not list items: a `listitem` role would hide that each one is a button.
    this.thumbsPanel = el('div', { className: 'thumbnails', attrs: { role: 'group', 'aria-label': 'Pages' } });
    this.highlightsPanel = el('div', { className: 'highlight-list', attrs: { role: 'list' } });
    this.tabs = el(
      'vscode-tabs',
      { attrs: { panel: '' } },
      el('vscode-tab-header', { text: 'Outline', attrs: { slot: 'header' } }),
      el('vscode-tab-panel', {}, this.outlinePanel),
      el('vscode-tab-header', { text: 'Pages', attrs: { slot: 'header' } }),
      el('vscode-tab-panel', {}, this.thumbsPanel),
      el('vscode-tab-header', { text: 'Highlights', attrs: { slot: 'header' } }),
      el('vscode-tab-panel', {}, this.highlightsPanel),
    ) as VscodeTabs;
    this.tabs.addEventListener('vsc-tabs-select', (event: Event) => {
      const index = (event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      this.callbacks.tabChanged(index);
      if (index === 1) this.scrollThumbIntoView(this.activePage);
    });
    this.element = el('aside', { className: 'sidebar', attrs: { 'aria-label': 'Document outline, pages and highlights', hidden: '' } }, this.tabs);
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  toggle(open = !this.isOpen): void {
    this.element.hidden = !open;
    if (open) this.observeThumbs();
  }

  selectTab(index: number): void {
    this.tabs.selectedIndex = index;
  }

  /** `aspect` (width / height of the first page) sizes the thumbnails before they are rendered. */
  async setDocument(doc: PDFDocumentProxy, colors: PageColors, colorsKey: string, aspect: number): Promise<void> {
    this.doc = doc;
    this.thumbsPanel.style.setProperty('--thumb-aspect', String(aspect));
    this.colors = colors;
    this.colorsKey = colorsKey;
    this.buildThumbs(doc);
    await this.buildOutline(doc);
  }

  setColors(colors: PageColors, key: string): void {
    this.colors = colors;
    this.colorsKey = key;
    for (const i of this.visibleThumbs) this.requestThumb(i);
  }

  setActivePage(page: number): void {
    this.thumbs[this.activePage - 1]?.button.classList.remove('active');
    this.thumbs[this.activePage - 1]?.button.removeAttribute('aria-current');
    this.activePage = page;
    const thumb = this.thumbs[page - 1];
    thumb?.button.classList.add('active');
    thumb?.button.setAttribute('aria-current', 'page');
    if (this.isOpen && this.tabs.selectedIndex === 1) this.scrollThumbIntoView(page);
  }

  /**
   * The list of highlights, each where it shows in this document (`placement`), flagged when it was found again
   * elsewhere or not at all; `notePath` says where they are kept.
   */
  setHighlights(highlights: readonly PdfHighlight[], placement: (h: PdfHighlight) => Placement, notePath?: string): void {
    const where = notePath ? el('p', { className: 'kept-in', text: `Kept in ${notePath}` }) : null;
    // A list only while it has items: an empty `list` is an error for screen readers.
    if (highlights.length === 0) this.highlightsPanel.removeAttribute('role');
    else this.highlightsPanel.setAttribute('role', 'list');
    if (highlights.length === 0) {
      this.highlightsPanel.replaceChildren(
        el('p', { className: 'empty', text: 'Select text in the document and pick a colour to highlight it.' }),
        ...(where ? [where] : []),
      );
      return;
    }
    const flags: Record<Placement['state'], string | undefined> = {
      here: undefined,
      changed: 'The text here changed a little in this version.',
      moved: 'Found again elsewhere in this version of the PDF.',
      orphaned: 'Not found in this version of the PDF: shown where it was.',
    };
    const ordered = highlights.map((h) => ({ h, place: placement(h) })).sort((a, b) => a.place.page - b.place.page);
    this.highlightsPanel.replaceChildren(
      ...ordered.map(({ h, place }) => {
        const flag = flags[place.state] ?? (h.unsaved ? 'Not saved yet: trust the workspace to save it.' : undefined);
        const item = el(
          'button',
          {
            className: `highlight-item ${place.state}${h.unsaved ? ' unsaved' : ''}`,
            attrs: { role: 'listitem', title: `Page ${place.page}`, 'data-id': h.id },
          },
          el('span', { className: `swatch hl-${h.colour}`, attrs: { 'aria-hidden': 'true' } }),
          el('span', { className: 'quote', text: h.quote }),
          h.note ? el('span', { className: 'note', text: h.note }) : null,
          flag
            ? el(
                'span',
                { className: 'flag' },
                el('span', { className: 'codicon codicon-warning', attrs: { 'aria-hidden': 'true' } }),
                document.createTextNode(` ${flag}`),
              )
            : null,
          el('span', { className: 'page-ref', text: `p. ${place.page}` }),
        );
        item.addEventListener('click', () => this.callbacks.revealHighlight(h.id));
        return item;
      }),
      ...(where ? [where] : []),
    );
  }

  private async buildOutline(doc: PDFDocumentProxy): Promise<void> {
    let outline: OutlineNode[] | null = null;
    try {
      outline = (await doc.getOutline()) as OutlineNode[] | null;
    } catch {
      outline = null;
    }
    if (doc !== this.doc) return;
    if (!outline || outline.length === 0) {
      this.outlinePanel.replaceChildren(el('p', { className: 'empty', text: 'This document has no outline.' }));
      return;
    }
    const tree = el('vscode-tree', { attrs: { 'aria-label': 'Outline', 'indent-guides': 'onHover' } });
    const targets = new WeakMap<Element, OutlineNode>();
    const build = (nodes: readonly OutlineNode[], parent: Element, depth: number) => {
      for (const node of nodes) {
        const item = el('vscode-tree-item', {}, document.createTextNode(node.title.trim() || 'Untitled'));
        item.title = node.title;
        targets.set(item, node);
        if (node.items.length) {
          (item as VscodeTreeItem).branch = true;
          // Top-level sections start open, deeper ones closed, like the outlines of other readers.
          (item as VscodeTreeItem).open = depth === 0 && nodes.length < 12;
          build(node.items, item, depth + 1);
        }
        parent.append(item);
      }
    };
    build(outline, tree, 0);
    tree.addEventListener('vsc-tree-select', (event: Event) => {
      const detail = (event as CustomEvent<unknown>).detail;
      const items = Array.isArray(detail) ? detail : ((detail as { selectedItems?: unknown[] })?.selectedItems ?? []);
      const node = items.length ? targets.get(items[0] as Element) : undefined;
      if (!node) return;
      if (node.dest) this.callbacks.goToDest(node.dest);
      else if (node.url) this.callbacks.openUrl(node.url);
    });
    this.outlinePanel.replaceChildren(tree);
  }

  private buildThumbs(doc: PDFDocumentProxy): void {
    for (const t of this.thumbs) if (t.canvas) t.canvas.width = t.canvas.height = 0;
    this.observer?.disconnect();
    this.observer = undefined;
    this.visibleThumbs.clear();
    this.thumbs = [];
    const fragment = document.createDocumentFragment();
    for (let i = 0; i < doc.numPages; i++) {
      const box = el('div', { className: 'thumb-box' });
      const button = el(
        'button',
        { className: 'thumb', attrs: { 'aria-label': `Page ${i + 1}`, 'data-page': String(i + 1) } },
        box,
        el('span', { className: 'thumb-label', text: String(i + 1) }),
      );
      button.addEventListener('click', () => this.callbacks.goToPage(i + 1));
      this.thumbs.push({ button, box });
      fragment.append(button);
    }
    this.thumbsPanel.replaceChildren(fragment);
    if (this.isOpen) this.observeThumbs();
  }

  /** Observed only while the sidebar is open, so a closed sidebar costs no rendering. */
  private observeThumbs(): void {
    if (this.observer || this.thumbs.length === 0) return;
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const index = Number((entry.target as HTMLElement).dataset.page) - 1;
          if (entry.isIntersecting) {
            this.visibleThumbs.add(index);
            this.requestThumb(index);
          } else {
            this.visibleThumbs.delete(index);
            this.queue.cancel(`thumb:${index}`);
          }
        }
        this.releaseFarThumbs();
      },
      { root: this.thumbsPanel.closest('vscode-tab-panel') ?? null, rootMargin: '200px 0px' },
    );
    for (const t of this.thumbs) this.observer.observe(t.button);
  }

  private releaseFarThumbs(): void {
    if (this.visibleThumbs.size === 0) return;
    const min = Math.min(...this.visibleThumbs) - THUMB_KEEP;
    const max = Math.max(...this.visibleThumbs) + THUMB_KEEP;
    this.thumbs.forEach((t, i) => {
      if ((i < min || i > max) && t.canvas) {
        t.canvas.width = t.canvas.height = 0;
        t.canvas.remove();
        t.canvas = undefined;
        t.key = undefined;
      }
    });
  }

  private requestThumb(index: number): void {
    const thumb = this.thumbs[index];
    if (!thumb || thumb.key === this.colorsKey) return;
    // After every page of the reader itself.
    this.queue.request(`thumb:${index}`, { priority: 10_000 + index, run: () => this.renderThumb(index) });
  }

  private async renderThumb(index: number): Promise<void> {
    const doc = this.doc;
    const thumb = this.thumbs[index];
    if (!doc || !thumb) return;
    const key = this.colorsKey;
    const page = await doc.getPage(index + 1);
    const size = displaySize({ view: page.view as [number, number, number, number], rotation: page.rotate });
    const scale = THUMB_WIDTH / size.width;
    const dpr = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: scale * dpr });
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${THUMB_WIDTH}px`;
    canvas.style.height = `${Math.floor(viewport.height / dpr)}px`;
    const task = page.render({ canvas, viewport, recordImages: this.colors.kind !== 'original' });
    try {
      await task.promise;
    } catch (error) {
      canvas.width = canvas.height = 0;
      if (error instanceof RenderingCancelledException) return;
      throw error;
    }
    if (doc !== this.doc) return;
    applyPageColors(canvas, this.colors, task.imageCoordinates ?? page.imageCoordinates);
    if (thumb.canvas) thumb.canvas.width = thumb.canvas.height = 0;
    thumb.box.replaceChildren(canvas);
    thumb.canvas = canvas;
    thumb.key = key;
  }

  private scrollThumbIntoView(page: number): void {
    this.thumbs[page - 1]?.button.scrollIntoView({ block: 'nearest' });
  }
}

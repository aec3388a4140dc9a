/**
 * Find in the document: a find bar like VS Code's (match case, previous/next, "3 of 17"), matches highlighted on
 * every rendered page, the current one stronger. The text of each page is extracted once per search options and
 * searched with src/core/pdf/textSearch.ts; matches are drawn over the text layer's spans with DOM ranges.
 */
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { VscodeToolbarButton } from '@vscode-elements/elements/dist/vscode-toolbar-button/vscode-toolbar-button.js';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { buildPageText, findInPage, nextMatchIndex, normalizeQuery, type PageMatch, type PageText, type SearchOptions } from '../../src/core/pdf/textSearch';
import { el } from '../shared/vscodeApi';
import type { Mark, PageView } from './pageView';
import { textBoxes, toPercent } from './textRanges';
import type { PdfViewer } from './viewer';

interface DocMatch extends PageMatch {
  /** 0-based page index. */
  readonly page: number;
}

function toolbarButton(icon: string, label: string): VscodeToolbarButton {
  const button = el('vscode-toolbar-button', { attrs: { icon, label, title: label, 'aria-label': label } });
  return button;
}

export class FindController {
  readonly bar: HTMLElement;
  private readonly input: VscodeTextfield;
  private readonly caseButton: VscodeToolbarButton;
  private readonly count: HTMLElement;
  private viewer: PdfViewer | undefined;
  private texts = new Map<number, PageText>();
  private textsKey = '';
  private matches: DocMatch[] = [];
  private byPage = new Map<number, number[]>();
  private current = -1;
  private query = '';
  /** When the bar was last opened (performance.now()), to drop the second delivery of one Ctrl+F. */
  private openedAt = -Infinity;
  private generation = 0;
  private searching = false;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  /** The current match should be scrolled into view once its page has a text layer. */
  private revealPending = false;

  constructor() {
    this.input = el('vscode-textfield', { attrs: { placeholder: 'Find', 'aria-label': 'Find in document' } }) as VscodeTextfield;
    this.input.label = 'Find in document';
    this.caseButton = toolbarButton('case-sensitive', 'Match Case');
    this.caseButton.toggleable = true;
    this.count = el('span', { className: 'find-count', text: 'No results', attrs: { 'aria-live': 'polite' } });
    const previous = toolbarButton('arrow-up', 'Previous Match (Shift+Enter)');
    const next = toolbarButton('arrow-down', 'Next Match (Enter)');
    const close = toolbarButton('close', 'Close (Escape)');
    this.bar = el('div', { className: 'findbar', attrs: { role: 'search', hidden: '' } }, this.input, this.caseButton, this.count, previous, next, close);

    this.input.addEventListener('input', () => {
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => void this.search(), 150);
    });
    this.input.addEventListener('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === 'F3') {
        event.preventDefault();
        event.stopPropagation();
        void this.step(event.shiftKey);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.close();
      }
    });
    this.caseButton.addEventListener('click', () => void this.search(true));
    previous.addEventListener('click', () => void this.step(true));
    next.addEventListener('click', () => void this.step(false));
    close.addEventListener('click', () => this.close());
  }

  get isOpen(): boolean {
    return !this.bar.hidden;
  }

  setViewer(viewer: PdfViewer | undefined): void {
    this.viewer = viewer;
    this.texts.clear();
    this.matches = [];
    this.byPage.clear();
    this.current = -1;
    if (this.isOpen && this.query) void this.search(true);
  }

  /**
   * Find from VS Code's command (its keybinding or the palette). Ctrl+F pressed in the webview arrives twice: first
   * to the webview's own key handler, then, forwarded by VS Code, as this command. The second is dropped, also when
   * the user has closed the bar in between (Ctrl+F then a quick Escape must not open it again).
   */
  openFromCommand(initial?: string): void {
    if (performance.now() - this.openedAt < 1500) return;
    this.open(initial);
  }

  open(initial?: string): void {
    // The same Ctrl+F seen twice while the bar is open must not select what the reader has started typing.
    if (this.isOpen && this.bar.contains(document.activeElement) && !initial) return;
    this.openedAt = performance.now();
    this.bar.hidden = false;
    if (initial) this.input.value = initial;
    this.input.focus();
    // Select what is there so typing replaces it, as in VS Code's find widget.
    const inner = this.input.shadowRoot?.querySelector('input');
    inner?.select();
    if (this.input.value && this.input.value !== this.query) void this.search();
  }

  close(): void {
    this.bar.hidden = true;
    this.generation++;
    this.query = '';
    this.matches = [];
    this.byPage.clear();
    this.current = -1;
    for (const view of this.viewer?.pages ?? []) view.setMarks('find', []);
    this.viewer?.container.focus();
  }

  /** Next (or previous) match; starts a search if the text changed. */
  async step(backwards: boolean): Promise<void> {
    if (!this.isOpen) this.open();
    if (this.input.value !== this.query) {
      await this.search();
      return;
    }
    if (this.matches.length === 0) return;
    const from = this.current >= 0 ? this.matches[this.current]! : { page: (this.viewer?.page ?? 1) - 1, start: -1 };
    this.select(nextMatchIndex(this.matches, from, backwards));
  }

  /** The page got its text layer: draw its matches, and scroll to the current one if it is there. */
  pageReady(view: PageView): void {
    this.drawPage(view);
  }

  private options(): SearchOptions {
    return { matchCase: this.caseButton.checked };
  }

  private async pageText(index: number, key: string): Promise<PageText | undefined> {
    if (this.textsKey !== key) {
      this.texts.clear();
      this.textsKey = key;
    }
    const cached = this.texts.get(index);
    if (cached) return cached;
    const viewer = this.viewer;
    if (!viewer) return undefined;
    const page = await viewer.doc.getPage(index + 1);
    const content = await page.getTextContent();
    const text = buildPageText(
      content.items.filter((item): item is TextItem => 'str' in item),
      this.options(),
    );
    if (this.textsKey === key) this.texts.set(index, text);
    return text;
  }

  /** Searches the whole document, page by page, updating the count as it goes. */
  async search(force = false): Promise<void> {
    const viewer = this.viewer;
    const raw = this.input.value;
    if (!viewer) return;
    if (!force && raw === this.query && !this.searching) return;
    const generation = ++this.generation;
    this.query = raw;
    const options = this.options();
    const key = JSON.stringify(options);
    const needle = normalizeQuery(raw, options);
    this.matches = [];
    this.byPage.clear();
    this.current = -1;
    for (const view of viewer.pages) view.setMarks('find', []);
    if (!needle) {
      this.showCount();
      return;
    }
    this.searching = true;
    const startPage = viewer.page - 1;
    let selected = false;
    try {
      for (let i = 0; i < viewer.pageCount; i++) {
        const text = await this.pageText(i, key);
        if (generation !== this.generation || !text) return;
        const found = findInPage(text, needle);
        if (found.length) {
          this.byPage.set(i, []);
          for (const m of found) {
            this.byPage.get(i)!.push(this.matches.length);
            this.matches.push({ ...m, page: i });
          }
          const view = viewer.pages[i];
          if (view?.hasTextLayer) this.drawPage(view);
        }
        // The first match at or after the page being read is where find goes first.
        if (!selected && i >= startPage && found.length) {
          selected = true;
          this.select(this.matches.length - found.length);
        }
        if (i % 8 === 7) {
          this.showCount(true);
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      }
      if (!selected && this.matches.length) this.select(0);
    } finally {
      if (generation === this.generation) {
        this.searching = false;
        this.showCount();
      }
    }
  }

  private select(index: number): void {
    const viewer = this.viewer;
    if (!viewer || index < 0 || index >= this.matches.length) return;
    const previous = this.matches[this.current];
    this.current = index;
    const match = this.matches[index]!;
    if (previous && previous.page !== match.page && viewer.pages[previous.page]?.hasTextLayer) this.drawPage(viewer.pages[previous.page]!);
    const view = viewer.pages[match.page]!;
    this.revealPending = true;
    if (view.hasTextLayer) this.drawPage(view);
    else viewer.goToPage(match.page + 1);
    this.showCount();
  }

  private drawPage(view: PageView): void {
    const indexes = this.byPage.get(view.index) ?? [];
    const marks: Mark[] = [];
    let currentBox: Mark | undefined;
    for (const i of indexes) {
      const m = this.matches[i]!;
      for (const box of toPercent(view, textBoxes(view, m.from, m.to))) {
        const mark = { ...box, className: i === this.current ? 'find-match current' : 'find-match' };
        marks.push(mark);
        if (i === this.current) currentBox ??= mark;
      }
    }
    view.setMarks('find', marks);
    if (currentBox && this.revealPending) {
      this.revealPending = false;
      this.viewer?.revealBox(view.index, currentBox);
    }
  }

  private showCount(partial = false): void {
    const n = this.matches.length;
    const more = partial || this.searching ? '+' : '';
    this.count.textContent =
      n === 0 ? (this.query.trim() ? (partial ? 'Searching…' : 'No results') : '') : `${this.current + 1 > 0 ? this.current + 1 : '?'} of ${n}${more}`;
    this.bar.classList.toggle('no-results', n === 0 && this.query.trim() !== '' && !partial && !this.searching);
    this.bar.dataset.matches = String(n);
  }
}

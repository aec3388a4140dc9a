/**
 * A virtualised listbox: only the rows in view (plus a few either side) exist in the DOM, so 100,000 papers
 * scroll as smoothly as 10. Rows have one fixed height, measured from the real font at start-up.
 * Keyboard: arrows, Page Up/Down, Home/End move the active row; Enter opens it. Screen readers get a `listbox`
 * with `aria-activedescendant`, and every option carries its position in the whole set.
 */

export interface VirtualListOptions<Row> {
  readonly container: HTMLElement;
  readonly label: string;
  /** Builds the DOM of one row (its content only; the list owns the option element). */
  readonly renderRow: (row: Row, index: number) => Node;
  /** An accessible name for a row. */
  readonly rowLabel: (row: Row) => string;
  /** Called when rows in `[start, end)` are needed but not loaded. */
  readonly requestRows: (start: number, end: number) => void;
  /** Called when the user opens a row (Enter, click). */
  readonly onOpen: (row: Row, index: number, event: { toSide: boolean }) => void;
  /** Called for printable keys typed while the list has focus ("type to search"). */
  readonly onType: (key: string) => void;
  /** Called when Arrow Up is pressed on the first row. */
  readonly onLeaveTop: () => void;
}

const overscan = 6;

export class VirtualList<Row> {
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows = new Map<number, Row>();
  private total = 0;
  private active = -1;
  private rowHeight = 64;
  private rendered = new Map<number, HTMLElement>();
  private frame = 0;
  private readonly idPrefix = `row-${Math.random().toString(36).slice(2, 8)}-`;

  constructor(private readonly options: VirtualListOptions<Row>) {
    this.viewport = options.container;
    this.viewport.setAttribute('role', 'listbox');
    this.viewport.setAttribute('aria-label', options.label);
    this.viewport.tabIndex = 0;
    this.spacer = document.createElement('div');
    this.spacer.className = 'vl-spacer';
    this.viewport.append(this.spacer);
    this.viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.viewport.addEventListener('keydown', (event) => this.onKey(event));
    this.viewport.addEventListener('focus', () => {
      if (this.active < 0 && this.total > 0) this.setActive(this.firstVisible());
      this.refreshActive();
    });
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  /** Sets the row height in pixels (measured by the caller from a real row). */
  setRowHeight(px: number): void {
    if (px > 0 && Math.abs(px - this.rowHeight) > 0.5) {
      this.rowHeight = px;
      this.reset(this.total);
    }
  }

  /** New results: `total` rows, none loaded yet. Scrolls back to the top. */
  reset(total: number): void {
    this.total = total;
    this.rows.clear();
    this.active = total > 0 ? 0 : -1;
    for (const el of this.rendered.values()) el.remove();
    this.rendered.clear();
    this.spacer.style.height = `${total * this.rowHeight}px`;
    this.viewport.setAttribute('aria-setsize', String(total));
    this.viewport.scrollTop = 0;
    this.render();
  }

  /** Rows arrived for positions `start…`. */
  setRows(start: number, rows: readonly Row[]): void {
    rows.forEach((row, i) => this.rows.set(start + i, row));
    for (let i = 0; i < rows.length; i++) {
      const el = this.rendered.get(start + i);
      if (el) {
        el.remove();
        this.rendered.delete(start + i);
      }
    }
    this.render();
  }

  /** How many rows fit in the viewport. */
  visibleCount(): number {
    return Math.max(1, Math.ceil(this.viewport.clientHeight / this.rowHeight));
  }

  focus(): void {
    this.viewport.focus();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private firstVisible(): number {
    return Math.min(this.total - 1, Math.floor(this.viewport.scrollTop / this.rowHeight));
  }

  private render(): void {
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / this.rowHeight) - overscan);
    const last = Math.min(this.total, first + this.visibleCount() + overscan * 2);
    for (const [index, el] of this.rendered) {
      if (index < first || index >= last) {
        el.remove();
        this.rendered.delete(index);
      }
    }
    let missingStart = -1;
    let missingEnd = -1;
    for (let index = first; index < last; index++) {
      if (this.rendered.has(index)) continue;
      const row = this.rows.get(index);
      if (row === undefined) {
        if (missingStart < 0) missingStart = index;
        missingEnd = index + 1;
      }
      const el = this.renderOption(row, index);
      this.rendered.set(index, el);
      this.viewport.append(el);
    }
    if (missingStart >= 0) this.options.requestRows(missingStart, missingEnd);
    this.refreshActive();
  }

  private renderOption(row: Row | undefined, index: number): HTMLElement {
    const el = document.createElement('div');
    el.className = row === undefined ? 'vl-row placeholder' : 'vl-row';
    el.id = `${this.idPrefix}${index}`;
    el.setAttribute('role', 'option');
    el.setAttribute('aria-posinset', String(index + 1));
    el.setAttribute('aria-setsize', String(this.total));
    el.style.transform = `translateY(${index * this.rowHeight}px)`;
    el.style.height = `${this.rowHeight}px`;
    if (row !== undefined) {
      el.setAttribute('aria-label', this.options.rowLabel(row));
      el.append(this.options.renderRow(row, index));
      el.addEventListener('click', (event) => {
        this.setActive(index);
        this.options.onOpen(row, index, { toSide: event.ctrlKey || event.metaKey });
      });
    } else {
      el.setAttribute('aria-label', 'Loading…');
    }
    return el;
  }

  private refreshActive(): void {
    for (const [index, el] of this.rendered) {
      const isActive = index === this.active;
      el.classList.toggle('active', isActive);
      el.setAttribute('aria-selected', String(isActive));
    }
    if (this.active >= 0 && this.rendered.has(this.active)) {
      this.viewport.setAttribute('aria-activedescendant', `${this.idPrefix}${this.active}`);
    } else {
      this.viewport.removeAttribute('aria-activedescendant');
    }
  }

  private setActive(index: number): void {
    if (this.total === 0) return;
    this.active = Math.max(0, Math.min(this.total - 1, index));
    const top = this.active * this.rowHeight;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (top + this.rowHeight > this.viewport.scrollTop + this.viewport.clientHeight) {
      this.viewport.scrollTop = top + this.rowHeight - this.viewport.clientHeight;
    }
    this.render();
  }

  private onKey(event: KeyboardEvent): void {
    const page = Math.max(1, this.visibleCount() - 1);
    switch (event.key) {
      case 'ArrowDown':
        this.setActive(this.active + 1);
        break;
      case 'ArrowUp':
        if (this.active <= 0) this.options.onLeaveTop();
        else this.setActive(this.active - 1);
        break;
      case 'PageDown':
        this.setActive(this.active + page);
        break;
      case 'PageUp':
        this.setActive(this.active - page);
        break;
      case 'Home':
        this.setActive(0);
        break;
      case 'End':
        this.setActive(this.total - 1);
        break;
      case 'Enter': {
        const row = this.rows.get(this.active);
        if (row !== undefined) this.options.onOpen(row, this.active, { toSide: event.ctrlKey || event.metaKey || event.altKey });
        break;
      }
      default:
        if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
          this.options.onType(event.key);
          event.preventDefault();
        }
        return;
    }
    event.preventDefault();
  }
}

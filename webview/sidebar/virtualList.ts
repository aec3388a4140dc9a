/**
 * A virtualised listbox: only the rows in view (plus a few either side) exist in the DOM, so 100,000 papers
 * scroll as smoothly as 10. Rows have one fixed height, measured from the real font at start-up.
 *
 * Built for search as you type: a new result set reuses the row elements already on screen (their content is
 * updated in place, nothing is rebuilt), the rows of the first screen are filled before anything else and the
 * overscan rows a frame later, and the list never reads layout while it writes (the viewport's height and scroll
 * position are cached from ResizeObserver and scroll events).
 *
 * Keyboard: arrows, Page Up/Down, Home/End move the active row; Enter opens it. Screen readers get a `listbox`
 * with `aria-activedescendant`, and every option carries its position in the whole set. An option's name is its
 * row view's content that screen readers see (a paper's title); the rest can be its description (`describedBy`).
 */

/** The content of one row element, created once and updated for whatever row the element shows next. */
export interface RowView<Row> {
  readonly element: HTMLElement;
  /** The id of an element in `element` that describes the row, beside its name. */
  readonly describedBy?: string;
  /** Shows `row`; undefined while the row is being loaded (a placeholder). */
  update(row: Row | undefined): void;
}

export interface VirtualListOptions<Row> {
  readonly container: HTMLElement;
  readonly label: string;
  /** Creates the (empty) content of a row element; the list owns the option element around it. */
  readonly createRow: () => RowView<Row>;
  /** Called when rows in `[start, end)` are needed but not loaded. */
  readonly requestRows: (start: number, end: number) => void;
  /**
   * Called when the user opens a row (Enter, click). `pinned`: a double click or Enter with a modifier, which keep
   * the paper open; a single click or Enter previews it (VS Code's preview editors).
   */
  readonly onOpen: (row: Row, index: number, event: { toSide: boolean; pinned: boolean }) => void;
  /** Called for printable keys typed while the list has focus ("type to search"). */
  readonly onType: (key: string) => void;
  /** Called when Arrow Up is pressed on the first row. */
  readonly onLeaveTop: () => void;
}

const overscan = 6;

/** One option element and the row view inside it; `index` is -1 while the slot is free. */
interface Slot<Row> {
  readonly option: HTMLElement;
  readonly view: RowView<Row>;
  index: number;
  /** The position the slot showed before it was put away: it gets that position back first. */
  lastIndex: number;
  row: Row | undefined;
  loaded: boolean;
}

export class VirtualList<Row> {
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows = new Map<number, Row>();
  private total = 0;
  private active = -1;
  private rowHeight = 64;
  private readonly rendered = new Map<number, Slot<Row>>();
  private readonly free: Slot<Row>[] = [];
  private frame = 0;
  /** Cached geometry: reading it from the DOM after a write would force a synchronous layout. */
  private height = 0;
  private scrollTop = 0;
  private activeDescendant: string | undefined;
  private readonly idPrefix = `row-${Math.random().toString(36).slice(2, 8)}-`;

  constructor(private readonly options: VirtualListOptions<Row>) {
    this.viewport = options.container;
    this.viewport.setAttribute('role', 'listbox');
    this.viewport.setAttribute('aria-label', options.label);
    // The set's size is on each option (`aria-setsize`): a listbox itself takes no such attribute.
    this.viewport.tabIndex = 0;
    this.spacer = document.createElement('div');
    this.spacer.className = 'vl-spacer';
    this.viewport.append(this.spacer);
    this.viewport.addEventListener(
      'scroll',
      () => {
        this.scrollTop = this.viewport.scrollTop;
        this.schedule();
      },
      { passive: true },
    );
    this.viewport.addEventListener('keydown', (event) => this.onKey(event));
    this.viewport.addEventListener('click', (event) => this.onClick(event));
    this.viewport.addEventListener('focus', () => {
      if (this.active < 0 && this.total > 0) this.setActive(this.firstVisible());
      this.refreshActive();
    });
    new ResizeObserver((entries) => {
      const box = entries.at(-1)?.contentRect;
      // Hidden (a feed loading): keep the rows as they are. Drawn for a height of 0, the list would put most row
      // elements away and give them to other rows when it shows again, under a click aimed at what they showed.
      if (!box || box.height === 0) return;
      this.height = box.height;
      this.schedule();
    }).observe(this.viewport);
  }

  /** Sets the row height in pixels (measured by the caller from a real row). */
  setRowHeight(px: number): void {
    if (px > 0 && Math.abs(px - this.rowHeight) > 0.5) {
      this.rowHeight = px;
      this.spacer.style.height = `${this.total * this.rowHeight}px`;
      for (const slot of this.rendered.values()) this.place(slot, slot.index);
      this.schedule();
    }
  }

  /**
   * New results: `total` rows, of which `rows` (from `start`) are here. Back at the top, first row active, unless
   * `keepPosition` (the same query answered again because the feed or library changed): then the scroll position
   * and the active row stay where the user left them, as far as the new total allows. Fills the first screen now,
   * reusing the row elements on screen; the overscan follows in the next frame.
   */
  show(total: number, start: number, rows: readonly Row[], keepPosition = false): void {
    this.rows.clear();
    rows.forEach((row, i) => this.rows.set(start + i, row));
    if (total !== this.total) {
      this.total = total;
      this.spacer.style.height = `${total * this.rowHeight}px`;
    }
    if (keepPosition) {
      this.active = total > 0 ? Math.max(0, Math.min(total - 1, this.active)) : -1;
      const maxTop = Math.max(0, total * this.rowHeight - this.height);
      if (this.scrollTop > maxTop) {
        this.viewport.scrollTop = maxTop;
        this.scrollTop = maxTop;
      }
    } else {
      this.active = total > 0 ? 0 : -1;
      if (this.scrollTop !== 0) {
        this.viewport.scrollTop = 0;
        this.scrollTop = 0;
      }
    }
    // Every slot shows a new row now: forget what they showed so that `render` updates them all.
    for (const slot of this.rendered.values()) slot.loaded = false;
    this.render(false);
    this.schedule();
  }

  /** More rows arrived for positions `start…` (scrolling). */
  setRows(start: number, rows: readonly Row[]): void {
    rows.forEach((row, i) => this.rows.set(start + i, row));
    this.render(true);
  }

  /** How many rows fit in the viewport. */
  visibleCount(): number {
    // Before the first ResizeObserver callback (or while hidden) the cache is empty: measure once.
    if (this.height === 0) this.height = this.viewport.clientHeight;
    return Math.max(1, Math.ceil(this.height / this.rowHeight));
  }

  focus(): void {
    this.viewport.focus();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render(true);
    });
  }

  private firstVisible(): number {
    return Math.min(this.total - 1, Math.floor(this.scrollTop / this.rowHeight));
  }

  /** Puts the rows of the window in place: the visible ones, and with `withOverscan` a few either side. */
  private render(withOverscan: boolean): void {
    const top = Math.floor(this.scrollTop / this.rowHeight);
    const extra = withOverscan ? overscan : 0;
    const first = Math.max(0, top - extra);
    const last = Math.min(this.total, top + this.visibleCount() + extra);
    // Slots outside the window go back to the pool (without overscan, the next frame brings them back).
    for (const [index, slot] of this.rendered) {
      if (index < first || index >= last) {
        this.rendered.delete(index);
        this.release(slot);
      }
    }
    let missingStart = -1;
    let missingEnd = -1;
    for (let index = first; index < last; index++) {
      const row = this.rows.get(index);
      if (row === undefined) {
        if (missingStart < 0) missingStart = index;
        missingEnd = index + 1;
      }
      let slot = this.rendered.get(index);
      if (!slot) {
        slot = this.acquire(index);
        this.rendered.set(index, slot);
      }
      if (slot.index !== index) this.place(slot, index);
      if (!slot.loaded || slot.row !== row) this.fill(slot, row);
    }
    if (missingStart >= 0) this.options.requestRows(missingStart, missingEnd);
    this.refreshActive();
  }

  /**
   * A row element for position `index`: the one that showed it last when it is free (a redraw that puts rows away
   * and takes them back, as the first screen of an answer does with the rows around it, leaves each on its place:
   * an element never shows another paper under a pointer aimed at the one it showed), else any free one.
   */
  private acquire(index: number): Slot<Row> {
    // The newest free slot that showed it: an older one may have showed it before a scroll, another since.
    let own = this.free.length - 1;
    while (own >= 0 && this.free[own]!.lastIndex !== index) own--;
    // Else the slot put away longest ago: the ones put away just now may be wanted back at their place.
    const reused = own >= 0 ? this.free.splice(own, 1)[0] : this.free.shift();
    if (reused) {
      this.viewport.append(reused.option);
      return reused;
    }
    const option = document.createElement('div');
    option.className = 'vl-row';
    option.setAttribute('role', 'option');
    const view = this.options.createRow();
    if (view.describedBy) option.setAttribute('aria-describedby', view.describedBy);
    option.append(view.element);
    this.viewport.append(option);
    return { option, view, index: -1, lastIndex: -1, row: undefined, loaded: false };
  }

  private release(slot: Slot<Row>): void {
    // Out of the document (not just hidden): screen readers, find and tests see only the rows on screen.
    slot.option.remove();
    slot.lastIndex = slot.index;
    slot.index = -1;
    slot.row = undefined;
    slot.loaded = false;
    this.free.push(slot);
  }

  private place(slot: Slot<Row>, index: number): void {
    const { option } = slot;
    slot.index = index;
    option.id = `${this.idPrefix}${index}`;
    option.dataset.index = String(index);
    option.setAttribute('aria-posinset', String(index + 1));
    option.style.transform = `translateY(${index * this.rowHeight}px)`;
    option.style.height = `${this.rowHeight}px`;
  }

  private fill(slot: Slot<Row>, row: Row | undefined): void {
    const { option } = slot;
    slot.row = row;
    slot.loaded = true;
    option.setAttribute('aria-setsize', String(this.total));
    option.classList.toggle('placeholder', row === undefined);
    // A loaded row is named by its content; a placeholder has none yet.
    if (row === undefined) option.setAttribute('aria-label', 'Loading…');
    else option.removeAttribute('aria-label');
    slot.view.update(row);
  }

  private onClick(event: MouseEvent): void {
    const option = (event.target as Element | null)?.closest<HTMLElement>('.vl-row');
    if (!option || option.parentElement !== this.viewport) return;
    const index = Number(option.dataset.index);
    // The paper the clicked element shows (what the user aimed at), even if newer rows are on their way to it.
    const slot = this.rendered.get(index);
    const row = slot?.option === option && slot.loaded ? slot.row : undefined;
    if (!Number.isInteger(index) || row === undefined) return;
    this.setActive(index);
    // The second click of a double click (detail 2) keeps what the first one previewed.
    this.options.onOpen(row, index, { toSide: event.ctrlKey || event.metaKey, pinned: event.detail >= 2 || event.ctrlKey || event.metaKey });
  }

  private refreshActive(): void {
    for (const [index, slot] of this.rendered) {
      const isActive = index === this.active;
      if (slot.option.classList.contains('active') !== isActive) {
        slot.option.classList.toggle('active', isActive);
        slot.option.setAttribute('aria-selected', String(isActive));
      } else if (!slot.option.hasAttribute('aria-selected')) {
        slot.option.setAttribute('aria-selected', String(isActive));
      }
    }
    const descendant = this.active >= 0 && this.rendered.has(this.active) ? `${this.idPrefix}${this.active}` : undefined;
    if (descendant === this.activeDescendant) return;
    this.activeDescendant = descendant;
    if (descendant) this.viewport.setAttribute('aria-activedescendant', descendant);
    else this.viewport.removeAttribute('aria-activedescendant');
  }

  private setActive(index: number): void {
    if (this.total === 0) return;
    this.active = Math.max(0, Math.min(this.total - 1, index));
    const top = this.active * this.rowHeight;
    this.visibleCount(); // fills the height cache if empty
    let scrollTop = this.scrollTop;
    if (top < scrollTop) scrollTop = top;
    else if (top + this.rowHeight > scrollTop + this.height) scrollTop = top + this.rowHeight - this.height;
    if (scrollTop !== this.scrollTop) {
      this.viewport.scrollTop = scrollTop;
      this.scrollTop = scrollTop;
    }
    this.render(true);
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
        const modified = event.ctrlKey || event.metaKey || event.altKey;
        if (row !== undefined) this.options.onOpen(row, this.active, { toSide: modified, pinned: modified });
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

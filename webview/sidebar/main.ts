import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import { READING_STATUS_LABELS } from '../../src/core/notes/noteModel';
import { lookaheadKey } from '../../src/core/search/lookahead';
import type { FeedSnapshot, FilterName, Filters, HostToSidebar, PaperRow, Ranges, SidebarToHost, SortKey } from '../../src/protocol/sidebar';
import { highlighted } from '../shared/highlight';
import { el, vscodeApi } from '../shared/vscodeApi';
import { VirtualList, type RowView } from './virtualList';
import '../shared/visuallyHidden.css';
import './sidebar.css';

/** What survives the view being hidden or the window reloading (UI state only; data lives in the host). */
interface SidebarState {
  readonly query: string;
  readonly filters: Filters;
  readonly sort: SortKey;
  readonly filtersOpen: boolean;
}

const api = vscodeApi<SidebarToHost, SidebarState>();
let state: SidebarState = { query: '', filters: {}, sort: 'relevance', filtersOpen: false, ...api.getState() };
let seq = 0;
let feed: FeedSnapshot | undefined;

function option(value: string, label: string, selected: boolean): HTMLElement {
  const o = el('vscode-option', { text: label, attrs: { value } });
  if (selected) o.setAttribute('selected', '');
  return o;
}

// ---- Toolbar: source, refresh, search, filters, sort -------------------------------------------------------------
const sourceSelect = el('vscode-single-select', { className: 'source', attrs: { label: 'Feed source', 'aria-label': 'Feed source' } }) as VscodeSingleSelect;
const refreshButton = el('vscode-toolbar-button', { attrs: { icon: 'refresh', label: 'Refresh feed', title: 'Refresh feed' } });
const addSourceButton = el('vscode-toolbar-button', { attrs: { icon: 'add', label: 'Add feed source', title: 'Add feed source' } });
const filterButton = el('vscode-toolbar-button', { attrs: { icon: 'filter', label: 'Show filters', title: 'Filters and sort', toggleable: '' } });
const search = el('vscode-textfield', {
  className: 'search',
  attrs: { type: 'search', placeholder: 'Search titles, authors, abstracts', 'aria-label': 'Search papers' },
}) as VscodeTextfield;
// Names the inner input (a property only: the element's own `aria-label` does not reach it); selects take a `label` attribute.
search.label = 'Search papers';
search.value = state.query;
search.append(el('span', { className: 'codicon codicon-search', attrs: { slot: 'content-before', 'aria-hidden': 'true' } }));

const sortSelect = el(
  'vscode-single-select',
  { attrs: { label: 'Sort by', 'aria-label': 'Sort by' } },
  ...(
    [
      ['relevance', 'Relevance'],
      ['date', 'Newest first'],
      ['upvotes', 'Most upvoted'],
      ['workspace', 'Relevant to this workspace'],
    ] as const
  ).map(([value, label]) => option(value, label, state.sort === value)),
) as VscodeSingleSelect;
const hasCode = el('vscode-checkbox', { attrs: { label: 'Has code' } }) as VscodeCheckbox;
hasCode.checked = state.filters.hasCode === true;
const fromDate = el('vscode-textfield', { attrs: { type: 'date', 'aria-label': 'From date' } }) as VscodeTextfield;
const toDate = el('vscode-textfield', { attrs: { type: 'date', 'aria-label': 'To date' } }) as VscodeTextfield;
fromDate.label = 'From date';
toDate.label = 'To date';
fromDate.value = state.filters.from ?? '';
toDate.value = state.filters.to ?? '';
const categorySelect = el('vscode-single-select', { attrs: { label: 'Category', 'aria-label': 'Category' } }) as VscodeSingleSelect;
const statusSelect = el(
  'vscode-single-select',
  { attrs: { label: 'Library status', 'aria-label': 'Library status' } },
  ...([['', 'Any status'], ['in-library', 'In library'], ['not-in-library', 'Not in library'], ...Object.entries(READING_STATUS_LABELS)] as const).map(
    ([value, label]) => option(value, label, (state.filters.status ?? '') === value),
  ),
) as VscodeSingleSelect;
const tagSelect = el('vscode-single-select', { attrs: { label: 'Tag', 'aria-label': 'Tag' } }) as VscodeSingleSelect;

/** A line under a field that says why it cannot apply to this feed. */
const why = (name: string) => el('div', { className: 'why', attrs: { 'data-why': name } });
const sortWhy = why('sort');
const codeWhy = why('hasCode');
const datesWhy = why('dates');
const categoryWhy = why('category');
const sortField = el('label', { className: 'field' }, el('span', { text: 'Sort' }), sortSelect, sortWhy);
const codeField = el('div', { className: 'field' }, hasCode, codeWhy);
const fromField = el('label', { className: 'field' }, el('span', { text: 'From' }), fromDate);
const toField = el('label', { className: 'field' }, el('span', { text: 'To' }), toDate, datesWhy);
const categoryField = el('label', { className: 'field' }, el('span', { text: 'Category' }), categorySelect, categoryWhy);
const filtersPanel = el(
  'div',
  { className: 'filters', attrs: { role: 'group', 'aria-label': 'Filters' } },
  sortField,
  codeField,
  fromField,
  toField,
  categoryField,
  el('label', { className: 'field' }, el('span', { text: 'Status' }), statusSelect),
  el('label', { className: 'field' }, el('span', { text: 'Tag' }), tagSelect),
);
filtersPanel.hidden = !state.filtersOpen;
// The toggle shows the panel's state also when the view comes back with the panel open.
filterButton.toggleAttribute('checked', state.filtersOpen);

const notice = el('div', { className: 'notice', attrs: { role: 'note' } });
const status = el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
const message = el('div', { className: 'message' });
const listContainer = el('div', { className: 'list' });

document.body.append(
  el(
    'header',
    { className: 'top' },
    el('div', { className: 'row' }, sourceSelect, refreshButton, addSourceButton),
    el('div', { className: 'row' }, search, filterButton),
    filtersPanel,
    notice,
    status,
  ),
  // The results are the page's main landmark, headed for screen readers (the view's title is the workbench's).
  el('main', { className: 'results' }, el('h1', { className: 'visually-hidden', text: 'Papers' }), message, listContainer),
);

// ---- The list ----------------------------------------------------------------------------------------------------
function sameRanges(a: Ranges | undefined, b: Ranges | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every(([s, e], i) => s === b[i]![0] && e === b[i]![1]);
}

/**
 * One paper row, built once and updated in place for each row it shows: on a keystroke only the texts and
 * highlights that changed are touched, so the browser restyles and lays out as little as possible.
 */
let rowViews = 0;
function createPaperRowView(): RowView<PaperRow> {
  const title = el('div', { className: 'title' });
  const codeBadge = el('span', { className: 'codicon codicon-github', attrs: { title: 'Has code', 'aria-hidden': 'true' } });
  const upvotes = el('span', { className: 'upvotes' });
  // Screen readers hear the title as the row's name and the rest as its description (`description`), read once.
  const badges = el('div', { className: 'badges', attrs: { 'aria-hidden': 'true' } }, codeBadge, upvotes);
  const statusBadge = el('span', { className: 'status-badge' });
  const authors = el('span', { className: 'authors' });
  const date = el('span', { className: 'date' });
  const meta = el('div', { className: 'meta', attrs: { 'aria-hidden': 'true' } }, statusBadge, authors, date);
  const snippet = el('div', { className: 'snippet', attrs: { 'aria-hidden': 'true' } });
  // Sorted by the workspace: why this paper (what of the workspace it matches, what it cites).
  const whyLine = el('div', { className: 'why-line', attrs: { 'aria-hidden': 'true' } });
  whyLine.hidden = true;
  const describedBy = `paper-description-${++rowViews}`;
  const description = el('span', { attrs: { id: describedBy, hidden: '' } });
  const element = el('div', { className: 'paper' }, el('div', { className: 'head' }, title, badges), meta, whyLine, snippet, description);
  let shown: PaperRow | undefined;
  const setText = (node: HTMLElement, text: string) => {
    if (node.textContent !== text) node.textContent = text;
  };
  const show = (node: HTMLElement, visible: boolean) => {
    if (node.hidden === visible) node.hidden = !visible;
  };
  return {
    element,
    describedBy,
    update(row) {
      const before = shown;
      shown = row;
      if (!row) {
        title.replaceChildren();
        snippet.replaceChildren();
        setText(description, '');
        for (const node of [upvotes, statusBadge, authors, date, whyLine]) setText(node, '');
        for (const node of [codeBadge, upvotes, statusBadge, whyLine]) show(node, false);
        return;
      }
      if (before?.title !== row.title || !sameRanges(before.titleHighlights, row.titleHighlights)) {
        title.replaceChildren(highlighted(row.title, row.titleHighlights));
      }
      show(codeBadge, row.hasCode);
      show(upvotes, row.upvotes !== undefined);
      if (row.upvotes !== undefined) {
        setText(upvotes, `▲ ${row.upvotes}`);
        if (upvotes.title !== `${row.upvotes} upvotes`) upvotes.title = `${row.upvotes} upvotes`;
      }
      show(statusBadge, row.status !== undefined);
      if (row.status) {
        setText(statusBadge, READING_STATUS_LABELS[row.status]);
        statusBadge.className = `status-badge ${row.status}`;
      }
      setText(authors, row.authors);
      setText(date, row.date ?? '');
      show(date, row.date !== undefined);
      // Feeds without authors or dates (a pasted Daily Papers page) give the line to the abstract instead.
      const hasMeta = row.authors !== '' || row.date !== undefined || row.status !== undefined;
      show(meta, hasMeta);
      element.classList.toggle('no-meta', !hasMeta);
      const text = row.snippet?.text ?? '';
      if ((before?.snippet?.text ?? '') !== text || !sameRanges(before?.snippet?.highlights, row.snippet?.highlights)) {
        snippet.replaceChildren(highlighted(text, row.snippet?.highlights));
      }
      show(whyLine, row.why !== undefined);
      setText(whyLine, row.why ? `Why: ${row.why}` : '');
      if (whyLine.title !== (row.why ?? '')) whyLine.title = row.why ?? '';
      const facts = [
        row.authors,
        row.date,
        row.status ? READING_STATUS_LABELS[row.status] : '',
        row.hasCode ? 'has code' : '',
        row.upvotes !== undefined ? `${row.upvotes} upvotes` : '',
      ];
      setText(description, [facts.filter(Boolean).join(', '), row.why ? `Why: ${row.why}` : '', text].filter(Boolean).join('. '));
    },
  };
}

const list = new VirtualList<PaperRow>({
  container: listContainer,
  label: 'Papers',
  createRow: createPaperRowView,
  requestRows: (start, end) => requestRows(start, end),
  onOpen: (row, _index, { toSide, pinned }) => api.post({ type: 'open', id: row.id, toSide, pinned }),
  onType: (key) => {
    search.focus();
    search.value += key;
    onQueryChanged();
  },
  onLeaveTop: () => search.focus(),
});

/** Row ranges `[start, end)` of the current results that are here or on their way (reset with each new result). */
const requested: [number, number][] = [];
function requestRows(start: number, end: number): void {
  // Ask for a few screens at a time, and never again for rows already asked for: a scroll frame that needs rows
  // already on their way posts nothing.
  const until = Math.max(end, start + Math.max(16, list.visibleCount() * 3));
  let at = start;
  while (at < until) {
    const covering = requested.find(([s, e]) => s <= at && at < e);
    if (covering) {
      at = covering[1];
      continue;
    }
    const next = Math.min(until, ...requested.filter(([s]) => s > at).map(([s]) => s));
    requested.push([at, next]);
    api.post({ type: 'rows', seq, start: at, count: next - at });
    at = next;
  }
}

/** Measures a real row in the current font so the virtual list's fixed row height is right in every theme. */
function measureRowHeight(): void {
  const view = createPaperRowView();
  view.update({ id: '', title: 'M', titleHighlights: [], authors: 'M', hasCode: false, snippet: { text: 'M', highlights: [] } });
  const probe = el('div', { className: 'vl-row probe' }, view.element);
  probe.style.position = 'absolute';
  probe.style.visibility = 'hidden';
  listContainer.append(probe);
  list.setRowHeight(Math.ceil(probe.getBoundingClientRect().height));
  probe.remove();
}

// ---- Queries -----------------------------------------------------------------------------------------------------
function currentFilters(): Filters {
  const f: { -readonly [K in keyof Filters]: Filters[K] } = {};
  if (hasCode.checked) f.hasCode = true;
  if (fromDate.value) f.from = fromDate.value;
  if (toDate.value) f.to = toDate.value;
  if (categorySelect.value) f.category = categorySelect.value;
  if (statusSelect.value) f.status = statusSelect.value as Filters['status'];
  if (tagSelect.value) f.tag = tagSelect.value;
  return f;
}

function saveState(): void {
  state = { query: search.value, filters: currentFilters(), sort: sortSelect.value as SortKey, filtersOpen: !filtersPanel.hidden };
  api.setState(state);
}

let queriedAt = 0;
let postedAt = 0;
/** Keystroke-to-rendered latencies (ms) of the last queries, read by `npm run bench:ui`. */
const latencies: number[] = [];
/**
 * Where each of those went: the webview before posting the query, the host's work, the rest of the round trip
 * (VS Code carrying both messages), and rendering.
 */
const breakdown: { send: number; host: number; wire: number; render: number; rows: number; shownFrom: ShownFrom; text: string }[] = [];
/** Round trips of an empty message webview → host → webview (`marginaliaPing`), the floor under every query. */
const pings = new Map<number, (at: number) => void>();
let pingSeq = 0;
// Kept in the production build: the UI tests of the packaged extension read where each answer came from. Read-only
// timing figures and a counter; nothing in them acts on the page or the host.
Object.assign(globalThis, {
  marginaliaBreakdown: breakdown,
  marginaliaLookaheadCorrections: () => lookaheadCorrections,
});
// Only bench:ui uses these (on the development build).
if (__TEST_HOOKS__) {
  Object.assign(globalThis, {
    marginaliaLatencies: latencies,
    marginaliaPing: () =>
      new Promise<number>((resolve) => {
        const id = ++pingSeq;
        const started = performance.now();
        pings.set(id, (at) => resolve(at - started));
        api.post({ type: 'ping', seq: id });
      }),
  });
}

/** The query (text, filters, sort) last asked for, and the one whose results the list shows. */
let queryKey = '';
let shownKey: string | undefined;
/**
 * Where the rows a keystroke showed came from: the host's answer to it, the host's look ahead, or the answer already
 * shown (a space or a letter's case changes nothing the host would answer).
 */
type ShownFrom = 'host' | 'lookahead' | 'unchanged';
/** An answer's first screen, as the list shows it. */
type Answer = Pick<Extract<HostToSidebar, { type: 'results' }>, 'total' | 'start' | 'rows' | 'tookMs' | 'match' | 'excludedBy'>;
/** What the list shows, and for which query. */
let shown: Answer | undefined;
let renderedSeq = 0;
/** Whether the list shows an answer before the host's, and how often the host's answer then differed (bench:ui, tests). */
let shownAhead = false;
let lookaheadCorrections = 0;
/**
 * The host's answers to the texts most likely to be typed next (`lookahead`), by query key: a keystroke that types
 * one of them shows it at once. Only for the next keystroke; each keystroke clears them.
 */
const ahead = new Map<string, Answer>();

function keyOf(text: string): string {
  return JSON.stringify([feed?.activeSourceId, lookaheadKey(text), currentFilters(), sortSelect.value]);
}

function onQueryChanged(event?: Event): void {
  // The input event's timeStamp is when the keystroke arrived, on the same clock as performance.now().
  queriedAt = event?.timeStamp || performance.now();
  // Whether the list shows the answer to the query before this one (not an older one while a new one is on its way).
  const shownIsCurrent = renderedSeq === seq && shown !== undefined;
  seq++;
  requested.length = 0;
  const filters = currentFilters();
  const sort = sortSelect.value as SortKey;
  queryKey = keyOf(search.value);
  const lookedAhead = ahead.get(queryKey);
  ahead.clear();
  // The first screen is all the host sends with the answer; the list asks for the rest when it draws it.
  const count = list.visibleCount() + 1;
  api.post({ type: 'query', seq, text: search.value, filters, sort, count });
  postedAt = performance.now();
  saveStateSoon();
  // The host answers every query; when the answer is known already, the list shows it now.
  if (lookedAhead) showResults({ ...lookedAhead, seq }, 'lookahead');
  else if (event?.type === 'input' && shownIsCurrent && queryKey === shownKey) showResults({ ...shown!, seq }, 'unchanged');
}

/** Records how long a query took from its keystroke to its results rendered (`npm run bench:ui` reads these). */
function record(parts: { host: number; wire: number; render: number; rows: number }, shownFrom: ShownFrom): void {
  const done = performance.now();
  if (latencies.push(done - queriedAt) > 5000) latencies.shift();
  if (breakdown.push({ send: postedAt - queriedAt, ...parts, shownFrom, text: search.value }) > 5000) breakdown.shift();
  document.body.dataset.renderedSeq = String(seq);
}

/**
 * Whether the host's answer is what the list shows already: the same matches and, on the rows both carry, the same
 * rows (the first screen may have grown or shrunk with the view since the look ahead was answered).
 */
function sameAnswer(a: Answer, b: Answer | undefined): boolean {
  if (b === undefined || a.total !== b.total || a.start !== b.start || a.match !== b.match) return false;
  const n = Math.min(a.rows.length, b.rows.length);
  return JSON.stringify(a.rows.slice(0, n)) === JSON.stringify(b.rows.slice(0, n));
}

let stateTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * Saves the UI state once typing pauses: every `setState` is one more message for the workbench, on the path the
 * query and its answer take. Flushed when the view is hidden, so nothing typed is lost.
 */
function saveStateSoon(): void {
  if (stateTimer !== undefined) clearTimeout(stateTimer);
  stateTimer = setTimeout(() => {
    stateTimer = undefined;
    saveState();
  }, 250);
}
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden' && stateTimer !== undefined) {
    clearTimeout(stateTimer);
    stateTimer = undefined;
    saveState();
  }
});

search.addEventListener('input', onQueryChanged);
search.addEventListener('keydown', (event: KeyboardEvent) => {
  if (event.key === 'ArrowDown') {
    event.preventDefault();
    list.focus();
  } else if (event.key === 'Enter') {
    list.focus();
  }
});
for (const control of [sortSelect, hasCode, fromDate, toDate, categorySelect, statusSelect, tagSelect]) {
  control.addEventListener('change', (event) => {
    onQueryChanged(event);
    if (feed) showFacets(feed);
  });
}
filterButton.addEventListener('click', () => {
  filtersPanel.hidden = !filtersPanel.hidden;
  filterButton.setAttribute('aria-expanded', String(!filtersPanel.hidden));
  saveState();
});
sourceSelect.addEventListener('change', () => {
  if (feed && sourceSelect.value && sourceSelect.value !== feed.activeSourceId) api.post({ type: 'selectSource', id: sourceSelect.value });
});
refreshButton.addEventListener('click', () => api.post({ type: 'refresh' }));
addSourceButton.addEventListener('click', () => api.post({ type: 'addSource' }));

// ---- Host messages -----------------------------------------------------------------------------------------------
function fillSelect(select: VscodeSingleSelect, anyLabel: string, values: readonly string[], selected: string | undefined): void {
  select.replaceChildren(option('', anyLabel, !selected), ...values.map((v) => option(v, v, v === selected)));
}

/** Shows `text` under a field, or nothing; dims the field's label when it cannot apply. */
function explain(field: HTMLElement, line: HTMLElement, text: string | undefined): void {
  line.textContent = text ?? '';
  line.hidden = !text;
  field.classList.toggle('unavailable', text !== undefined);
}

/**
 * Disables the filters and sorts that cannot apply to this feed (no dates, no upvotes, no code, no categories) and
 * says why under them; one the user had set stays set, so it can be seen and cleared.
 */
function showFacets(next: FeedSnapshot): void {
  const facets = next.facets;
  if (!facets || next.total === 0) {
    for (const [field, line] of [
      [sortField, sortWhy],
      [codeField, codeWhy],
      [toField, datesWhy],
      [categoryField, categoryWhy],
    ] as const)
      explain(field, line, undefined);
    return;
  }
  const noDates = facets.withDates === 0;
  const noUpvotes = facets.withUpvotes === 0;
  for (const o of sortSelect.querySelectorAll('vscode-option')) {
    const value = o.getAttribute('value');
    const off = (value === 'date' && noDates) || (value === 'upvotes' && noUpvotes);
    o.toggleAttribute('disabled', off && sortSelect.value !== value);
  }
  const sortOff = [noDates && 'dates', noUpvotes && 'upvotes'].filter(Boolean).join(' or ');
  explain(
    sortField,
    sortWhy,
    sortOff
      ? `This feed has no ${sortOff}: ${noDates && noUpvotes ? 'only relevance applies' : noDates ? 'newest first does not apply' : 'most upvoted does not apply'}.`
      : undefined,
  );
  const setDates = Boolean(fromDate.value || toDate.value);
  fromDate.disabled = noDates && !setDates;
  toDate.disabled = noDates && !setDates;
  explain(fromField, datesWhy, noDates ? 'This feed has no dates.' : undefined);
  toField.classList.toggle('unavailable', noDates);
  if (!noDates && facets.firstDay && facets.lastDay) {
    datesWhy.hidden = false;
    datesWhy.textContent = facets.firstDay === facets.lastDay ? `Papers of ${facets.firstDay}.` : `Papers from ${facets.firstDay} to ${facets.lastDay}.`;
  }
  hasCode.disabled = facets.withCode === 0 && !hasCode.checked;
  explain(codeField, codeWhy, facets.withCode === 0 ? 'No paper in this feed links code.' : undefined);
  categorySelect.disabled = next.categories.length === 0 && !categorySelect.value;
  explain(categoryField, categoryWhy, next.categories.length === 0 ? 'This feed has no categories.' : undefined);
}

function showFeed(next: FeedSnapshot): void {
  const previous = feed;
  feed = next;
  if (!previous || previous.sources !== next.sources || previous.activeSourceId !== next.activeSourceId) {
    sourceSelect.replaceChildren(...next.sources.map((s) => option(s.id, s.label, s.id === next.activeSourceId)));
  }
  fillSelect(categorySelect, 'Any category', next.categories, state.filters.category);
  fillSelect(tagSelect, 'Any tag', next.tags, state.filters.tag);
  showFacets(next);
  notice.textContent = next.notice ?? '';
  notice.hidden = !next.notice;
  message.replaceChildren();
  message.hidden = true;
  listContainer.hidden = false;
  if (next.status === 'loading') {
    status.textContent = next.loaded ? `Loading ${next.label}… ${next.loaded} papers so far` : `Loading ${next.label}…`;
    listContainer.hidden = true;
  } else if (next.status === 'error') {
    status.textContent = '';
    listContainer.hidden = true;
    message.hidden = false;
    message.append(
      el('span', { className: 'codicon codicon-error', attrs: { 'aria-hidden': 'true' } }),
      el('p', { className: 'error-text', text: next.error ?? 'The feed could not be loaded.', attrs: { role: 'alert' } }),
    );
    if (next.retryable !== false) {
      const retry = el('vscode-button', { text: 'Retry' });
      retry.addEventListener('click', () => api.post({ type: 'refresh' }));
      message.append(retry);
    }
  } else {
    // The feed (re)loaded: ask for results of the current query.
    onQueryChanged();
  }
}

function showResults(m: Answer & { readonly seq: number }, shownFrom: ShownFrom = 'host'): void {
  const arrived = performance.now();
  const first = renderedSeq !== m.seq;
  // The host's answer to a query the list showed before it came: nothing to redraw when it is the same.
  if (!first && sameAnswer(m, shown)) {
    if (m.rows.length > shown!.rows.length) list.setRows(m.start, m.rows);
    return;
  }
  if (!first && shownAhead) lookaheadCorrections++;
  shownAhead = shownFrom !== 'host';
  const { total, tookMs } = m;
  // The rows first: they are what the user is waiting for. The list asks for the others as it draws them.
  requested.length = 0;
  requested.push([m.start, m.start + m.rows.length]);
  // The same query answered again (the feed or the library changed, indexing finished) keeps the user's place.
  list.show(total, m.start, m.rows, queryKey === shownKey);
  shownKey = queryKey;
  shown = m;
  renderedSeq = m.seq;
  const searching = search.value.trim().length > 0 || Object.keys(state.filters).length > 0;
  const feedTotal = feed?.total ?? total;
  const papers = (n: number) => `${n} ${n === 1 ? 'paper' : 'papers'}`;
  const indexing = feed?.indexing ? ' · indexing…' : '';
  const some = m.match === 'some' ? ' match some of the words (none has all)' : '';
  const byWorkspace = sortSelect.value === 'workspace' ? ` · ${feed?.workspace ?? 'Ranking by this workspace…'}` : '';
  const text = searching
    ? `${total} of ${papers(feedTotal)}${some} · ${tookMs < 1 ? '<1' : Math.round(tookMs)} ms${indexing}${byWorkspace}`
    : `${papers(total)} · ${feed?.label ?? ''}${indexing}${byWorkspace}`;
  if (status.textContent !== text) status.textContent = text;
  if (total === 0 && feed?.status === 'ready') {
    message.hidden = false;
    if (feedTotal > 0 && m.excludedBy?.length) {
      message.replaceChildren(
        ...m.excludedBy.map((name) => el('p', { className: 'excluded', text: whyExcluded(name) })),
        el(
          'div',
          { className: 'clear-filters' },
          ...m.excludedBy.map((name) => {
            const button = el('vscode-button', { text: `Clear ${FILTER_LABELS[name]} filter`, attrs: { secondary: '' } });
            button.addEventListener('click', () => clearFilter(name));
            return button;
          }),
        ),
      );
    } else {
      const ranking = sortSelect.value === 'workspace' && feedTotal > 0 && !searching;
      message.replaceChildren(
        el('p', {
          text:
            feedTotal === 0
              ? 'This feed has no papers.'
              : ranking
                ? feed?.workspace?.startsWith('Ranked')
                  ? 'No paper of this feed matches this workspace.'
                  : (feed?.workspace ?? 'Ranking by this workspace…')
                : 'No papers match.',
        }),
        ...(feedTotal > 0 && searching ? [el('p', { className: 'hint', text: 'Try fewer words, or clear the filters.' })] : []),
      );
    }
  } else if (!message.hidden) {
    message.hidden = true;
  }
  // Rendered means the DOM is updated and laid out (reading a box forces layout now, not at the next frame).
  listContainer.getBoundingClientRect();
  if (!first) return;
  const render = performance.now() - arrived;
  const fromHost = shownFrom === 'host';
  record({ host: fromHost ? tookMs : 0, wire: fromHost ? arrived - postedAt - tookMs : 0, render, rows: m.rows.length }, shownFrom);
}

const FILTER_LABELS: Readonly<Record<FilterName, string>> = { hasCode: 'code', dates: 'date', category: 'category', status: 'status', tag: 'tag' };

/** Why filter `name` leaves no paper, in the feed's terms ("the feed has papers up to 2024-05-27"). */
function whyExcluded(name: FilterName): string {
  const facets = feed?.facets;
  switch (name) {
    case 'dates': {
      const from = fromDate.value;
      const to = toDate.value;
      const asked = from && to ? `from ${from} to ${to}` : from ? `from ${from} on` : `up to ${to}`;
      if (!facets?.firstDay || !facets.lastDay) return `No papers ${asked}: this feed has no dates.`;
      const has =
        from && !to
          ? `papers up to ${facets.lastDay}`
          : to && !from
            ? `papers from ${facets.firstDay} on`
            : facets.firstDay === facets.lastDay
              ? `papers of ${facets.firstDay}`
              : `papers from ${facets.firstDay} to ${facets.lastDay}`;
      return `No papers ${asked} — the feed has ${has}.`;
    }
    case 'hasCode':
      return 'No paper that matches links code.';
    case 'category':
      return `No papers in ${categorySelect.value} match.`;
    case 'status':
      return `No papers with the status "${statusSelect.querySelector(`vscode-option[value="${CSS.escape(statusSelect.value)}"]`)?.textContent ?? statusSelect.value}" match.`;
    case 'tag':
      return `No papers tagged "${tagSelect.value}" match.`;
  }
}

function clearFilter(name: FilterName): void {
  switch (name) {
    case 'dates':
      fromDate.value = '';
      toDate.value = '';
      break;
    case 'hasCode':
      hasCode.checked = false;
      break;
    case 'category':
      categorySelect.value = '';
      break;
    case 'status':
      statusSelect.value = '';
      break;
    case 'tag':
      tagSelect.value = '';
      break;
  }
  saveState();
  onQueryChanged();
  if (feed) showFacets(feed);
}

window.addEventListener('message', (event: MessageEvent<HostToSidebar>) => {
  const m = event.data;
  switch (m.type) {
    case 'feed':
      ahead.clear();
      showFeed(m.feed);
      break;
    case 'results':
      // Looked-ahead answers come after their query's results; results again (the library changed) void them.
      ahead.clear();
      if (m.seq === seq) showResults(m);
      break;
    case 'lookahead':
      if (m.seq === seq) for (const a of m.answers) ahead.set(keyOf(a.text), { total: a.total, start: 0, rows: a.rows, tookMs: a.tookMs, match: a.match });
      break;
    case 'rows':
      if (m.seq === seq) list.setRows(m.start, m.rows);
      break;
    case 'pong':
      if (__TEST_HOOKS__) {
        pings.get(m.seq)?.(performance.now());
        pings.delete(m.seq);
      }
      break;
    case 'focusSearch':
      search.focus();
      break;
  }
});

// ---- Focus -------------------------------------------------------------------------------------------------------
/**
 * Whatever focuses the view ("Focus on Papers View", its keybinding, a click on its title) focuses the page, not a
 * control in it: put the cursor in the search box then, so what the user types next is a query. Focus that lands
 * inside the page (a click on the list or a filter) stays where it landed.
 */
function focusSearchIfNothingIs(): void {
  if (document.activeElement === null || document.activeElement === document.body) search.focus();
}
window.addEventListener('focus', () => queueMicrotask(focusSearchIfNothingIs));
// Typing with the page itself focused (the view was focused before the page loaded) starts a query, not nothing.
document.addEventListener('keydown', (event: KeyboardEvent) => {
  if (event.target !== document.body || event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
  event.preventDefault();
  search.focus();
  search.value += event.key;
  onQueryChanged();
});

measureRowHeight();
api.post({ type: 'ready' });
// The view was focused while the page loaded (a first "Focus on Papers View"): the focus event came before us.
if (document.hasFocus()) focusSearchIfNothingIs();

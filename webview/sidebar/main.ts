import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-toolbar-button/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { FeedSnapshot, Filters, HostToSidebar, PaperRow, SidebarToHost, SortKey } from '../../src/protocol/sidebar';
import { highlighted } from '../shared/highlight';
import { el, vscodeApi } from '../shared/vscodeApi';
import { VirtualList } from './virtualList';
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
const sourceSelect = el('vscode-single-select', { className: 'source', attrs: { 'aria-label': 'Feed source' } }) as VscodeSingleSelect;
const refreshButton = el('vscode-toolbar-button', { attrs: { icon: 'refresh', label: 'Refresh feed', title: 'Refresh feed' } });
const addSourceButton = el('vscode-toolbar-button', { attrs: { icon: 'add', label: 'Add feed source', title: 'Add feed source' } });
const filterButton = el('vscode-toolbar-button', { attrs: { icon: 'filter', label: 'Show filters', title: 'Filters and sort', toggleable: '' } });
const search = el('vscode-textfield', { className: 'search', attrs: { type: 'search', placeholder: 'Search titles, authors, abstracts', 'aria-label': 'Search papers' } }) as VscodeTextfield;
search.value = state.query;
search.append(el('span', { className: 'codicon codicon-search', attrs: { slot: 'content-before', 'aria-hidden': 'true' } }));

const sortSelect = el('vscode-single-select', { attrs: { 'aria-label': 'Sort by' } }, ...(
  [['relevance', 'Relevance'], ['date', 'Newest first'], ['upvotes', 'Most upvoted']] as const
).map(([value, label]) => option(value, label, state.sort === value))) as VscodeSingleSelect;
const hasCode = el('vscode-checkbox', { attrs: { label: 'Has code' } }) as VscodeCheckbox;
hasCode.checked = state.filters.hasCode === true;
const fromDate = el('vscode-textfield', { attrs: { type: 'date', 'aria-label': 'From date' } }) as VscodeTextfield;
const toDate = el('vscode-textfield', { attrs: { type: 'date', 'aria-label': 'To date' } }) as VscodeTextfield;
fromDate.value = state.filters.from ?? '';
toDate.value = state.filters.to ?? '';
const categorySelect = el('vscode-single-select', { attrs: { 'aria-label': 'Category' } }) as VscodeSingleSelect;
const statusSelect = el('vscode-single-select', { attrs: { 'aria-label': 'Library status' } }, ...(
  [['', 'Any status'], ['in-library', 'In library'], ['not-in-library', 'Not in library'], ['to-read', 'To read'], ['reading', 'Reading'], ['read', 'Read']] as const
).map(([value, label]) => option(value, label, (state.filters.status ?? '') === value))) as VscodeSingleSelect;
const tagSelect = el('vscode-single-select', { attrs: { 'aria-label': 'Tag' } }) as VscodeSingleSelect;

const filtersPanel = el(
  'div',
  { className: 'filters', attrs: { role: 'group', 'aria-label': 'Filters' } },
  el('label', { className: 'field' }, el('span', { text: 'Sort' }), sortSelect),
  el('div', { className: 'field' }, hasCode),
  el('label', { className: 'field' }, el('span', { text: 'From' }), fromDate),
  el('label', { className: 'field' }, el('span', { text: 'To' }), toDate),
  el('label', { className: 'field' }, el('span', { text: 'Category' }), categorySelect),
  el('label', { className: 'field' }, el('span', { text: 'Status' }), statusSelect),
  el('label', { className: 'field' }, el('span', { text: 'Tag' }), tagSelect),
);
filtersPanel.hidden = !state.filtersOpen;

const notice = el('div', { className: 'notice', attrs: { role: 'note' } });
const status = el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
const message = el('div', { className: 'message' });
const listContainer = el('div', { className: 'list' });

document.body.append(
  el('header', { className: 'top' }, el('div', { className: 'row' }, sourceSelect, refreshButton, addSourceButton), el('div', { className: 'row' }, search, filterButton), filtersPanel, notice, status),
  message,
  listContainer,
);

// ---- The list ----------------------------------------------------------------------------------------------------
function renderRow(row: PaperRow): Node {
  const title = el('div', { className: 'title' });
  title.append(highlighted(row.title, row.titleHighlights));
  const meta = el('div', { className: 'meta' });
  if (row.status) meta.append(el('span', { className: `status-badge ${row.status}`, text: row.status.replace('-', ' ') }));
  meta.append(el('span', { className: 'authors', text: row.authors }));
  if (row.date) meta.append(el('span', { className: 'date', text: row.date }));
  const badges = el('div', { className: 'badges' });
  if (row.hasCode) badges.append(el('span', { className: 'codicon codicon-github', attrs: { title: 'Has code', 'aria-hidden': 'true' } }));
  if (row.upvotes !== undefined) badges.append(el('span', { className: 'upvotes', text: `▲ ${row.upvotes}`, attrs: { title: `${row.upvotes} upvotes` } }));
  const snippet = el('div', { className: 'snippet' });
  if (row.snippet) snippet.append(highlighted(row.snippet.text, row.snippet.highlights));
  // Feeds without authors or dates (a pasted Daily Papers page) give the line to the abstract instead.
  const hasMeta = meta.childElementCount > 0 && (row.authors !== '' || row.date !== undefined || row.status !== undefined);
  return el('div', { className: hasMeta ? 'paper' : 'paper no-meta' }, el('div', { className: 'head' }, title, badges), hasMeta ? meta : null, snippet);
}

const list = new VirtualList<PaperRow>({
  container: listContainer,
  label: 'Papers',
  renderRow,
  rowLabel: (row) => [row.title, row.authors, row.date, row.hasCode ? 'has code' : '', row.status ?? ''].filter(Boolean).join(', '),
  requestRows: (start, end) => requestRows(start, end),
  onOpen: (row, _index, { toSide }) => api.post({ type: 'open', id: row.id, toSide }),
  onType: (key) => {
    search.focus();
    search.value += key;
    onQueryChanged();
  },
  onLeaveTop: () => search.focus(),
});

let pendingRows: number | undefined;
function requestRows(start: number, end: number): void {
  // Coalesce the requests of one scroll frame into one message.
  if (pendingRows !== undefined) return;
  pendingRows = requestAnimationFrame(() => {
    pendingRows = undefined;
    api.post({ type: 'rows', seq, start, count: Math.max(end - start, list.visibleCount() * 3) });
  });
}

/** Measures a real row in the current font so the virtual list's fixed row height is right in every theme. */
function measureRowHeight(): void {
  const probe = el('div', { className: 'vl-row probe' }, renderRow({ id: '', title: 'M', titleHighlights: [], authors: 'M', hasCode: false, snippet: { text: 'M', highlights: [] } }));
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
/** Keystroke-to-rendered latencies (ms) of the last queries, read by `npm run bench:ui`. */
const latencies: number[] = [];
/** Where each of those went: the host's query, the round trip around it, and rendering. */
const breakdown: { host: number; wire: number; render: number }[] = [];
Object.assign(globalThis, { marginaliaLatencies: latencies, marginaliaBreakdown: breakdown });

function onQueryChanged(event?: Event): void {
  saveState();
  seq++;
  // The input event's timeStamp is when the keystroke arrived, on the same clock as performance.now().
  queriedAt = event?.timeStamp || performance.now();
  api.post({ type: 'query', seq, text: search.value, filters: state.filters, sort: state.sort, count: list.visibleCount() * 3 });
}

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
  control.addEventListener('change', onQueryChanged);
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

function showFeed(next: FeedSnapshot): void {
  const previous = feed;
  feed = next;
  if (!previous || previous.sources !== next.sources || previous.activeSourceId !== next.activeSourceId) {
    sourceSelect.replaceChildren(...next.sources.map((s) => option(s.id, s.label, s.id === next.activeSourceId)));
  }
  fillSelect(categorySelect, 'Any category', next.categories, state.filters.category);
  fillSelect(tagSelect, 'Any tag', next.tags, state.filters.tag);
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

function showResults(total: number, start: number, rows: readonly PaperRow[], tookMs: number): void {
  const arrived = performance.now();
  list.reset(total);
  list.setRows(start, rows);
  const searching = search.value.trim().length > 0 || Object.keys(state.filters).length > 0;
  const feedTotal = feed?.total ?? total;
  const papers = (n: number) => `${n} ${n === 1 ? 'paper' : 'papers'}`;
  const indexing = feed?.indexing ? ' · indexing…' : '';
  status.textContent = searching ? `${total} of ${papers(feedTotal)} · ${tookMs < 1 ? '<1' : Math.round(tookMs)} ms${indexing}` : `${papers(total)} · ${feed?.label ?? ''}${indexing}`;
  if (total === 0 && feed?.status === 'ready') {
    message.hidden = false;
    message.replaceChildren(
      el('p', { text: feedTotal === 0 ? 'This feed has no papers.' : 'No papers match.' }),
      ...(feedTotal > 0 && searching ? [el('p', { className: 'hint', text: 'Try fewer words, or clear the filters.' })] : []),
    );
  } else {
    message.hidden = true;
  }
  // Rendered means the DOM is updated and laid out (reading a box forces layout now, not at the next frame).
  listContainer.getBoundingClientRect();
  const done = performance.now();
  const latency = done - queriedAt;
  if (latencies.push(latency) > 5000) latencies.shift();
  if (breakdown.push({ host: tookMs, wire: arrived - queriedAt - tookMs, render: done - arrived }) > 5000) breakdown.shift();
  document.body.dataset.renderedSeq = String(seq);
}

window.addEventListener('message', (event: MessageEvent<HostToSidebar>) => {
  const m = event.data;
  switch (m.type) {
    case 'feed':
      showFeed(m.feed);
      break;
    case 'results':
      if (m.seq === seq) showResults(m.total, m.start, m.rows, m.tookMs);
      break;
    case 'rows':
      if (m.seq === seq) list.setRows(m.start, m.rows);
      break;
    case 'focusSearch':
      search.focus();
      break;
  }
});

measureRowHeight();
api.post({ type: 'ready' });

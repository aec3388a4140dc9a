import type { HostToSidebar, PaperRow, SidebarToHost } from '../../src/protocol/sidebar';
import { el, vscodeApi } from '../shared/vscodeApi';
import './sidebar.css';

interface SidebarState {
  query: string;
}

const api = vscodeApi<SidebarToHost, SidebarState>();
const saved = api.getState() ?? { query: '' };

const search = el('input', { className: 'search', attrs: { type: 'search', placeholder: 'Search papers', 'aria-label': 'Search papers' } });
search.value = saved.query;
const status = el('div', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
const list = el('ul', { className: 'list', attrs: { role: 'listbox', 'aria-label': 'Papers' } });
document.body.append(el('div', { className: 'top' }, search, status), list);

search.addEventListener('input', () => {
  api.setState({ query: search.value });
  api.post({ type: 'search', query: search.value });
});

function renderRow(row: PaperRow): HTMLLIElement {
  const item = el(
    'li',
    { className: 'paper', attrs: { role: 'option', tabindex: '-1', 'data-id': row.id } },
    el('div', { className: 'title', text: row.title }),
    el('div', { className: 'meta', text: [row.authors, row.date].filter(Boolean).join(' · ') }),
    row.hasCode ? el('span', { className: 'codicon codicon-github badge', attrs: { title: 'Has code', 'aria-label': 'Has code' } }) : null,
  );
  item.addEventListener('click', () => api.post({ type: 'open', id: row.id }));
  return item;
}

window.addEventListener('message', (event: MessageEvent<HostToSidebar>) => {
  const message = event.data;
  switch (message.type) {
    case 'loading':
      status.textContent = `Loading ${message.sourceLabel}…`;
      break;
    case 'error':
      status.textContent = message.message;
      list.replaceChildren();
      break;
    case 'state':
      status.textContent = `${message.sourceLabel}: ${message.rows.length} of ${message.total} papers`;
      list.replaceChildren(...message.rows.map(renderRow));
      break;
  }
});

api.post({ type: 'ready' });
if (saved.query) api.post({ type: 'search', query: saved.query });

/**
 * The "v1 → v3" badge under the paper's title: a newer arXiv version than the one read or cited, what changed
 * (dates, arXiv's comment on it, as text), and a button that moves citations, note and highlights to it.
 */
import type { NewerVersionView, PaperToHost } from '../../src/protocol/paper';
import { el } from '../shared/vscodeApi';

export function renderNewerVersion(news: NewerVersionView, post: (message: PaperToHost) => void): HTMLElement {
  const move = el('vscode-button', {
    text: `Move to v${news.latest}`,
    attrs: { icon: 'versions', secondary: '', title: `Move this workspace's citations of the paper, its note and its highlights to v${news.latest}` },
  });
  move.addEventListener('click', () => post({ type: 'moveToLatestVersion' }));
  return el(
    'div',
    { className: 'newer-version', attrs: { role: 'note', 'aria-label': news.line } },
    el('vscode-badge', { text: news.badge, attrs: { variant: 'default', title: news.line } }),
    el('span', { className: 'newer-version-line', text: news.line }),
    news.changed ? el('span', { className: 'newer-version-changed', text: news.changed }) : null,
    move,
  );
}

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { isSafeWebUrl } from '../../src/core/net/urlSafety';
import { READING_STATUS_LABELS } from '../../src/core/notes/noteModel';
import { cloneableKinds } from '../../src/core/repoLinks';
import type { Paper, RepoLink } from '../../src/core/paper';
import type { HostToPaper, MissingPaperState, PaperToHost, PaperViewState, RepoTarget } from '../../src/protocol/paper';
import type { LibraryStatus } from '../../src/protocol/sidebar';
import { el, readBootstrap, vscodeApi } from '../shared/vscodeApi';
import '../shared/visuallyHidden.css';
import './paper.css';
import { NotesUi } from './notes/notesUi';
import { richText } from './richText';
import { renderNewerVersion } from './versionBadge';
import { WorkspaceLinksSection } from './workspaceLinks';
import { CitationsSection } from './citations';

interface PaperPanelState {
  readonly paperId: string;
}

const api = vscodeApi<PaperToHost, PaperPanelState>();
const bootstrap = readBootstrap<{ paperId: string }>();
// The serializer revives the panel from this state after a window reload.
if (bootstrap?.paperId) api.setState({ paperId: bootstrap.paperId });

const workspaceLinks = new WorkspaceLinksSection(
  (target) => api.post({ type: 'openCodeLink', target }),
  (noteId) => notesUi.codeNoteCard(noteId),
);
const citations = new CitationsSection({
  openPaper: (id) => api.post({ type: 'openPaper', id }),
  openLink: (url) => api.post({ type: 'openLink', url }),
  retry: () => api.post({ type: 'retryCitations' }),
});
const root = el('main', { className: 'paper-view' });
const toast = el('div', { className: 'toast', attrs: { role: 'status', 'aria-live': 'polite' } });
document.body.append(root, toast);
const notesUi = new NotesUi({ post: (message) => api.post(message), toast: (kind, text) => showToast(kind, text), rendered: () => workspaceLinks.refresh() });

function richEl<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text: string): HTMLElementTagNameMap[K] {
  const node = el(tag, { className });
  node.append(richText(text));
  return node;
}

function isWebUrl(url: string): boolean {
  return isSafeWebUrl(url);
}

function link(label: string, url: string | undefined, icon: string): HTMLElement | null {
  if (!url || !isWebUrl(url)) return null;
  const a = el(
    'a',
    { className: 'link', attrs: { href: url, title: url } },
    el('span', { className: `codicon codicon-${icon}`, attrs: { 'aria-hidden': 'true' } }),
    document.createTextNode(label),
  );
  a.addEventListener('click', (event) => {
    event.preventDefault();
    api.post({ type: 'openLink', url });
  });
  return a;
}

function button(label: string, icon: string, onClick: () => void, options: { secondary?: boolean; title?: string } = {}): HTMLElement {
  const b = el('vscode-button', { text: label, attrs: { icon, title: options.title ?? label } });
  if (options.secondary) b.setAttribute('secondary', '');
  b.addEventListener('click', onClick);
  return b;
}

function section(title: string, ...children: (Node | null)[]): HTMLElement {
  return el('section', { attrs: { 'aria-label': title } }, el('h2', { text: title }), ...children);
}

function formatDate(iso: string | undefined): string | undefined {
  return iso ? iso.slice(0, 10) : undefined;
}

function renderHeader(paper: Paper): HTMLElement {
  const authors = el('p', { className: 'authors' });
  paper.authors.forEach((author, i) => {
    if (i > 0) authors.append(', ');
    const name = el('span', { className: 'author', text: author.name });
    if (author.affiliations?.length) {
      name.title = author.affiliations.join('; ');
      name.append(el('span', { className: 'affiliation', text: ` (${author.affiliations.join('; ')})` }));
    }
    authors.append(name);
  });
  const facts = el('p', { className: 'facts' });
  const addFact = (text: string | undefined, cls = '') => {
    if (!text) return;
    facts.append(el('span', { className: `fact ${cls}`, text }));
  };
  addFact(paper.arxivId ? `arXiv:${paper.arxivId}${paper.version ? `v${paper.version}` : ''}` : undefined, 'id');
  addFact(paper.published ? `Published ${formatDate(paper.published)}` : undefined);
  addFact(paper.updated && paper.updated !== paper.published ? `Updated ${formatDate(paper.updated)}` : undefined);
  addFact(paper.dailyDate ? `On Daily Papers ${paper.dailyDate}` : undefined);
  addFact(paper.venue ? `Published in ${paper.venue}` : paper.year && !paper.published ? `Published ${paper.year}` : undefined);
  addFact(paper.upvotes !== undefined ? `▲ ${paper.upvotes} ${paper.upvotes === 1 ? 'upvote' : 'upvotes'}` : undefined);
  addFact(paper.numComments ? `${paper.numComments} comments` : undefined);
  addFact(paper.organization);
  // A paper from a page saved as text, with no record found for it: say why the usual facts are missing.
  addFact(
    paper.source === 'daily-papers-text' && !paper.arxivId && paper.authors.length === 0 ? 'From a saved page: no arXiv id, authors or date known' : undefined,
    'bare',
  );
  const categories = el('p', { className: 'categories' });
  for (const category of paper.categories) categories.append(el('vscode-badge', { text: category, attrs: { variant: 'default' } }));
  return el('header', {}, richEl('h1', 'title', paper.title), authors, facts, paper.categories.length ? categories : null);
}

function renderLinks(paper: Paper): HTMLElement {
  return el(
    'nav',
    { className: 'links', attrs: { 'aria-label': 'Links' } },
    link('arXiv', paper.links.abs, 'link-external'),
    link('PDF', paper.links.pdf, 'file-pdf'),
    link('Hugging Face', paper.links.hfPage, 'link-external'),
    link('Project page', paper.links.projectPage, 'globe'),
    link('DOI', paper.links.doi, 'link-external'),
  );
}

function renderLibrary(state: PaperViewState): HTMLElement {
  const status = el('vscode-single-select', { attrs: { label: 'Library status', 'aria-label': 'Library status' } }) as VscodeSingleSelect;
  const choices: [string, string][] = [['', 'Not in library'], ...Object.entries(READING_STATUS_LABELS)];
  for (const [value, label] of choices) {
    const o = el('vscode-option', { text: label, attrs: { value } });
    if ((state.library.status ?? '') === value) o.setAttribute('selected', '');
    status.append(o);
  }
  status.addEventListener('change', () => api.post({ type: 'setStatus', status: (status.value || null) as LibraryStatus | null }));
  const tags = el('vscode-textfield', { attrs: { placeholder: 'tags, comma separated', 'aria-label': 'Tags' } }) as VscodeTextfield;
  tags.label = 'Tags';
  tags.value = state.library.tags.join(', ');
  const saveTags = () => {
    const list = tags.value
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const unique = [...new Set(list)];
    if (unique.join(',') !== state.library.tags.join(',')) api.post({ type: 'setTags', tags: unique });
  };
  tags.addEventListener('change', saveTags);
  tags.addEventListener('keydown', (event: KeyboardEvent) => {
    if (event.key === 'Enter') saveTags();
  });
  if (!state.canWrite) {
    status.setAttribute('disabled', '');
    tags.setAttribute('disabled', '');
  }
  const row = el('div', { className: 'library' }, status, tags);
  if (state.library.notePath) row.append(button('Open note', 'note', () => api.post({ type: 'openNote' }), { secondary: true, title: state.library.notePath }));
  const reason = state.canWrite ? null : el('p', { className: 'hint', text: state.cannotWriteReason ?? 'Notes cannot be written here.' });
  return el('div', {}, row, reason);
}

function repoLabel(repo: RepoLink): string {
  const name = repo.slug ?? repo.url.replace(/^https?:\/\//, '');
  return repo.path ? `${name}/${repo.path}` : name;
}

function renderRepos(all: readonly RepoLink[]): HTMLElement | null {
  const repos = all.filter((repo) => isSafeWebUrl(repo.url));
  if (repos.length === 0) return null;
  const list = el('ul', { className: 'repos' });
  for (const repo of repos) {
    const icon = repo.kind === 'github' ? 'github' : repo.kind === 'gitlab' ? 'repo' : repo.kind === 'project-page' ? 'globe' : 'package';
    const name = el(
      'span',
      { className: 'repo-name' },
      el('span', { className: `codicon codicon-${icon}`, attrs: { 'aria-hidden': 'true' } }),
      document.createTextNode(repoLabel(repo)),
    );
    const meta = el('span', {
      className: 'repo-meta',
      text: [repo.kind.replace('-', ' '), repo.stars !== undefined ? `★ ${repo.stars}` : ''].filter(Boolean).join(' · '),
    });
    const open = (target: RepoTarget) => () => api.post({ type: 'openRepo', url: repo.url, target });
    const actions = el('span', { className: 'repo-actions' }, button('Open', 'link-external', open('browser'), { secondary: true, title: `Open ${repo.url}` }));
    if (repo.kind === 'github') {
      actions.append(button('github.dev', 'code', open('github.dev'), { secondary: true, title: 'Browse the code in github.dev' }));
      actions.append(button('vscode.dev', 'vscode', open('vscode.dev'), { secondary: true, title: 'Open the repository in vscode.dev' }));
    }
    if (cloneableKinds.has(repo.kind) && repo.url.startsWith('https://')) {
      actions.append(button('Clone', 'repo-clone', () => api.post({ type: 'cloneRepo', url: repo.url }), { title: 'Clone into the workspace' }));
    }
    list.append(el('li', {}, el('div', { className: 'repo-head' }, name, meta), actions));
  }
  return section('Code', list);
}

function render(state: PaperViewState): void {
  const { paper } = state;
  document.title = paper.title;
  const actions = el(
    'div',
    { className: 'actions' },
    paper.links.pdf ? button('Open PDF', 'file-pdf', () => api.post({ type: 'openPdf' })) : null,
    button('Copy BibTeX', 'copy', () => api.post({ type: 'copyBibtex' }), { secondary: true }),
  );
  const parts: (Node | null)[] = [
    renderHeader(paper),
    state.newerVersion ? renderNewerVersion(state.newerVersion, (message) => api.post(message)) : null,
    renderLinks(paper),
    actions,
    section('Library', renderLibrary(state)),
    // The abstract with noted passages highlighted and their notes beside it, then the Notes section.
    notesUi.abstractSection(state),
    notesUi.notesSection(),
  ];
  if (paper.aiSummary || paper.aiKeywords?.length) {
    const keywords = el('p', { className: 'keywords' });
    for (const k of paper.aiKeywords ?? []) keywords.append(el('vscode-badge', { text: k, attrs: { variant: 'default' } }));
    parts.push(section('AI summary', paper.aiSummary ? richEl('p', 'ai-summary', paper.aiSummary) : null, paper.aiKeywords?.length ? keywords : null));
  }
  parts.push(renderRepos(paper.repos));
  workspaceLinks.update(state.workspaceLinks, paper.arxivId);
  parts.push(workspaceLinks.element);
  parts.push(citations.element);
  if (paper.comment || paper.journalRef) {
    parts.push(
      section(
        'Notes from arXiv',
        paper.comment ? el('p', { text: `Comment: ${paper.comment}` }) : null,
        paper.journalRef ? el('p', { text: `Journal: ${paper.journalRef}` }) : null,
      ),
    );
  }
  if (state.related.length) {
    const list = el('ul', { className: 'related' });
    for (const r of state.related) {
      const a = el('a', { attrs: { href: '#', title: r.title } }, document.createTextNode(r.title));
      a.addEventListener('click', (event) => {
        event.preventDefault();
        api.post({ type: 'openPaper', id: r.id });
      });
      list.append(el('li', {}, a, el('span', { className: 'related-meta', text: [r.authors, r.date].filter(Boolean).join(' · ') })));
    }
    parts.push(section('Related papers', list));
  }
  root.replaceChildren(...parts.filter((p): p is Node => p !== null));
  notesUi.mounted();
  if (revealed) markRevealed(revealed, false);
  document.body.dataset.paperId = paper.id;
}

/** A paper that could not be opened: what went wrong, arXiv's own pages for the id, and Retry (busy while it runs). */
function renderMissing(state: MissingPaperState): void {
  document.title = `arXiv:${state.id}`;
  const retry = el('vscode-button', { attrs: { icon: state.retrying ? 'loading' : 'refresh', title: `Look up arXiv:${state.id} again` } });
  retry.textContent = state.retrying ? 'Retrying…' : 'Retry';
  if (state.retrying) {
    retry.setAttribute('disabled', '');
    retry.setAttribute('icon-spin', '');
    retry.setAttribute('aria-busy', 'true');
  }
  retry.addEventListener('click', () => {
    if (!state.retrying) api.post({ type: 'retry' });
  });
  const heading = state.reason === 'not-found' ? 'No such paper on arXiv' : 'arXiv could not be reached';
  root.replaceChildren(
    el('h1', { className: 'title', text: `arXiv:${state.id}` }),
    el(
      'p',
      { className: `missing-message ${state.reason}`, attrs: { role: 'alert' } },
      el('span', { className: 'codicon codicon-warning', attrs: { 'aria-hidden': 'true' } }),
      el('strong', { text: `${heading}. ` }),
      document.createTextNode(state.message),
    ),
    el('div', { className: 'links' }, link(`arxiv.org/abs/${state.id}`, state.absUrl, 'link-external'), link('PDF on arxiv.org', state.pdfUrl, 'file-pdf')),
    el('div', { className: 'actions' }, retry),
  );
  document.body.dataset.missing = state.reason;
  document.body.dataset.retrying = String(state.retrying);
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
function showToast(kind: 'info' | 'error', text: string): void {
  toast.textContent = text;
  toast.className = `toast visible ${kind}`;
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (toast.className = 'toast'), kind === 'error' ? 8000 : 3000);
}

/** The note a link led to: it stays marked, across re-renders, until the user clicks or types in the view. */
let revealed: string | undefined;

/** Marks a note and the passage it quotes; false when the note is not in the view. */
function markRevealed(noteId: string, scroll: boolean): boolean {
  const card = [...document.querySelectorAll<HTMLElement>('[data-note-id]')].find((el) => el.dataset.noteId === noteId && !el.dataset.draft);
  if (!card) return false;
  const marks = [...document.querySelectorAll<HTMLElement>('mark.note-mark')].filter((m) => m.dataset.notes?.split(' ').includes(noteId));
  for (const node of [card, ...marks]) node.classList.add('revealed');
  if (scroll) {
    (marks[0] ?? card).scrollIntoView({ block: 'center' });
    card.focus({ preventScroll: true });
  }
  return true;
}

function clearRevealed(): void {
  revealed = undefined;
  for (const node of document.querySelectorAll('.revealed')) node.classList.remove('revealed');
}

/**
 * Scrolls to a note (a link into the paper view, from a hover, a note or a code comment): to the passage it quotes
 * when the abstract has it, else to the note, and marks both.
 */
function revealNote(noteId: string): void {
  clearRevealed();
  if (!markRevealed(noteId, true)) {
    showToast('error', "That note is not in this paper's note file any more.");
    return;
  }
  revealed = noteId;
}
document.addEventListener('mousedown', clearRevealed);
document.addEventListener('keydown', clearRevealed);

window.addEventListener('message', (event: MessageEvent<HostToPaper>) => {
  const message = event.data;
  switch (message.type) {
    case 'paper':
      delete document.body.dataset.missing;
      render(message.state);
      break;
    case 'missing':
      renderMissing(message.state);
      break;
    case 'revealNote':
      revealNote(message.noteId);
      break;
    case 'toast':
      showToast(message.kind, message.text);
      break;
    case 'noteEdited':
      notesUi.handle(message);
      break;
    case 'workspaceLinks':
      notesUi.keepFocus(() => workspaceLinks.update(message.links));
      break;
    case 'addNote':
      notesUi.addNote();
      break;
    case 'citations':
      notesUi.keepFocus(() => citations.update(message.state));
      break;
  }
});

api.post({ type: 'ready' });

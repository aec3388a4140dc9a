/**
 * "References", "Cited by" and "On Hugging Face" of the paper view: what the paper cites and what cites it (from
 * Semantic Scholar), rows marked when the user has the paper in the library or cites it in the workspace, and the
 * models, datasets and Spaces its Hugging Face page links. One element reused across renders; the host fills it with
 * `citations` messages as each part loads. Everything from the services is text, never HTML.
 */
import type { CitationPart, CitationRow, CitationSection, CitationsState, HfLinkedRepo, HfLinkedRepos } from '../../src/protocol/paper';
import { isSafeWebUrl } from '../../src/core/net/urlSafety';
import { el } from '../shared/vscodeApi';
import './citations.css';

export interface CitationActions {
  openPaper(id: string): void;
  openLink(url: string): void;
  retry(): void;
}

const kindLabels: Record<HfLinkedRepo['kind'], string> = { model: 'Models', dataset: 'Datasets', space: 'Spaces' };

function countLabel(section: CitationSection): string {
  return `${section.rows.length}${section.more ? '+' : ''}`;
}

function age(fetchedAt: number): string {
  return new Date(fetchedAt).toISOString().slice(0, 16).replace('T', ' ');
}

export class CitationsSection {
  readonly element: HTMLElement;
  private state: CitationsState | undefined;
  private retryRequested = false;

  constructor(private readonly actions: CitationActions) {
    this.element = el('div', { className: 'citations' });
    this.element.hidden = true;
  }

  update(state: CitationsState | undefined): void {
    this.state = state;
    this.retryRequested = false;
    this.render();
  }

  private render(): void {
    const state = this.state;
    this.element.hidden = state === undefined;
    if (!state) {
      this.element.replaceChildren();
      return;
    }
    const loading = [state.references, state.citations, state.hf].some((p) => p.status === 'loading');
    this.element.dataset.loading = String(loading);
    this.element.replaceChildren(
      this.citationPart('References', 'references', state.references),
      this.citationPart('Cited by', 'citations', state.citations),
      this.hfPart(state.hf),
    );
  }

  private heading(title: string, count?: string): HTMLElement {
    const h = el('h2', { text: title });
    // No aria-label: a generic span may not carry one (axe's aria-prohibited-attr); the summary below says it in words.
    if (count !== undefined) h.append(el('span', { className: 'citation-count', text: count }));
    return h;
  }

  private citationPart(title: string, direction: 'references' | 'citations', part: CitationPart<CitationSection>): HTMLElement {
    const section = el('section', { className: `citation-part ${direction}`, attrs: { 'aria-label': title, 'data-status': part.status } });
    if (part.status === 'loading') {
      section.append(
        this.heading(title),
        el('p', {
          className: 'hint searching',
          text: `Asking Semantic Scholar for ${direction === 'references' ? 'what this paper cites' : 'papers that cite this one'}…`,
        }),
      );
      return section;
    }
    if (part.status === 'failed') {
      section.append(this.heading(title), this.failure(part));
      return section;
    }
    const data = part.data;
    section.append(this.heading(title, countLabel(data)), el('p', { className: 'citation-summary', text: data.summary }));
    if (part.stale) section.append(this.staleNote(part.stale, part.fetchedAt));
    if (data.rows.length) {
      const list = el('ul', { className: 'citation-list' });
      for (const row of data.rows) list.append(this.row(row));
      section.append(list);
    }
    return section;
  }

  private row(row: CitationRow): HTMLElement {
    const item = el('li', { className: 'citation-row' });
    if (row.target.kind === 'paper') item.dataset.arxivId = row.target.id;
    let title: HTMLElement;
    const target = row.target;
    if (target.kind === 'paper') {
      title = el('a', { className: 'citation-title', text: row.title, attrs: { href: '#', title: `Open arXiv:${target.id} in Marginalia` } });
      title.addEventListener('click', (event) => {
        event.preventDefault();
        this.actions.openPaper(target.id);
      });
    } else if (target.kind === 'doi' && isSafeWebUrl(target.url)) {
      title = el('a', { className: 'citation-title', text: row.title, attrs: { href: target.url, title: target.url } });
      title.addEventListener('click', (event) => {
        event.preventDefault();
        this.actions.openLink(target.url);
      });
    } else {
      title = el('span', { className: 'citation-title', text: row.title });
    }
    const head = el('div', { className: 'citation-head' }, title);
    if (row.inLibrary) head.append(el('span', { className: 'citation-mark library', text: 'In library', attrs: { title: 'You have a note on this paper' } }));
    if (row.citedInWorkspace)
      head.append(el('span', { className: 'citation-mark workspace', text: 'Cited here', attrs: { title: 'A file of this workspace mentions this paper' } }));
    const meta = [
      row.authors,
      row.year !== undefined ? String(row.year) : '',
      target.kind === 'paper' ? `arXiv:${target.id}` : '',
      row.citationCount !== undefined ? `cited by ${row.citationCount}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    item.append(head, el('span', { className: 'citation-meta', text: meta }));
    return item;
  }

  private hfPart(part: CitationPart<HfLinkedRepos>): HTMLElement {
    const section = el('section', { className: 'citation-part hf', attrs: { 'aria-label': 'On Hugging Face', 'data-status': part.status } });
    section.append(this.heading('On Hugging Face'));
    if (part.status === 'loading') {
      section.append(el('p', { className: 'hint searching', text: 'Asking Hugging Face for linked models, datasets and Spaces…' }));
      return section;
    }
    if (part.status === 'failed') {
      // A paper without a Hugging Face page is usual: a hint, not an error.
      section.append(part.reason === 'not-found' ? el('p', { className: 'hint', text: part.message }) : this.failure(part));
      return section;
    }
    const { repos, totals } = part.data;
    section.append(
      el('p', {
        className: 'citation-summary',
        text: (['model', 'dataset', 'space'] as const)
          .map((kind) => `${totals[kind]} ${totals[kind] === 1 ? kind : kindLabels[kind].toLowerCase()}`)
          .join(' · '),
      }),
    );
    if (part.stale) section.append(this.staleNote(part.stale, part.fetchedAt));
    for (const kind of ['model', 'dataset', 'space'] as const) {
      const ofKind = repos.filter((repo) => repo.kind === kind && isSafeWebUrl(repo.url));
      if (!ofKind.length) continue;
      const list = el('ul', { className: 'hf-repos' });
      for (const repo of ofKind) {
        const a = el(
          'a',
          { className: 'link', attrs: { href: repo.url, title: repo.url } },
          el('span', { className: 'codicon codicon-link-external', attrs: { 'aria-hidden': 'true' } }),
          document.createTextNode(repo.id),
        );
        a.addEventListener('click', (event) => {
          event.preventDefault();
          this.actions.openLink(repo.url);
        });
        const meta = [repo.likes !== undefined ? `♥ ${repo.likes}` : '', repo.downloads !== undefined ? `↓ ${repo.downloads}` : ''].filter(Boolean).join(' · ');
        list.append(el('li', { className: `hf-repo ${kind}` }, a, meta ? el('span', { className: 'citation-meta', text: meta }) : null));
      }
      section.append(el('h3', { text: `${kindLabels[kind]} (${totals[kind]})` }), list);
    }
    return section;
  }

  private failure(part: Extract<CitationPart<unknown>, { status: 'failed' }>): HTMLElement {
    const heading = part.reason === 'offline' ? 'Offline. ' : part.reason === 'not-found' ? '' : 'Not loaded. ';
    const message = el(
      'p',
      { className: `citation-error ${part.reason}`, attrs: { role: 'status' } },
      el('span', { className: 'codicon codicon-warning', attrs: { 'aria-hidden': 'true' } }),
      heading ? el('strong', { text: heading }) : null,
      document.createTextNode(part.message),
    );
    if (part.reason === 'not-found') return message;
    const retry = el('vscode-button', { text: 'Retry', attrs: { icon: 'refresh', secondary: '', title: 'Ask again' } });
    retry.addEventListener('click', () => {
      if (this.retryRequested) return;
      this.retryRequested = true;
      this.actions.retry();
    });
    return el('div', { className: 'citation-failure' }, message, retry);
  }

  private staleNote(why: string, fetchedAt: number): HTMLElement {
    return el('p', { className: 'hint citation-stale', text: `Copy from ${age(fetchedAt)} UTC: ${why}` });
  }
}

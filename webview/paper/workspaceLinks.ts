/**
 * "In this workspace" of the paper view: code linked to the paper (found again in the current code, lost links
 * flagged) and files that mention its arXiv id. One element reused across renders; the host updates it alone with
 * a `workspaceLinks` message when the background search finishes or linked code is edited. Text only, no HTML.
 */
import type { CodeLinkTarget, CodeLinkView, MentionView, WorkspaceLinks } from '../../src/protocol/workspaceLinks';
import { el } from '../shared/vscodeApi';
import './workspaceLinks.css';

function where(path: string, root: string | undefined, lines?: { start: number; end: number }): string {
  const file = root ? `${root}/${path}` : path;
  if (!lines) return file;
  return lines.start === lines.end ? `${file}:${lines.start}` : `${file}:${lines.start}–${lines.end}`;
}

function stateNote(link: CodeLinkView): { text: string; className: string } | undefined {
  const was = `${link.recorded.start}–${link.recorded.end}`;
  switch (link.state) {
    case 'same':
      return undefined;
    case 'moved':
      return { text: `moved (linked at ${was})`, className: 'state moved' };
    case 'changed':
      return { text: 'code changed since linked', className: 'state changed' };
    case 'lost':
      return { text: `lost: the linked code is no longer found (was ${was})`, className: 'state lost' };
    case 'missing':
      return { text: 'file not found in this workspace', className: 'state lost' };
  }
}

export class WorkspaceLinksSection {
  readonly element: HTMLElement;
  private arxivLabel = 'this paper';
  private links: WorkspaceLinks | undefined;

  /**
   * @param noteCard the card of the code note behind a linked range (its comment, edit and delete), which shows here
   *   and not in the Notes section; undefined when the view has no such note (yet).
   */
  constructor(
    private readonly open: (target: CodeLinkTarget) => void,
    private readonly noteCard: (noteId: string) => HTMLElement | undefined = () => undefined,
  ) {
    this.element = el('section', { className: 'workspace-links', attrs: { 'aria-label': 'In this workspace' } });
  }

  /** Renders the last links again (a code note's card changed: a draft opened, a delete to confirm). */
  refresh(): void {
    this.update(this.links);
  }

  /** Fills the section; `arxivId` names the paper in the hints. */
  update(links: WorkspaceLinks | undefined, arxivId?: string): void {
    this.links = links;
    if (arxivId !== undefined) this.arxivLabel = `arXiv:${arxivId}`;
    const children: Node[] = [el('h2', { text: 'In this workspace' })];
    if (!links) {
      this.element.replaceChildren(...children, el('p', { className: 'hint', text: 'Open a folder to link code to papers.' }));
      return;
    }
    if (links.codeLinks.length > 0) children.push(el('h3', { text: 'Linked code' }), this.codeList(links.codeLinks));
    if (links.mentions.length > 0) children.push(el('h3', { text: `Files that mention ${this.arxivLabel}` }), this.mentionList(links.mentions));
    if (links.codeLinks.length === 0 && links.mentions.length === 0 && !links.searching) {
      children.push(
        el('p', { className: 'hint', text: 'No code is linked to this paper yet. Select code in an editor and run “Marginalia: Link Selection to Paper”.' }),
      );
    }
    if (links.searching) children.push(el('p', { className: 'hint searching', text: `Searching the workspace for ${this.arxivLabel}…` }));
    if (links.limited) children.push(el('p', { className: 'hint', text: links.limited }));
    this.element.replaceChildren(...children);
  }

  private anchor(label: string, title: string, target: CodeLinkTarget | undefined): HTMLElement {
    if (!target) return el('span', { className: 'code-location', text: label, attrs: { title } });
    const a = el('a', { className: 'code-location', text: label, attrs: { href: '#', title } });
    a.addEventListener('click', (event) => {
      event.preventDefault();
      this.open(target);
    });
    return a;
  }

  private codeList(links: readonly CodeLinkView[]): HTMLElement {
    const list = el('ul', { className: 'code-links' });
    for (const link of links) {
      const label = where(link.path, link.root, link.current ?? link.recorded);
      const target: CodeLinkTarget | undefined = link.state === 'missing' ? undefined : { kind: 'note', noteId: link.noteId };
      const head = el(
        'div',
        { className: 'code-link-head' },
        el('span', { className: 'codicon codicon-code', attrs: { 'aria-hidden': 'true' } }),
        this.anchor(label, `Open ${label}`, target),
      );
      const note = stateNote(link);
      if (note) head.append(el('span', { className: note.className, text: note.text }));
      const item = el('li', { className: `code-link ${link.state}`, attrs: { 'data-note-id': link.noteId } }, head);
      if (link.preview) item.append(el('code', { className: 'code-preview', text: link.preview }));
      const card = this.noteCard(link.noteId);
      if (card) item.append(card);
      else if (link.comment) item.append(el('p', { className: 'code-comment', text: link.comment }));
      list.append(item);
    }
    return list;
  }

  private mentionList(mentions: readonly MentionView[]): HTMLElement {
    const list = el('ul', { className: 'mentions' });
    for (const m of mentions) {
      const label = where(m.path, m.root, { start: m.line, end: m.line });
      const head = el(
        'div',
        { className: 'code-link-head' },
        el('span', { className: 'codicon codicon-file', attrs: { 'aria-hidden': 'true' } }),
        this.anchor(label, `Open ${label}`, { kind: 'mention', path: m.path, ...(m.root !== undefined ? { root: m.root } : {}), line: m.line }),
      );
      if (m.count > 1) head.append(el('span', { className: 'state', text: `${m.count} mentions` }));
      list.append(el('li', { className: 'mention' }, head, el('code', { className: 'code-preview', text: m.text })));
    }
    return list;
  }
}

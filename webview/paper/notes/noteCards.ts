/**
 * The cards that show one note: read mode (heading, quoted passage, rendered Markdown, actions, a delete confirm)
 * and edit mode (heading, Markdown text, save and cancel). Builders only: what a click does is the caller's.
 */
import type { PaperTarget } from '../../../src/core/links/commandLinks';
import type { NoteView } from '../../../src/protocol/notes';
import { el } from '../../shared/vscodeApi';
import { richText } from '../richText';
import { renderMarkdown } from './markdown';

/** A note being written: a new one (key `new-…`) or an existing one (key = its id). */
export interface Draft {
  readonly key: string;
  /** For an existing note. */
  readonly noteId?: string;
  /** For a new note: general, or a quote of the abstract. */
  readonly kind: 'general' | 'quote';
  /** The selected passage, for a new quote note. */
  readonly quote?: { readonly exact: string; readonly prefix?: string; readonly suffix?: string };
  readonly range?: { readonly start: number; readonly end: number };
  heading: string;
  text: string;
  /** A passage typed for a new general note, making it a quote note (the keyboard path). */
  passage: string;
  /** The note file version the draft started from. */
  readonly baseVersion: string;
  /** The note's text and heading when editing started, to tell whether the file changed underneath. */
  readonly original?: { readonly text: string; readonly heading: string };
  /** Set while a save is on its way. */
  requestId?: number;
}

export interface CardActions {
  readonly canWrite: boolean;
  edit(note: NoteView): void;
  askDelete(note: NoteView): void;
  confirmDelete(note: NoteView): void;
  cancelDelete(note: NoteView): void;
  reveal(note: NoteView): void;
  openLink(url: string): void;
  /** Opens the PDF at a highlight (a `pdf` note). */
  openPdf(note: NoteView): void;
  /** Follows a link into the paper view written in a note. */
  openPaper?(target: PaperTarget): void;
}

function iconButton(icon: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = el(
    'button',
    { className: 'icon-button', attrs: { type: 'button', title: label, 'aria-label': label } },
    el('span', { className: `codicon codicon-${icon}`, attrs: { 'aria-hidden': 'true' } }),
  );
  b.addEventListener('click', (event) => {
    event.stopPropagation();
    onClick();
  });
  return b;
}

function textButton(label: string, onClick: () => void, options: { secondary?: boolean; title?: string; className?: string } = {}): HTMLElement {
  const b = el('vscode-button', { text: label, attrs: { title: options.title ?? label } });
  if (options.secondary) b.setAttribute('secondary', '');
  if (options.className) b.className = options.className;
  b.addEventListener('click', onClick);
  return b;
}

/** A note in read mode. `showQuote`: the passage is shown in the card (not highlighted in the abstract beside it). */
export function noteCard(note: NoteView, actions: CardActions, options: { showQuote: boolean; confirming: boolean }): HTMLElement {
  const card = el('article', {
    className: `note-card kind-${note.kind}${note.orphaned ? ' orphaned' : ''}`,
    attrs: { 'data-note-id': note.id, tabindex: '0', 'aria-label': `Note: ${note.heading || 'untitled'}` },
  });
  const heading = el('span', { className: 'note-heading' });
  heading.append(richText(note.heading || 'Note'));
  const tools = el('span', { className: 'note-actions' });
  if (note.anchor && !options.showQuote) tools.append(iconButton('eye', 'Show the passage', () => actions.reveal(note)));
  if (actions.canWrite) {
    tools.append(
      iconButton('edit', 'Edit note', () => actions.edit(note)),
      iconButton('trash', 'Delete note', () => actions.askDelete(note)),
    );
  }
  card.append(el('header', { className: 'note-head' }, heading, tools));
  if (note.pdf) {
    // A highlight: its colour, its page, and the way back to it in the PDF.
    const colour = note.pdf.colourName ?? note.pdf.colour;
    const open = el(
      'button',
      { className: 'pdf-link', attrs: { type: 'button', title: `Open the PDF at this highlight (page ${note.pdf.page})` } },
      el('span', { className: `swatch hl-${note.pdf.colour}`, attrs: { role: 'img', 'aria-label': `${colour} highlight`, title: colour } }),
      el('span', { className: 'pdf-page', text: `p. ${note.pdf.page}` }),
      el('span', { className: 'codicon codicon-file-pdf', attrs: { 'aria-hidden': 'true' } }),
      document.createTextNode(' Open in the PDF'),
    );
    open.addEventListener('click', (event) => {
      event.stopPropagation();
      actions.openPdf(note);
    });
    card.append(el('p', { className: 'note-where' }, open));
  } else if (note.where) card.append(el('p', { className: 'note-where', text: note.where }));
  if (note.orphaned) {
    card.append(
      el(
        'p',
        { className: 'note-warning' },
        el('span', { className: 'codicon codicon-warning', attrs: { 'aria-hidden': 'true' } }),
        document.createTextNode(' This passage is not in this version of the abstract.'),
      ),
    );
  }
  if (options.showQuote && note.quote) {
    const quote = el('blockquote', { className: `note-quote${note.pdf ? ` pdf-quote hl-border-${note.pdf.colour}` : ''}` });
    quote.append(richText(note.quote.exact));
    if (note.pdf) {
      quote.title = 'Open the PDF at this highlight';
      quote.addEventListener('click', () => {
        if (document.getSelection()?.isCollapsed !== false) actions.openPdf(note);
      });
    }
    card.append(quote);
  }
  if (note.anchor?.how === 'approximate') card.append(el('p', { className: 'note-hint', text: 'The passage changed a little in this version.' }));
  const body = el('div', { className: 'note-body md' });
  if (note.text.trim() === '') body.append(el('p', { className: 'note-empty', text: actions.canWrite ? 'No comment yet. Edit to add one.' : 'No comment.' }));
  else body.append(renderMarkdown(note.text, { openLink: actions.openLink, openPaper: actions.openPaper }));
  card.append(body);
  if (options.confirming) {
    card.append(
      el(
        'div',
        { className: 'note-confirm', attrs: { role: 'alertdialog', 'aria-label': 'Delete this note?' } },
        el('span', { text: 'Delete this note from the file?' }),
        textButton('Delete', () => actions.confirmDelete(note), { className: 'danger' }),
        textButton('Cancel', () => actions.cancelDelete(note), { secondary: true }),
      ),
    );
  }
  if (actions.canWrite) card.addEventListener('dblclick', () => actions.edit(note));
  return card;
}

export interface EditorActions {
  save(draft: Draft): void;
  cancel(draft: Draft): void;
  changed(): void;
}

function autoGrow(area: HTMLTextAreaElement): void {
  area.style.height = 'auto';
  area.style.height = `${Math.min(480, Math.max(72, area.scrollHeight + 2))}px`;
}

/** A note in edit mode. `current` is the note as the file has it now (to warn when it changed underneath). */
export function editorCard(draft: Draft, current: NoteView | undefined, actions: EditorActions): HTMLElement {
  const saving = draft.requestId !== undefined;
  const card = el('article', {
    className: `note-card editing kind-${draft.kind}`,
    attrs: { 'data-note-id': draft.noteId ?? draft.key, 'data-draft': draft.key },
  });
  const quote = draft.quote ?? current?.quote;
  if (quote) {
    const q = el('blockquote', { className: 'note-quote' });
    q.append(richText(quote.exact));
    card.append(q);
  }
  const heading = el('input', {
    className: 'note-heading-input',
    attrs: { type: 'text', placeholder: 'Heading (optional)', 'aria-label': 'Note heading', 'data-focus-key': `${draft.key}:heading` },
  });
  heading.value = draft.heading;
  heading.addEventListener('input', () => {
    draft.heading = heading.value;
    actions.changed();
  });
  card.append(heading);
  if (draft.kind === 'general' && !draft.noteId) {
    const passage = el('input', {
      className: 'note-passage-input',
      attrs: {
        type: 'text',
        placeholder: 'Passage of the abstract to anchor to (optional)',
        'aria-label': 'Passage of the abstract to anchor the note to',
        'data-focus-key': `${draft.key}:passage`,
      },
    });
    passage.value = draft.passage;
    passage.addEventListener('input', () => {
      draft.passage = passage.value;
      actions.changed();
    });
    card.append(passage);
  }
  const area = el('textarea', {
    className: 'note-editor',
    attrs: { placeholder: 'Write a note. Markdown and $math$ work.', 'aria-label': 'Note text (Markdown)', 'data-focus-key': `${draft.key}:text`, rows: '4' },
  });
  area.value = draft.text;
  area.addEventListener('input', () => {
    draft.text = area.value;
    autoGrow(area);
    actions.changed();
  });
  const keys = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      actions.save(draft);
    } else if (event.key === 'Escape' && draft.text === (draft.original?.text ?? '') && draft.heading === (draft.original?.heading ?? '')) {
      event.preventDefault();
      actions.cancel(draft);
    }
  };
  area.addEventListener('keydown', keys);
  heading.addEventListener('keydown', keys);
  requestAnimationFrame(() => autoGrow(area));
  card.append(area);
  if (draft.original && current && (current.text !== draft.original.text || current.heading !== draft.original.heading)) {
    card.append(
      el('p', {
        className: 'note-warning',
        text: 'This note changed in the file since you started editing. Saving merges your edit with those changes, or asks.',
      }),
    );
  }
  if (draft.noteId && !current) {
    card.append(el('p', { className: 'note-warning', text: 'This note is no longer in the file. Saving asks what to do.' }));
  }
  const save = textButton(saving ? 'Saving…' : 'Save', () => actions.save(draft), { title: 'Save (Ctrl+Enter)', className: 'note-save' });
  if (saving) save.setAttribute('disabled', '');
  card.append(
    el(
      'div',
      { className: 'note-editor-actions' },
      save,
      textButton('Cancel', () => actions.cancel(draft), { secondary: true, className: 'note-cancel' }),
      el('span', { className: 'note-hint', text: 'Ctrl+Enter to save' }),
    ),
  );
  return card;
}

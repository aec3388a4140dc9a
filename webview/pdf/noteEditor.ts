/**
 * The note of a highlight, written beside it: a small card with the quote and a multi-line text area (Markdown),
 * as notes on the abstract are written in the paper view. Ctrl+Enter (Cmd+Enter) saves, Escape cancels.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { el } from '../shared/vscodeApi';

export interface NoteEditorRequest {
  /** The passage the note is about, shown above the text area. */
  readonly quote: string;
  readonly initial: string;
  /** Where the highlight is, in client coordinates: the card goes below it (above when there is no room). */
  readonly anchor: DOMRect;
  readonly save: (note: string) => void;
  readonly cancel?: () => void;
}

export class NoteEditor {
  private readonly card: HTMLElement;
  private readonly quote: HTMLElement;
  private readonly text: HTMLTextAreaElement;
  private request: NoteEditorRequest | undefined;

  constructor(private readonly root: HTMLElement) {
    this.quote = el('div', { className: 'note-editor-quote' });
    this.text = el('textarea', {
      className: 'note-editor-text',
      attrs: { rows: '5', 'aria-label': 'Note on the highlight (Markdown)', placeholder: 'What about this passage? (Markdown)' },
    });
    const save = el('vscode-button', { text: 'Save', attrs: { title: 'Save (Ctrl+Enter)' } });
    const cancel = el('vscode-button', { text: 'Cancel', attrs: { secondary: '', title: 'Cancel (Escape)' } });
    save.addEventListener('click', () => this.finish(true));
    cancel.addEventListener('click', () => this.finish(false));
    this.card = el(
      'div',
      { className: 'note-editor', attrs: { role: 'dialog', 'aria-label': 'Note on the highlight', hidden: '' } },
      this.quote,
      this.text,
      el(
        'div',
        { className: 'note-editor-actions' },
        el('span', { className: 'note-editor-hint', text: 'Ctrl+Enter to save · Escape to cancel' }),
        cancel,
        save,
      ),
    );
    // Keys typed here are the note's, not the reader's (find, zoom, highlight shortcuts).
    this.card.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Escape') {
        event.preventDefault();
        this.finish(false);
      } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.finish(true);
      }
    });
    this.card.addEventListener('mouseup', (event) => event.stopPropagation());
    this.card.addEventListener('click', (event) => event.stopPropagation());
    root.append(this.card);
  }

  get isOpen(): boolean {
    return !this.card.hidden;
  }

  open(request: NoteEditorRequest): void {
    if (this.request) this.finish(false);
    this.request = request;
    this.quote.textContent = `“${request.quote.length > 160 ? `${request.quote.slice(0, 157)}…` : request.quote}”`;
    this.text.value = request.initial;
    this.card.hidden = false;
    const rootRect = this.root.getBoundingClientRect();
    const card = this.card.getBoundingClientRect();
    let top = request.anchor.bottom + 8 - rootRect.top;
    if (top + card.height > rootRect.height - 4) top = request.anchor.top - card.height - 8 - rootRect.top;
    const left = Math.min(Math.max(4, request.anchor.left - rootRect.left), rootRect.width - card.width - 4);
    this.card.style.top = `${Math.max(4, top)}px`;
    this.card.style.left = `${Math.max(4, left)}px`;
    this.text.focus();
    this.text.setSelectionRange(this.text.value.length, this.text.value.length);
  }

  private finish(save: boolean): void {
    const request = this.request;
    this.request = undefined;
    this.card.hidden = true;
    if (!request) return;
    if (save) request.save(this.text.value);
    else request.cancel?.();
  }
}

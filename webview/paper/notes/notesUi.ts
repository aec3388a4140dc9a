/**
 * Notes in the paper view: the abstract with noted passages highlighted and their notes in the margin beside it (or
 * below it when the view is narrow), a floating "Add note" button on a selection (the next stop of Tab after the
 * selected text; Ctrl+Alt+N runs "Marginalia: Add Note on the Selected Passage", which lands in `addNote`), editing in place,
 * and the Notes section (general notes, notes whose passage is gone, notes elsewhere, the rest of the note file).
 *
 * The host owns the notes (the Markdown file); this module only keeps drafts. Every edit carries the version of the
 * file it started from, so the host can merge it with changes made since instead of overwriting them. Drafts live
 * here, outside the DOM, because the view is re-rendered whenever the file changes: an open editor survives that
 * with its text, focus and cursor.
 */
import { quoteSelectorAt } from '../../../src/core/anchors/textQuote';
import type { NoteChange, NoteView, PaperNotes } from '../../../src/protocol/notes';
import type { HostToPaper, PaperToHost, PaperViewState } from '../../../src/protocol/paper';
import { el } from '../../shared/vscodeApi';
import { renderAbstractText, selectionInAbstract, type Highlight } from './abstractText';
import { renderMarkdown } from './markdown';
import { editorCard, noteCard, type CardActions, type Draft, type EditorActions } from './noteCards';
import '../../shared/highlightColours.css';
import './notes.css';

export interface NotesUiDeps {
  post(message: PaperToHost): void;
  toast(kind: 'info' | 'error', text: string): void;
  /** Called when the notes parts re-render on their own, so "In this workspace" (which shows code notes) follows. */
  rendered?(): void;
}

/**
 * Code notes (a linked range and its comment) show under "In this workspace" with the other linked code, not in the
 * Notes section. One whose code anchor could not be read (no `where`) stays in Notes, so it shows somewhere.
 */
const inWorkspaceLinks = (note: NoteView): boolean => note.kind === 'code' && note.where !== undefined;

const EMPTY: PaperNotes = { version: '', notes: [], freeText: '', problems: [] };
/** Narrower than this, notes go below the abstract instead of beside it. */
const BESIDE_MIN_WIDTH = 620;

interface Focus {
  readonly key: string;
  readonly start: number | null;
  readonly end: number | null;
}

export class NotesUi {
  private state: PaperViewState | undefined;
  private readonly drafts = new Map<string, Draft>();
  private readonly pending = new Map<number, { key: string; kind: 'save' | 'delete' }>();
  private confirming: string | undefined;
  private nextRequest = 1;
  private nextDraft = 1;
  private abstractEl: HTMLElement | undefined;
  private notesEl: HTMLElement | undefined;
  private focus: Focus | undefined;
  private readonly floating: HTMLButtonElement;
  /** Tells screen readers what happened out of their sight: a passage can be noted, a note was saved. */
  private readonly announcer = el('div', { className: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite' } });
  private announceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly resize = new ResizeObserver(() => this.layout());

  constructor(private readonly deps: NotesUiDeps) {
    this.floating = el(
      'button',
      { className: 'add-note-float', attrs: { type: 'button', title: 'Add a note on this passage (Ctrl+Alt+N)' } },
      el('span', { className: 'codicon codicon-comment', attrs: { 'aria-hidden': 'true' } }),
      document.createTextNode(' Add note'),
    );
    // Keep the selection: a mousedown on a button would clear it before the click.
    this.floating.addEventListener('mousedown', (event) => event.preventDefault());
    this.floating.addEventListener('click', () => this.noteSelection());
    let timer: ReturnType<typeof setTimeout> | undefined;
    document.addEventListener('selectionchange', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.placeFloating(), 60);
    });
    document.body.append(this.announcer);
  }

  /** "Add note" from the keyboard: a note on the selected passage, or a general note when none is selected. */
  addNote(): void {
    if (!this.noteSelection()) this.startGeneral();
  }

  /** Says `text` through the live region, then clears it (so the same words are said again next time). */
  announce(text: string): void {
    this.announcer.textContent = text;
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => (this.announcer.textContent = ''), 5000);
  }

  private get notes(): PaperNotes {
    return this.state?.notes ?? EMPTY;
  }

  private get canWrite(): boolean {
    return this.state?.canWrite ?? false;
  }

  // ---- rendering --------------------------------------------------------------------------------------------

  /** The Abstract section: the text with noted passages highlighted, and their notes beside (or below) it. */
  abstractSection(state: PaperViewState): HTMLElement {
    this.captureFocus();
    this.state = state;
    this.dropStaleDrafts();
    this.abstractEl = this.buildAbstract();
    return this.abstractEl;
  }

  /** The Notes section. Call after `abstractSection` with the same state. */
  notesSection(): HTMLElement {
    this.notesEl = this.buildNotes();
    return this.notesEl;
  }

  /** Call once the sections are in the document: places margin notes and gives focus back to an open editor. */
  mounted(): void {
    const annotated = this.abstractEl?.querySelector<HTMLElement>('.annotated');
    this.resize.disconnect();
    if (annotated) {
      this.resize.observe(annotated);
      // Right after the text, so that Tab from a selected passage goes to the button first.
      annotated.insertBefore(this.floating, annotated.querySelector(':scope > .margin'));
    }
    this.layout();
    this.restoreFocus();
    this.placeFloating();
  }

  /** The card of a code note (read mode, or its editor while a draft is open), for its entry in "In this workspace". */
  codeNoteCard(noteId: string): HTMLElement | undefined {
    const note = this.notes.notes.find((n) => n.id === noteId && inWorkspaceLinks(n));
    return note ? this.card(note, false) : undefined;
  }

  /** Runs a re-render of another part of the view that may hold a note editor, keeping its focus and cursor. */
  keepFocus(render: () => void): void {
    this.captureFocus();
    render();
    this.restoreFocus();
  }

  /** Re-renders the notes parts only, after a local change (a draft opened, a confirm shown). */
  private rerender(): void {
    if (!this.state || !this.abstractEl?.isConnected || !this.notesEl?.isConnected) return;
    this.captureFocus();
    const abstract = this.buildAbstract();
    const notes = this.buildNotes();
    this.abstractEl.replaceWith(abstract);
    this.notesEl.replaceWith(notes);
    this.abstractEl = abstract;
    this.notesEl = notes;
    this.deps.rendered?.();
    this.mounted();
  }

  private captureFocus(): void {
    const active = document.activeElement as HTMLInputElement | HTMLTextAreaElement | null;
    const key = active?.dataset?.focusKey;
    this.focus = key ? { key, start: active.selectionStart, end: active.selectionEnd } : undefined;
  }

  private restoreFocus(): void {
    const focus = this.focus;
    this.focus = undefined;
    if (!focus) return;
    const target = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-focus-key="${CSS.escape(focus.key)}"]`);
    if (!target) return;
    target.focus({ preventScroll: true });
    if (focus.start !== null && focus.end !== null) target.setSelectionRange(focus.start, focus.end);
  }

  /** Drafts of notes the file no longer has stay (saving asks); a saved edit's draft is gone once the note shows it. */
  private dropStaleDrafts(): void {
    const ids = new Set(this.notes.notes.map((n) => n.id));
    if (this.confirming && !ids.has(this.confirming)) this.confirming = undefined;
  }

  private highlights(): Highlight[] {
    const marks: Highlight[] = [];
    for (const note of this.notes.notes) {
      if (note.anchor)
        marks.push({ id: note.id, start: note.anchor.start, end: note.anchor.end, ...(note.anchor.how === 'approximate' ? { className: 'approximate' } : {}) });
    }
    for (const draft of this.drafts.values()) if (draft.range) marks.push({ id: draft.key, ...draft.range, className: 'draft' });
    return marks;
  }

  private buildAbstract(): HTMLElement {
    const paper = this.state!.paper;
    const section = el('section', { className: 'abstract-section', attrs: { 'aria-label': 'Abstract' } }, el('h2', { text: 'Abstract' }));
    if (!paper.abstract) {
      section.append(el('p', { className: 'hint', text: 'This feed has no abstract for this paper.' }));
      return section;
    }
    const text = renderAbstractText(paper.abstract, this.highlights());
    const margin = el('div', { className: 'margin', attrs: { 'aria-label': 'Notes on the abstract' } });
    const anchored = this.notes.notes.filter((n) => n.anchor).sort((a, b) => a.anchor!.start - b.anchor!.start || a.anchor!.end - b.anchor!.end);
    const items: { start: number; card: HTMLElement }[] = anchored.map((note) => ({ start: note.anchor!.start, card: this.card(note, false) }));
    for (const draft of this.drafts.values()) {
      if (draft.range && !draft.noteId) items.push({ start: draft.range.start, card: editorCard(draft, undefined, this.editorActions) });
    }
    items.sort((a, b) => a.start - b.start);
    margin.append(...items.map((i) => i.card));
    const annotated = el('div', { className: `annotated${items.length > 0 ? ' has-notes' : ''}` }, text, margin);
    text.addEventListener('click', (event) => {
      const mark = (event.target as HTMLElement).closest<HTMLElement>('mark.note-mark');
      const id = mark?.dataset.notes?.split(' ')[0];
      if (id && document.getSelection()?.isCollapsed !== false) this.revealCard(id);
    });
    for (const card of items.map((i) => i.card)) {
      const id = card.dataset.noteId!;
      card.addEventListener('mouseenter', () => this.setActive(id, true));
      card.addEventListener('mouseleave', () => this.setActive(id, false));
      card.addEventListener('focusin', () => this.setActive(id, true));
      card.addEventListener('focusout', () => this.setActive(id, false));
    }
    section.append(annotated);
    return section;
  }

  private buildNotes(): HTMLElement {
    const state = this.state!;
    const notes = this.notes;
    const general = notes.notes.filter((n) => n.kind === 'general');
    const orphaned = notes.notes.filter((n) => n.orphaned);
    // Highlights in the PDF, in reading order (the file keeps them in the order they were made).
    const highlights = notes.notes.filter((n) => n.pdf).sort((a, b) => a.pdf!.page - b.pdf!.page);
    const elsewhere = notes.notes.filter((n) => n.kind !== 'general' && !n.anchor && !n.orphaned && !inWorkspaceLinks(n) && !n.pdf);
    const section = el('section', { className: 'notes-section', attrs: { 'aria-label': 'Notes' } });
    const codeNotes = notes.notes.filter(inWorkspaceLinks).length;
    const count = notes.notes.length - codeNotes;
    section.append(el('h2', { text: count > 0 ? `Notes (${count})` : 'Notes' }));

    const toolbar = el('div', { className: 'notes-toolbar' });
    if (state.canWrite) {
      const add = el('vscode-button', { text: 'Add note', attrs: { icon: 'add', title: 'Add a general note (Ctrl+Alt+N)', class: 'add-general-note' } });
      add.addEventListener('click', () => this.startGeneral());
      toolbar.append(add);
    }
    if (notes.path) {
      const open = el('vscode-button', { text: 'Open note file', attrs: { icon: 'go-to-file', secondary: '', title: notes.path } });
      open.addEventListener('click', () => this.deps.post({ type: 'openNote' }));
      toolbar.append(open);
    }
    if (state.canWrite && state.paper.abstract) toolbar.append(el('span', { className: 'hint', text: 'Select a passage of the abstract to note it.' }));
    section.append(toolbar);
    if (!state.canWrite) {
      const reason = el('p', { className: 'hint notes-readonly', text: state.cannotWriteReason ?? 'Notes cannot be written here.' });
      if (/restricted/i.test(state.cannotWriteReason ?? '')) {
        const trust = el('vscode-button', { text: 'Trust this workspace…', attrs: { icon: 'workspace-trusted', secondary: '' } });
        trust.addEventListener('click', () => this.deps.post({ type: 'requestTrust' }));
        reason.append(' ', trust);
      }
      section.append(reason);
    }

    const list = el('div', { className: 'notes-list general' });
    for (const draft of this.drafts.values()) if (!draft.range && !draft.noteId) list.append(editorCard(draft, undefined, this.editorActions));
    for (const note of general) list.append(this.card(note, true));
    if (list.childElementCount > 0) section.append(list);
    else if (count === 0) section.append(el('p', { className: 'hint', text: state.canWrite ? 'No notes yet.' : 'No notes.' }));
    if (codeNotes > 0) section.append(el('p', { className: 'hint notes-on-code', text: `Notes on linked code (${codeNotes}) are under “In this workspace”.` }));

    if (orphaned.length > 0) {
      section.append(
        el('h3', { className: 'notes-group', text: 'Not found in this version of the abstract' }),
        el('p', {
          className: 'hint',
          text: 'The passages these notes quote changed too much or were removed. The notes stay in the file; edit or delete them here.',
        }),
        el('div', { className: 'notes-list orphaned' }, ...orphaned.map((n) => this.card(n, true))),
      );
    }
    if (highlights.length > 0) {
      section.append(
        el('h3', { className: 'notes-group', text: `Highlights in the PDF (${highlights.length})` }),
        el('div', { className: 'notes-list highlights' }, ...highlights.map((n) => this.card(n, true))),
      );
    }
    if (elsewhere.length > 0) {
      section.append(
        el('h3', { className: 'notes-group', text: 'Other notes' }),
        el('div', { className: 'notes-list elsewhere' }, ...elsewhere.map((n) => this.card(n, true))),
      );
    }
    if (notes.freeText) {
      const free = el('div', { className: 'md free-text' });
      free.append(renderMarkdown(notes.freeText, { openLink: (url) => this.deps.post({ type: 'openLink', url }), openPaper: this.cardActions().openPaper }));
      section.append(el('details', { className: 'notes-free' }, el('summary', { text: `Everything else in ${notes.path ?? 'the note file'}` }), free));
    }
    if (notes.problems.length > 0) {
      section.append(
        el(
          'div',
          { className: 'note-problems', attrs: { role: 'note' } },
          el('p', { text: `Marginalia read around some things in ${notes.path ?? 'the note file'}:` }),
          el('ul', {}, ...notes.problems.map((p) => el('li', { text: p }))),
        ),
      );
    }
    return section;
  }

  /** A note's card: its editor while a draft is open for it. */
  private card(note: NoteView, showQuote: boolean): HTMLElement {
    const draft = this.drafts.get(note.id);
    if (draft) return editorCard(draft, note, this.editorActions);
    return noteCard(note, this.cardActions(), { showQuote, confirming: this.confirming === note.id });
  }

  // ---- the margin ---------------------------------------------------------------------------------------------

  /** Beside the abstract, each note sits level with its passage, pushed down only as far as the one above needs. */
  private layout(): void {
    const annotated = this.abstractEl?.querySelector<HTMLElement>('.annotated');
    if (!annotated) return;
    const beside = annotated.classList.contains('has-notes') && annotated.clientWidth >= BESIDE_MIN_WIDTH;
    annotated.classList.toggle('beside', beside);
    const margin = annotated.querySelector<HTMLElement>('.margin')!;
    const cards = [...margin.querySelectorAll<HTMLElement>(':scope > .note-card')];
    if (!beside) {
      for (const card of cards) card.style.top = '';
      margin.style.minHeight = '';
      return;
    }
    const origin = margin.getBoundingClientRect().top;
    let bottom = 0;
    for (const card of cards) {
      const id = card.dataset.draft ?? card.dataset.noteId!;
      const mark = annotated.querySelector<HTMLElement>(`mark.note-mark[data-notes~="${CSS.escape(id)}"]`);
      const want = mark ? mark.getBoundingClientRect().top - origin : bottom;
      const top = Math.max(want, bottom);
      card.style.top = `${Math.round(top)}px`;
      bottom = top + card.offsetHeight + 8;
    }
    margin.style.minHeight = `${Math.round(bottom)}px`;
  }

  private setActive(id: string, on: boolean): void {
    for (const mark of document.querySelectorAll<HTMLElement>(`mark.note-mark[data-notes~="${CSS.escape(id)}"]`)) mark.classList.toggle('active', on);
  }

  private revealCard(id: string): void {
    const card = document.querySelector<HTMLElement>(`.note-card[data-note-id="${CSS.escape(id)}"]`);
    if (!card) return;
    card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    card.classList.remove('flash');
    void card.offsetWidth;
    card.classList.add('flash');
    card.focus({ preventScroll: true });
  }

  // ---- selection and drafts ---------------------------------------------------------------------------------

  private currentSelection(): { start: number; end: number; rect: DOMRect } | undefined {
    const text = this.abstractEl?.querySelector<HTMLElement>('[data-abstract]');
    const abstract = this.state?.paper.abstract;
    if (!text || !abstract || !text.isConnected) return undefined;
    return selectionInAbstract(text, abstract);
  }

  private placeFloating(): void {
    const selection = this.canWrite ? this.currentSelection() : undefined;
    const annotated = this.floating.parentElement;
    if (!selection || !annotated) {
      this.floating.classList.remove('visible');
      return;
    }
    if (!this.floating.classList.contains('visible')) this.announce('Passage selected. Press Tab then Enter, or Ctrl+Alt+N, to add a note on it.');
    const box = annotated.getBoundingClientRect();
    const left = Math.min(Math.max(0, selection.rect.right - box.left - 40), Math.max(0, annotated.clientWidth - 110));
    this.floating.style.left = `${Math.round(left)}px`;
    this.floating.style.top = `${Math.round(selection.rect.bottom - box.top + 6)}px`;
    this.floating.classList.add('visible');
  }

  /** Opens a draft on the selected passage; false when nothing in the abstract is selected. */
  private noteSelection(): boolean {
    if (!this.canWrite) return false;
    const selection = this.currentSelection();
    const abstract = this.state?.paper.abstract;
    if (!selection || !abstract) return false;
    const key = `new-${this.nextDraft++}`;
    const quote = quoteSelectorAt(abstract, selection.start, selection.end);
    this.drafts.set(key, {
      key,
      kind: 'quote',
      quote,
      range: { start: selection.start, end: selection.end },
      heading: '',
      text: '',
      passage: '',
      baseVersion: this.notes.version,
    });
    document.getSelection()?.removeAllRanges();
    this.rerender();
    this.focusSoon(`${key}:text`);
    this.announce('New note on the selected passage. Ctrl+Enter saves it.');
    return true;
  }

  private startGeneral(): void {
    if (!this.canWrite) return;
    const key = `new-${this.nextDraft++}`;
    this.drafts.set(key, { key, kind: 'general', heading: '', text: '', passage: '', baseVersion: this.notes.version });
    this.rerender();
    this.focusSoon(`${key}:text`);
  }

  private focusSoon(key: string): void {
    requestAnimationFrame(() => {
      const target = document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`);
      target?.focus({ preventScroll: true });
      target?.scrollIntoView({ block: 'nearest' });
    });
  }

  private cardActions(): CardActions {
    return {
      canWrite: this.canWrite,
      edit: (note) => {
        this.drafts.set(note.id, {
          key: note.id,
          noteId: note.id,
          kind: note.kind === 'general' ? 'general' : 'quote',
          heading: note.heading,
          text: note.text,
          passage: '',
          baseVersion: this.notes.version,
          original: { text: note.text, heading: note.heading },
        });
        this.confirming = undefined;
        this.rerender();
        this.focusSoon(`${note.id}:text`);
      },
      askDelete: (note) => {
        this.confirming = note.id;
        this.rerender();
      },
      cancelDelete: () => {
        this.confirming = undefined;
        this.rerender();
      },
      confirmDelete: (note) => {
        this.confirming = undefined;
        this.send({ op: 'remove', id: note.id }, this.notes.version, note.id, 'delete');
        this.rerender();
      },
      reveal: (note) => {
        const mark = document.querySelector<HTMLElement>(`mark.note-mark[data-notes~="${CSS.escape(note.id)}"]`);
        mark?.scrollIntoView({ block: 'center', behavior: 'smooth' });
        this.setActive(note.id, true);
        setTimeout(() => this.setActive(note.id, false), 1200);
      },
      openLink: (url) => this.deps.post({ type: 'openLink', url }),
      openPdf: (note) => this.deps.post({ type: 'openPdfHighlight', noteId: note.id }),
      openPaper: (target) => this.deps.post({ type: 'openPaper', id: target.id, ...(target.passage ? { passage: target.passage } : {}) }),
    };
  }

  private readonly editorActions: EditorActions = {
    save: (draft) => {
      if (draft.requestId !== undefined) return;
      const heading = draft.heading.replace(/\s+/g, ' ').trim();
      let change: NoteChange;
      if (draft.noteId) {
        change = { op: 'update', id: draft.noteId, text: draft.text, ...(heading !== (draft.original?.heading ?? '') ? { heading } : {}) };
      } else if (draft.quote) {
        change = { op: 'add', kind: 'quote', text: draft.text, quote: draft.quote, ...(heading ? { heading } : {}) };
      } else if (draft.passage.trim() !== '') {
        change = { op: 'add', kind: 'quote', text: draft.text, quote: { exact: draft.passage.trim() }, ...(heading ? { heading } : {}) };
      } else {
        change = { op: 'add', kind: 'general', text: draft.text, ...(heading ? { heading } : {}) };
      }
      draft.requestId = this.send(change, draft.baseVersion, draft.key, 'save');
      this.rerender();
    },
    cancel: (draft) => {
      this.drafts.delete(draft.key);
      this.rerender();
    },
    changed: () => undefined,
  };

  private send(change: NoteChange, baseVersion: string, key: string, kind: 'save' | 'delete'): number {
    const requestId = this.nextRequest++;
    this.pending.set(requestId, { key, kind });
    this.deps.post({ type: 'editNote', requestId, baseVersion, change });
    return requestId;
  }

  /** Handles the host's answer to an edit; true when the message was about notes. */
  handle(message: HostToPaper): boolean {
    if (message.type !== 'noteEdited') return false;
    const request = this.pending.get(message.requestId);
    this.pending.delete(message.requestId);
    if (!request) return true;
    const draft = this.drafts.get(request.key);
    if (message.ok) {
      if (request.kind === 'save' && draft?.requestId === message.requestId) this.drafts.delete(request.key);
      if (message.message) this.deps.toast('info', message.message);
      this.announce(request.kind === 'save' ? 'Note saved' : 'Note deleted');
    } else {
      if (draft) draft.requestId = undefined;
      this.deps.toast('error', message.message ?? 'The note was not saved.');
    }
    this.rerender();
    return true;
  }
}

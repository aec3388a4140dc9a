import * as vscode from 'vscode';
import { locateQuote, quoteSelectorAt } from '../../core/anchors/textQuote';
import type { NoteEdit } from '../../core/notes/noteEdit';
import { newNoteId } from '../../core/notes/noteFile';
import type { Note, TextQuoteSelector } from '../../core/notes/noteModel';
import type { Paper } from '../../core/paper';
import { highlightFromNote } from '../../core/pdf/highlights';
import type { NoteChange, NoteView, PaperNotes } from '../../protocol/notes';
import type { HostToPaper } from '../../protocol/paper';
import type { LibraryItem, LibraryService } from '../library/libraryService';
import type { ConflictPolicy } from '../library/noteConflicts';
import { errorText } from '../../core/errorText';

const EMPTY: PaperNotes = { version: '', notes: [], freeText: '', problems: [] };

/** Quote notes without a `source` are on the abstract (the paper view's only text so far). */
const onAbstract = (note: Note): boolean => note.kind === 'quote' && (note.source === undefined || note.source === 'abstract');

function toView(note: Note, abstract: string): NoteView {
  const view: { -readonly [K in keyof NoteView]: NoteView[K] } = {
    id: note.id,
    kind: note.kind,
    heading: note.heading,
    text: note.text,
    ...(note.quote ? { quote: note.quote } : {}),
    ...(note.created !== undefined ? { created: note.created } : {}),
    ...(note.updated !== undefined ? { updated: note.updated } : {}),
  };
  if (onAbstract(note) && note.quote && abstract !== '') {
    const match = locateQuote(abstract, note.quote);
    if (match.status === 'found') view.anchor = { start: match.start, end: match.end, how: match.how };
    else view.orphaned = true;
  }
  const highlight = highlightFromNote(note);
  if (highlight) {
    view.where = `p. ${highlight.page}`;
    view.pdf = { page: highlight.page, colour: highlight.colour, ...(highlight.colourName !== undefined ? { colourName: highlight.colourName } : {}) };
  }
  if (note.kind === 'code' && note.code) view.where = `${note.code.path}:${note.code.lines.start}-${note.code.lines.end}`;
  return view;
}

/** The note file's own Markdown outside notes and front matter, blank line runs collapsed. */
function freeText(item: LibraryItem): string {
  const text = item.doc.serialize();
  let out = '';
  let at = item.doc.bodyStart;
  for (const r of item.doc.sectionRanges) {
    if (r.id === '') continue;
    out += text.slice(at, r.start);
    at = r.end;
  }
  out += text.slice(at);
  return out
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]*(?:\n[ \t]*)+/g, '\n\n')
    .trim();
}

/** What the paper view shows of a paper's notes: anchors found again in the current abstract, or flagged. */
export function notesState(item: LibraryItem | undefined, paper: Paper): PaperNotes {
  if (!item) return EMPTY;
  const doc = item.doc;
  const problems = doc.problems.map((p) => `line ${p.line}: ${p.message}`);
  if (doc.error) problems.unshift(`front matter line ${doc.error.line}: ${doc.error.message}`);
  return {
    version: item.version,
    path: vscode.workspace.asRelativePath(item.uri),
    notes: doc.notes.filter((n) => n.id !== '').map((n) => toView(n, paper.abstract)),
    freeText: freeText(item),
    problems,
  };
}

/**
 * Links and images (`[text](url)`, `![alt](url)`) replaced by their text, as `/!?\[([^\]]*)\]\([^)]*\)/g` would.
 * The closing `]` and `)` are searched for once and remembered, as the pattern searches for them again from every
 * `[`, which is quadratic on a line of `[](` without a `)`.
 */
function linkTexts(line: string): string {
  let out = '';
  let copied = 0;
  // The next `]` and `)` after the last place each was searched from; -1 when there is none, so no link either.
  let bracket = -2;
  let paren = -2;
  for (let at = 0; at < line.length; at++) {
    const open = line[at] === '[' ? at : line[at] === '!' && line[at + 1] === '[' ? at + 1 : -1;
    if (open === -1) continue;
    if (bracket !== -1 && bracket <= open) bracket = line.indexOf(']', open + 1);
    if (bracket === -1) break;
    if (line[bracket + 1] !== '(') continue;
    if (paren !== -1 && paren < bracket + 2) paren = line.indexOf(')', bracket + 2);
    if (paren === -1) break;
    out += line.slice(copied, at) + line.slice(open + 1, bracket);
    copied = paren + 1;
    at = paren;
  }
  return out + line.slice(copied);
}

/** A heading for a general note: its first line, without Markdown marks, shortened. */
export function generalHeading(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  const plain = linkTexts(first)
    .replace(/^[#>\-*+\s]+|^\d+[.)]\s+/g, '')
    .replace(/[*_`~[\]]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain === '') return 'Note';
  return plain.length <= 60 ? plain : `${plain.slice(0, 59).replace(/\s+\S*$/, '')}…`;
}

const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The selector for a passage of the abstract: as given when it has context, else found in the abstract. */
function abstractSelector(paper: Paper, quote: TextQuoteSelector): TextQuoteSelector {
  if (quote.prefix !== undefined || quote.suffix !== undefined) return quote;
  const match = locateQuote(paper.abstract, quote);
  if (match.status !== 'found') throw new Error('That passage is not in the abstract.');
  return quoteSelectorAt(paper.abstract, match.start, match.end);
}

/** Turns a change asked for by the view into an edit of the note file. */
export function noteEditFor(paper: Paper, change: NoteChange, existingIds: Iterable<string>): NoteEdit {
  switch (change.op) {
    case 'add': {
      const id = newNoteId(existingIds);
      if (change.kind === 'general') {
        return { op: 'add', note: { id, kind: 'general', text: change.text, heading: change.heading ?? generalHeading(change.text), created: now() } };
      }
      return {
        op: 'add',
        note: {
          id,
          kind: 'quote',
          text: change.text,
          quote: abstractSelector(paper, change.quote),
          ...(change.heading ? { heading: change.heading } : {}),
          created: now(),
        },
      };
    }
    case 'update':
      return {
        op: 'update',
        id: change.id,
        patch: { text: change.text, ...(change.heading !== undefined ? { heading: change.heading } : {}), updated: now() },
      };
    case 'remove':
      return { op: 'remove', id: change.id };
  }
}

/** Runs a view's note edit and answers it; never throws (the answer carries the error). */
export async function handleEditNote(
  library: LibraryService,
  paper: Paper,
  message: { readonly requestId: number; readonly baseVersion: string; readonly change: NoteChange },
  post: (message: HostToPaper) => void,
  onConflict: ConflictPolicy = 'ask',
): Promise<void> {
  try {
    const edit = noteEditFor(paper, message.change, library.item(paper.id)?.doc.notes.map((n) => n.id) ?? []);
    const result = await library.editNote(paper, edit, { baseVersion: message.baseVersion, onConflict });
    const ok = result.outcome !== 'cancelled' && result.outcome !== 'kept-theirs';
    post({
      type: 'noteEdited',
      requestId: message.requestId,
      ok,
      id: edit.op === 'add' ? edit.note.id : edit.id,
      ...(result.message ? { message: result.message } : {}),
    });
  } catch (error) {
    post({ type: 'noteEdited', requestId: message.requestId, ok: false, message: errorText(error) });
  }
}

/**
 * Edits of a note file as operations, so the same edit can be applied to whichever text is current: the text the
 * editor (a paper view, the PDF reader, an API caller) last saw, or the file as it is now.
 */
import type { NoteDocument } from './noteFile';
import type { NewNote, NotePatch } from './noteModel';

export type NoteEdit =
  /** Adds a note at the end of the file. */
  | { readonly op: 'add'; readonly note: NewNote }
  /** Changes a note's text, heading or anchor. */
  | { readonly op: 'update'; readonly id: string; readonly patch: NotePatch }
  /** Removes a note's section. */
  | { readonly op: 'remove'; readonly id: string };

/** Applies an edit; throws `NoteEditError` when it cannot (an unknown id, an invalid note). */
export function applyNoteEdit(doc: NoteDocument, edit: NoteEdit): NoteDocument {
  switch (edit.op) {
    case 'add':
      return doc.addNote(edit.note);
    case 'update':
      return doc.updateNote(edit.id, edit.patch);
    case 'remove':
      return doc.removeNote(edit.id);
  }
}

/** The id of the note an edit is about. */
export function noteEditId(edit: NoteEdit): string {
  return edit.op === 'add' ? edit.note.id : edit.id;
}

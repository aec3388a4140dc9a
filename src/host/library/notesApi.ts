import * as vscode from 'vscode';
import type { NoteEdit } from '../../core/notes/noteEdit';
import type { Note } from '../../core/notes/noteModel';
import type { Paper } from '../../core/paper';
import { isPaperMessage } from '../../protocol/guards';
import type { PaperNotes } from '../../protocol/notes';
import type { HostToPaper } from '../../protocol/paper';
import { handleEditNote, notesState } from '../paper/paperNotes';
import type { LibraryService, NoteWriteResult } from './libraryService';
import type { ConflictPolicy } from './noteConflicts';

/** A paper's note file as Marginalia last read it (the open editor's text while it has unsaved changes). */
export interface NoteFileSnapshot {
  readonly uri: vscode.Uri;
  readonly text: string;
  /** Send it back as `baseVersion` with an edit made from this snapshot. */
  readonly version: string;
  readonly notes: readonly Note[];
}

export interface NoteEditApiOptions {
  readonly baseVersion?: string;
  /** Default `ask` (a modal); API callers that cannot ask pass a policy. */
  readonly onConflict?: ConflictPolicy;
  /** The workspace folder for a new note file (multi-root). */
  readonly folder?: vscode.Uri;
}

/** Notes on papers, one Markdown file per paper in the workspace: read them, and edit them with version checks. */
export interface NotesApi {
  read(paperId: string): Promise<NoteFileSnapshot | undefined>;
  /**
   * Adds, changes or removes a note on a paper (by id, or a paper Marginalia may not know yet). Refused in Restricted
   * Mode and for anything outside a notes folder.
   */
  edit(paper: string | Paper, edit: NoteEdit, options?: NoteEditApiOptions): Promise<NoteWriteResult>;
  /** Fires with a paper id when its note file changed (on disk, in an editor, or through Marginalia). */
  readonly onDidChange: vscode.Event<string>;
  /** The paper view's side, without its webview: the notes state it is sent, and a message as it would post it. */
  readonly paperView: {
    state(paperId: string): Promise<PaperNotes>;
    /** Validated like any webview message; resolves with the view's `noteEdited` answer. */
    send(paperId: string, message: unknown, onConflict?: ConflictPolicy): Promise<Extract<HostToPaper, { type: 'noteEdited' }>>;
  };
}

export function createNotesApi(library: LibraryService, findPaper: (id: string) => Promise<Paper | undefined>): NotesApi {
  const paper = async (id: string): Promise<Paper> => {
    const found = await findPaper(id);
    if (!found) throw new Error(`Marginalia does not know the paper "${id}".`);
    return found;
  };
  return {
    async read(paperId) {
      await library.whenReady();
      const item = library.item(paperId);
      return item ? { uri: item.uri, text: item.doc.serialize(), version: item.version, notes: item.doc.notes } : undefined;
    },
    async edit(target, edit, options = {}) {
      const folder = options.folder ? vscode.workspace.getWorkspaceFolder(options.folder) : undefined;
      if (options.folder && !folder) throw new Error(`${options.folder.toString(true)} is not a workspace folder.`);
      return library.editNote(typeof target === 'string' ? await paper(target) : target, edit, {
        baseVersion: options.baseVersion,
        onConflict: options.onConflict ?? 'ask',
        folder,
        interactive: false,
      });
    },
    onDidChange: library.onDidChangeEntry,
    paperView: {
      async state(paperId) {
        await library.whenReady();
        return notesState(library.item(paperId), await paper(paperId));
      },
      async send(paperId, message, onConflict = 'ask') {
        if (!isPaperMessage(message) || message.type !== 'editNote') throw new Error('Not a valid editNote message.');
        let answer: Extract<HostToPaper, { type: 'noteEdited' }> | undefined;
        await handleEditNote(
          library,
          await paper(paperId),
          message,
          (reply) => {
            if (reply.type === 'noteEdited') answer = reply;
          },
          onConflict,
        );
        return answer ?? { type: 'noteEdited', requestId: message.requestId, ok: false, message: 'no answer' };
      },
    },
  };
}

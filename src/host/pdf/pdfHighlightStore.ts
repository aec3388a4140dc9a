import * as vscode from 'vscode';
import { parseArxivId } from '../../core/arxivId';
import { applyNoteEdit, type NoteEdit } from '../../core/notes/noteEdit';
import type { NoteDocument } from '../../core/notes/noteFile';
import type { Paper } from '../../core/paper';
import {
  highlightPatch,
  highlightsOf,
  noteForHighlight,
  sortHighlights,
  type HighlightColour,
  type NewHighlight,
  type PdfHighlight,
} from '../../core/pdf/highlights';
import { arxivIdFromFileName, isPdfPaperId, PDF_PATH_KEY, pdfPaperId, pdfTitle } from '../../core/pdf/pdfHome';
import { Disposable } from '../dispose';
import type { LibraryService, NoteWriteResult } from '../library/libraryService';
import { errorText } from '../../core/errorText';

/**
 * The note file a PDF's highlights live in. See `src/core/pdf/pdfHome.ts` for the rules; `workspacePath` is set
 * for PDFs in the workspace (it goes into the note's front matter as `pdf:`, so links can open that file again).
 */
export interface HighlightHome {
  /** The front matter id of the note file. */
  readonly paperId: string;
  readonly arxivId?: string;
  /** Workspace-relative path of the PDF, when it is a workspace file. */
  readonly workspacePath?: string;
  /** The name to show: the PDF's file name. */
  readonly name: string;
}

export interface HighlightStoreDeps {
  readonly library: LibraryService;
  /** The paper id of a file in the download cache. */
  readonly cachedPaperId: (uri: vscode.Uri) => string | undefined;
  /** Papers Marginalia knows (feeds, recent papers, library). */
  readonly findPaper: (id: string) => Promise<Paper | undefined>;
  /** Asks arXiv for a paper it does not know (a title for the new note file); may give up. */
  readonly lookupPaper?: (arxivId: string) => Promise<Paper | undefined>;
  readonly log: (message: string) => void;
}

const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The paper for a home whose paper Marginalia knows nothing about: enough for a note file. */
function bareHomePaper(home: HighlightHome, documentTitle?: string): Paper {
  return {
    id: home.paperId,
    ...(home.arxivId ? { arxivId: home.arxivId } : {}),
    // An arXiv paper not looked up (offline) is titled as its PDF says rather than by its id.
    title: home.arxivId ? (documentTitle ?? `arXiv:${home.arxivId}`) : pdfTitle(home.workspacePath ?? home.name),
    authors: [],
    abstract: '',
    categories: [],
    links: home.arxivId ? { abs: `https://arxiv.org/abs/${home.arxivId}` } : {},
    repos: [],
    source: 'library',
  };
}

/**
 * Highlights of PDFs, kept as `pdf` notes in the Markdown note file of their home (a paper's note, or a note of the
 * PDF's own) through the library, so they are written atomically, merged with changes made elsewhere, and follow
 * the file when it changes on disk. In a Restricted Mode workspace they are shown and kept for the session, and
 * written once the workspace is trusted.
 */
export class PdfHighlightStore extends Disposable {
  private readonly documentTitles = new Map<string, string>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<string>());
  /** Fires with a home's paper id when its highlights changed (in the file, or unsaved ones here). */
  readonly onDidChange = this._onDidChange.event;
  /** Highlights that could not be written yet, by paper id. */
  private readonly unsaved = new Map<string, { home: HighlightHome; highlights: PdfHighlight[] }>();

  constructor(private readonly deps: HighlightStoreDeps) {
    super();
    this._register(deps.library.onDidChangeEntry((id) => this._onDidChange.fire(id)));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.writeUnsaved()));
  }

  /** Where the highlights of a PDF live. */
  homeOf(uri: vscode.Uri): HighlightHome {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const cached = this.deps.cachedPaperId(uri);
    if (cached) return { paperId: cached, arxivId: parseArxivId(cached)?.id, name };
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const workspacePath = folder ? vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1) : undefined;
    const arxiv = arxivIdFromFileName(name);
    if (arxiv) return { paperId: this.libraryIdOf(arxiv.id), arxivId: arxiv.id, name, ...(workspacePath ? { workspacePath } : {}) };
    // Outside the workspace: keyed by its full path, still written to a notes folder.
    return { paperId: pdfPaperId(workspacePath ?? uri.path), name, ...(workspacePath ? { workspacePath } : {}) };
  }

  /** The library's id for an arXiv paper: its own, or that of a note whose front matter names the paper otherwise. */
  private libraryIdOf(arxivId: string): string {
    if (this.deps.library.item(arxivId)) return arxivId;
    for (const item of this.deps.library.all()) {
      const meta = item.doc.meta;
      if (parseArxivId(meta.id ?? '')?.id === arxivId || (meta.url && parseArxivId(meta.url)?.id === arxivId)) return item.paperId;
    }
    return arxivId;
  }

  async whenReady(): Promise<void> {
    await this.deps.library.whenReady();
  }

  /** The highlights of a home: the note file's, then any not written yet. */
  list(home: HighlightHome): PdfHighlight[] {
    const item = this.deps.library.item(home.paperId);
    const saved = item ? highlightsOf(item.doc.notes) : [];
    const pending = this.unsaved.get(home.paperId)?.highlights ?? [];
    return pending.length > 0 ? sortHighlights([...saved, ...pending]) : saved;
  }

  /** The version of the note file the highlights were read from (`''` when it has none), for edits made from them. */
  version(home: HighlightHome): string {
    return this.deps.library.item(home.paperId)?.version ?? '';
  }

  /** Workspace-relative path of the note file, when there is one. */
  notePath(home: HighlightHome): string | undefined {
    const item = this.deps.library.item(home.paperId);
    return item ? vscode.workspace.asRelativePath(item.uri) : undefined;
  }

  noteUri(home: HighlightHome): vscode.Uri | undefined {
    return this.deps.library.item(home.paperId)?.uri;
  }

  get(home: HighlightHome, id: string): PdfHighlight | undefined {
    return this.list(home).find((h) => h.id === id);
  }

  private async paperOf(home: HighlightHome): Promise<Paper> {
    if (!isPdfPaperId(home.paperId)) {
      const known =
        (await this.deps.findPaper(home.paperId)) ?? (home.arxivId ? await this.deps.lookupPaper?.(home.arxivId).catch(() => undefined) : undefined);
      if (known) return known;
    }
    return bareHomePaper(home, this.documentTitles.get(home.paperId));
  }

  /** The title the PDF gives itself: a note file for a paper not looked up (offline) is named and titled by it. */
  setDocumentTitle(home: HighlightHome, title: string): void {
    this.documentTitles.set(home.paperId, title);
  }

  /** Adds highlights (one per page of a selection); resolves with their ids. */
  async add(home: HighlightHome, highlights: readonly NewHighlight[], baseVersion: string): Promise<string[]> {
    const writable = this.deps.library.canWrite();
    const created = now();
    if (!writable.ok) {
      const ids = highlights.map(() => this.freshId(home));
      this.keepUnsaved(
        home,
        highlights.map((h, i) => ({ ...h, id: ids[i]!, created, unsaved: true })),
      );
      void this.askForTrust(writable.reason);
      return ids;
    }
    const ids: string[] = [];
    await this.write(
      home,
      (doc) => {
        ids.length = 0;
        let next = doc;
        for (const h of highlights) {
          const id = next.newNoteId();
          ids.push(id);
          next = next.addNote(noteForHighlight(h, id, created));
        }
        return next;
      },
      baseVersion,
    );
    return ids;
  }

  async update(home: HighlightHome, id: string, change: { readonly colour?: HighlightColour; readonly note?: string }, baseVersion: string): Promise<void> {
    const pending = this.unsaved.get(home.paperId);
    const local = pending?.highlights.find((h) => h.id === id);
    if (local) {
      pending!.highlights = pending!.highlights.map((h) =>
        h.id === id ? { ...h, ...change, note: change.note === undefined ? h.note : change.note.trim() || undefined } : h,
      );
      this._onDidChange.fire(home.paperId);
      return;
    }
    await this.edit(
      home,
      (doc) => {
        const note = doc.getNote(id);
        if (!note) throw new Error('That highlight is no longer in the note file.');
        return { op: 'update', id, patch: highlightPatch(note, change, now()) };
      },
      baseVersion,
    );
  }

  async remove(home: HighlightHome, id: string, baseVersion: string): Promise<void> {
    const pending = this.unsaved.get(home.paperId);
    if (pending?.highlights.some((h) => h.id === id)) {
      pending.highlights = pending.highlights.filter((h) => h.id !== id);
      this._onDidChange.fire(home.paperId);
      return;
    }
    await this.edit(home, () => ({ op: 'remove', id }), baseVersion);
  }

  private async edit(home: HighlightHome, edit: (doc: NoteDocument) => NoteEdit, baseVersion: string): Promise<void> {
    await this.write(home, (doc) => applyNoteEdit(doc, edit(doc)), baseVersion);
  }

  /** Every write: the note file of the home, with the PDF's path in its front matter the first time. */
  private async write(home: HighlightHome, change: (doc: NoteDocument) => NoteDocument, baseVersion: string): Promise<NoteWriteResult> {
    const paper = await this.paperOf(home);
    // A note file this highlight creates gets no reading status: highlighting does not put a paper on the reading
    // list (a new note says "to-read" otherwise); the status stays the user's choice, in the paper view.
    const created = this.deps.library.item(home.paperId) === undefined;
    const result = await this.deps.library.write(
      paper,
      (doc) => {
        let next = doc;
        if (created && next.notes.length === 0 && !next.error) next = next.removeField('status');
        if (home.workspacePath && next.frontMatter?.data[PDF_PATH_KEY] === undefined && !next.error) {
          next = next.setField(PDF_PATH_KEY, home.workspacePath);
          // A PDF of its own is no paper to read: no reading status on its note.
          if (isPdfPaperId(home.paperId) && next.notes.length === 0) next = next.removeField('status');
        }
        return change(next);
      },
      { baseVersion, onConflict: 'ask' },
    );
    if (result.outcome === 'cancelled' || result.outcome === 'kept-theirs') throw new Error(result.message ?? 'The highlight was not saved.');
    if (result.message) void vscode.window.showInformationMessage(result.message);
    return result;
  }

  private freshId(home: HighlightHome): string {
    const taken = new Set(this.list(home).map((h) => h.id));
    const doc = this.deps.library.item(home.paperId)?.doc;
    for (const n of doc?.notes ?? []) taken.add(n.id);
    for (;;) {
      const id = `u${Math.random().toString(36).slice(2, 9)}`;
      if (!taken.has(id)) return id;
    }
  }

  private keepUnsaved(home: HighlightHome, highlights: readonly PdfHighlight[]): void {
    const entry = this.unsaved.get(home.paperId) ?? { home, highlights: [] };
    entry.highlights.push(...highlights);
    this.unsaved.set(home.paperId, entry);
    this._onDidChange.fire(home.paperId);
  }

  private async askForTrust(reason: string): Promise<void> {
    const trust = 'Manage Workspace Trust';
    const restricted = !vscode.workspace.isTrusted;
    const answer = await vscode.window.showWarningMessage(
      `${reason} The highlight is kept for this session${restricted ? ' and saved to the note file once you trust the workspace' : ''}.`,
      ...(restricted ? [trust] : []),
    );
    if (answer === trust) await vscode.commands.executeCommand('workbench.trust.manage');
  }

  /** Writes the highlights made before the workspace was trusted. */
  private async writeUnsaved(): Promise<void> {
    for (const [paperId, entry] of [...this.unsaved]) {
      if (entry.highlights.length === 0) continue;
      try {
        const highlights = entry.highlights;
        await this.write(
          entry.home,
          (doc) => {
            let next = doc;
            for (const h of highlights) next = next.addNote(noteForHighlight(h, next.getNote(h.id) ? next.newNoteId() : h.id, h.created ?? now()));
            return next;
          },
          this.version(entry.home),
        );
        this.unsaved.delete(paperId);
        this._onDidChange.fire(paperId);
      } catch (error) {
        this.deps.log(`Highlights of ${entry.home.name} could not be saved: ${errorText(error)}`);
      }
    }
  }
}

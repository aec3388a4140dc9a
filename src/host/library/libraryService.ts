import * as vscode from 'vscode';
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl, parseArxivId } from '../../core/arxivId';
import { NoteDocument, formatNoteError, newNoteFile, parseNote } from '../../core/notes/noteFile';
import { noteFileName } from '../../core/notes/noteFileName';
import { resolveNotePath } from '../../core/notes/notePath';
import type { Paper } from '../../core/paper';
import type { LibraryEntry } from '../../protocol/paper';
import type { LibraryStatus } from '../../protocol/sidebar';
import { notesFolder } from '../config';
import { Disposable } from '../dispose';
import { readText, writeTextAtomically } from './noteIo';

/** One paper's note file as last read from disk (or from an open editor). */
export interface LibraryItem {
  readonly paperId: string;
  readonly uri: vscode.Uri;
  readonly doc: NoteDocument;
}

/** The notes folder of a workspace folder, when the setting names a safe relative folder. */
export function notesRoot(folder: vscode.WorkspaceFolder): { uri: vscode.Uri; relative: string } | { error: string } {
  const relative = notesFolder(folder).replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  const checked = resolveNotePath(relative, 'x.md');
  if (!checked.ok) return { error: `Setting marginalia.notes.folder ("${relative}") cannot be used: ${checked.reason}.` };
  return { uri: relative ? vscode.Uri.joinPath(folder.uri, ...relative.split('/')) : folder.uri, relative };
}

/** A minimal paper rebuilt from a note's front matter, so a library paper opens without its feed. */
function paperFromNote(item: LibraryItem): Paper {
  const meta = item.doc.meta;
  const arxiv = parseArxivId(meta.id ?? '') ?? (meta.url ? parseArxivId(meta.url) : undefined);
  const links = arxiv
    ? { abs: arxivAbsUrl(arxiv.id), pdf: arxivPdfUrl(arxiv.id, arxiv.version), hfPage: hfPaperUrl(arxiv.id) }
    : meta.url && /^https?:\/\//.test(meta.url)
      ? { abs: meta.url }
      : {};
  return {
    id: item.paperId,
    arxivId: arxiv?.id,
    version: arxiv?.version,
    title: meta.title ?? item.paperId,
    authors: [],
    abstract: '',
    categories: [],
    links,
    repos: meta.repos
      .filter((r) => /^https?:\/\//.test(r))
      .map((url) => ({ kind: /github\.com/i.test(url) ? ('github' as const) : ('project-page' as const), url, origins: [] })),
    source: 'library',
  };
}

/**
 * The library: one Markdown note per paper under the notes folder of each workspace folder, found by its front
 * matter `id`. Files are the truth: the service reads them at start, follows changes on disk (git checkout, edits
 * in another editor) and writes through the open editor when there is one, otherwise atomically on disk.
 */
export class LibraryService extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires after any note file changed. */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidChangeEntry = this._register(new vscode.EventEmitter<string>());
  /** Fires with a paper id when that paper's note changed. */
  readonly onDidChangeEntry = this._onDidChangeEntry.event;

  private readonly items = new Map<string, LibraryItem>();
  /** Paper id by note file URI, to know what a deleted file was. */
  private readonly byUri = new Map<string, string>();
  private watchers: vscode.Disposable[] = [];
  private ready: Promise<void>;
  private readonly reported = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.ready = this.scan();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('marginalia.notes.folder')) void this.rescan();
    }));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this._onDidChange.fire()));
  }

  /** Resolves once the notes folders were read. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  private async rescan(): Promise<void> {
    this.ready = this.scan();
    await this.ready;
  }

  private async scan(): Promise<void> {
    for (const w of this.watchers.splice(0)) w.dispose();
    const previous = new Set(this.items.keys());
    this.items.clear();
    this.byUri.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const root = notesRoot(folder);
      if ('error' in root) {
        this.report(root.error);
        continue;
      }
      const pattern = new vscode.RelativePattern(folder, `${root.relative ? `${root.relative}/` : ''}**/*.md`);
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      watcher.onDidCreate((uri) => void this.reload(uri));
      watcher.onDidChange((uri) => void this.reload(uri));
      watcher.onDidDelete((uri) => this.forget(uri));
      this.watchers.push(watcher);
      const files = await vscode.workspace.findFiles(pattern, undefined, 20_000);
      await Promise.all(files.map((uri) => this.reload(uri, false)));
    }
    for (const id of previous) if (!this.items.has(id)) this._onDidChangeEntry.fire(id);
    for (const id of this.items.keys()) this._onDidChangeEntry.fire(id);
    this._onDidChange.fire();
  }

  private report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.log.warn(message);
  }

  /** Reads one note file again; notes without an `id` in their front matter are not library entries. */
  private async reload(uri: vscode.Uri, notify = true): Promise<void> {
    let text: string;
    try {
      text = await readText(uri);
    } catch {
      this.forget(uri);
      return;
    }
    const doc = parseNote(text);
    if (doc.error) this.report(formatNoteError(vscode.workspace.asRelativePath(uri), doc.error));
    const oldId = this.byUri.get(uri.toString());
    const id = doc.meta.id?.trim();
    if (oldId && oldId !== id) {
      this.items.delete(oldId);
      this.byUri.delete(uri.toString());
      if (notify) this._onDidChangeEntry.fire(oldId);
    }
    if (id) {
      const existing = this.items.get(id);
      if (existing && existing.uri.toString() !== uri.toString()) {
        this.report(`${vscode.workspace.asRelativePath(uri)} has the same id as ${vscode.workspace.asRelativePath(existing.uri)} ("${id}"); the first one is used.`);
        return;
      }
      this.items.set(id, { paperId: id, uri, doc });
      this.byUri.set(uri.toString(), id);
      if (notify) this._onDidChangeEntry.fire(id);
    }
    if (notify) this._onDidChange.fire();
  }

  private forget(uri: vscode.Uri): void {
    const id = this.byUri.get(uri.toString());
    if (!id) return;
    this.byUri.delete(uri.toString());
    this.items.delete(id);
    this._onDidChangeEntry.fire(id);
    this._onDidChange.fire();
  }

  // ---- reading -------------------------------------------------------------------------------

  item(id: string): LibraryItem | undefined {
    return this.items.get(id);
  }

  all(): readonly LibraryItem[] {
    return [...this.items.values()];
  }

  status(id: string): LibraryStatus | undefined {
    return this.items.get(id)?.doc.meta.status;
  }

  tags(id: string): readonly string[] {
    return this.items.get(id)?.doc.meta.tags ?? [];
  }

  allTags(): readonly string[] {
    const tags = new Set<string>();
    for (const item of this.items.values()) for (const t of item.doc.meta.tags) tags.add(t);
    return [...tags].sort((a, b) => a.localeCompare(b));
  }

  async entry(id: string): Promise<LibraryEntry> {
    await this.ready;
    const item = this.items.get(id);
    return { status: item?.doc.meta.status, tags: item?.doc.meta.tags ?? [], notePath: item ? vscode.workspace.asRelativePath(item.uri) : undefined };
  }

  async paper(id: string): Promise<Paper | undefined> {
    await this.ready;
    const item = this.items.get(id);
    return item ? paperFromNote(item) : undefined;
  }

  async noteUri(id: string): Promise<vscode.Uri | undefined> {
    await this.ready;
    return this.items.get(id)?.uri;
  }

  /** Whether notes can be written here, and why not. */
  canWrite(): { ok: true } | { ok: false; reason: string } {
    if (!vscode.workspace.isTrusted) return { ok: false, reason: 'This workspace is in Restricted Mode: trust it to save papers to the library.' };
    if (!vscode.workspace.workspaceFolders?.length) return { ok: false, reason: 'Open a folder to keep a library: notes are saved as Markdown files in the workspace.' };
    return { ok: true };
  }

  // ---- writing -------------------------------------------------------------------------------

  private assertWritable(): void {
    const check = this.canWrite();
    if (!check.ok) throw new Error(check.reason);
  }

  /** Where a new note for this paper goes: the first workspace folder's notes folder, under a safe name. */
  private async newNoteUri(paper: Paper): Promise<vscode.Uri> {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const root = notesRoot(folder);
    if ('error' in root) throw new Error(root.error);
    const name = noteFileName(paper);
    const checked = resolveNotePath(root.relative, name);
    if (!checked.ok) throw new Error(`Cannot name a note "${name}": ${checked.reason}.`);
    const base = name.replace(/\.md$/, '');
    for (let n = 1; n < 100; n++) {
      const candidate = vscode.Uri.joinPath(root.uri, n === 1 ? name : `${base}-${n}.md`);
      try {
        await vscode.workspace.fs.stat(candidate);
      } catch {
        return candidate;
      }
    }
    throw new Error(`Too many notes named ${name} in ${root.relative}.`);
  }

  /**
   * Applies an edit to a paper's note, creating the note if needed. The edit runs on the file's current text
   * (re-read just before writing), so changes made elsewhere since the last read are kept, not overwritten.
   */
  async edit(paper: Paper, change: (doc: NoteDocument) => NoteDocument): Promise<LibraryItem> {
    this.assertWritable();
    await this.ready;
    const existing = this.items.get(paper.id);
    const today = new Date().toISOString().slice(0, 10);
    const uri = existing?.uri ?? (await this.newNoteUri(paper));
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let current: string | undefined;
    if (open) current = open.getText();
    else if (existing) current = await readText(uri).catch(() => undefined);
    const base = current !== undefined ? parseNote(current) : parseNote(newNoteFile(paper, { added: today }));
    if (base.error) throw new Error(`${formatNoteError(vscode.workspace.asRelativePath(uri), base.error)}. Fix the front matter, then try again.`);
    const next = change(base);
    const text = next.serialize();
    if (current === undefined || text !== current) {
      if (open) {
        // The user has the note open: edit the buffer (undo works, unsaved typing is kept) and save it.
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(current!.length)), text);
        if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not edit ${vscode.workspace.asRelativePath(uri)}.`);
        await open.save();
      } else {
        await writeTextAtomically(uri, text);
      }
    }
    await this.reload(uri);
    const item = this.items.get(paper.id);
    if (!item) throw new Error(`${vscode.workspace.asRelativePath(uri)} does not hold the paper "${paper.id}" any more.`);
    return item;
  }

  async setStatus(paper: Paper, status: LibraryStatus | undefined): Promise<void> {
    if (!status && !this.items.has(paper.id)) return;
    await this.edit(paper, (doc) => (status ? doc.setStatus(status) : doc.removeField('status')));
  }

  async setTags(paper: Paper, tags: readonly string[]): Promise<void> {
    await this.edit(paper, (doc) => doc.setTags(tags));
  }

  override dispose(): void {
    for (const w of this.watchers.splice(0)) w.dispose();
    super.dispose();
  }
}

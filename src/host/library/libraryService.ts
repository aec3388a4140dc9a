import * as vscode from 'vscode';
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl, parseArxivId } from '../../core/arxivId';
import { CoalescingRuns } from '../../core/coalescingRuns';
import { applyNoteEdit, type NoteEdit } from '../../core/notes/noteEdit';
import { NoteDocument, formatNoteError, newNoteFile, parseNote } from '../../core/notes/noteFile';
import { noteFileName } from '../../core/notes/noteFileName';
import { containedNotePath, resolveNotePath } from '../../core/notes/notePath';
import { noteVersion } from '../../core/notes/noteVersion';
import { planNoteWrite, settleConflict, type ConflictPolicy, type NoteWriteOutcome } from '../../core/notes/noteWritePlan';
import { isSafeWebUrl } from '../../core/net/urlSafety';
import { formatMegabytes } from '../../core/net/http';
import type { Paper } from '../../core/paper';
import { cutText, paperTextLimits } from '../../core/feeds/paperBounds';
import { noteRepoLinks } from '../../core/repoLinks';
import type { LibraryEntry } from '../../protocol/paper';
import type { LibraryStatus } from '../../protocol/sidebar';
import { notesFolder } from '../config';
import { Disposable } from '../dispose';
import { FolderChoice } from './folderChoice';
import { symlinkEscape } from './linkEscape';
import { ConflictDocuments } from './noteConflicts';
import { readText, writeTextAtomically } from './noteIo';
import { VersionCache } from './versionCache';

/** One paper's note file as last read from disk (or from an open editor). */
export interface LibraryItem {
  readonly paperId: string;
  readonly uri: vscode.Uri;
  readonly doc: NoteDocument;
  /** `noteVersion` of the text `doc` was read from: editors send it back with their edits. */
  readonly version: string;
}

/** How an edit of a note file is made. */
export interface NoteWriteOptions {
  /**
   * The version of the file (`LibraryItem.version`, `''` for "no file yet") the edit was made against. When the
   * file changed since, the edit is merged with those changes; overlapping changes go to `onConflict`. Undefined:
   * the edit is simply applied to the current text (fine for edits that carry no stale text, like a status).
   */
  readonly baseVersion?: string;
  /** What to do with changes that overlap. Default `ask`. */
  readonly onConflict?: ConflictPolicy;
  /** Where a new note file goes in a multi-root workspace; chosen (or asked) when absent. */
  readonly folder?: vscode.WorkspaceFolder;
  /** Whether the user may be asked anything (which folder, which version). Default true. */
  readonly interactive?: boolean;
}

export interface NoteWriteResult {
  /** See `NoteWriteOutcome`. */
  readonly outcome: NoteWriteOutcome;
  readonly item?: LibraryItem;
  /** The file's version after the edit. */
  readonly version: string;
  /** For the user, when something needs saying (a merge, a conflict). */
  readonly message?: string;
}

/** The file an edit goes to, and what it holds right now. */
interface Current {
  readonly text: string | undefined;
  /** The open document when its unsaved text is what the user sees (dirty): edits go into it. */
  readonly document?: vscode.TextDocument;
  readonly documentVersion?: number;
}

const MAX_ATTEMPTS = 8;
/** At most this many note files are read from one notes folder. */
const MAX_NOTE_FILES = 20_000;
/**
 * The largest file read as a note: a paper's note with every highlight is a few hundred KB. A bigger `.md` in the
 * notes folder (a log, a data dump, a hostile repository's) is left out and said so, rather than held in memory.
 */
export const MAX_NOTE_BYTES = 8_000_000;
/** Folders VS Code's file search leaves out by default (`files.exclude`), left out of a walk of the notes folder too. */
const HIDDEN_FOLDERS = new Set(['.git', '.svn', '.hg', 'CVS']);
/** How long a write waits for an open editor that has not caught up with the disk yet. */
const STALE_EDITOR_WAIT_MS = 3_000;
/** How long to wait before saving a note's editor again when VS Code dropped the first save. */
const SAVE_RETRY_DELAY_MS = 300;

/** The notes folder of a workspace folder, when the setting names a safe relative folder. */
export function notesRoot(folder: vscode.WorkspaceFolder): { uri: vscode.Uri; relative: string } | { error: string } {
  const relative = notesFolder(folder)
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
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
    : meta.url && isSafeWebUrl(meta.url)
      ? { abs: meta.url }
      : {};
  return {
    id: item.paperId,
    arxivId: arxiv?.id,
    version: arxiv?.version,
    // Front matter is anyone's text: shown no longer than a feed's title may be.
    title: cutText(meta.title ?? item.paperId, paperTextLimits.title),
    authors: [],
    abstract: '',
    categories: [],
    links,
    repos: noteRepoLinks(meta.repos),
    source: 'library',
  };
}

/**
 * The notes folder of a workspace folder, if its notes may be read: not one the setting puts outside the workspace,
 * nor one reached through a symbolic link that leads out of it.
 */
async function readableNotesRoot(folder: vscode.WorkspaceFolder): Promise<{ uri: vscode.Uri; relative: string } | { error: string }> {
  const root = notesRoot(folder);
  if ('error' in root) return root;
  const escape = await symlinkEscape(folder.uri, root.uri, `The notes folder "${root.relative}"`);
  return escape ? { error: `${escape}: its notes are not read. Make it a folder of the workspace, or change marginalia.notes.folder.` } : root;
}

/**
 * The library: one Markdown note per paper under the notes folder of each workspace folder, found by its front
 * matter `id`. Files are the truth: the service reads them when first asked (a hover, a paper, the Papers view; not at
 * activation), then follows changes on disk (git checkout, edits in another editor) and writes through the open editor
 * when there is one, otherwise atomically on disk.
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
  /** The first scan of the notes folders and its watchers; started by the first reader (`whenReady`). */
  private ready: Promise<void> | undefined;
  private readonly reported = new Set<string>();
  private readonly versions = new VersionCache();
  /** One write at a time per paper, so the service never races itself. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly pendingBufferReloads = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly folders: FolderChoice;
  private readonly conflicts: ConflictDocuments;
  /** Re-reads of a note file, one at a time per file, so an older read never lands after a newer one. */
  private readonly reloads = new CoalescingRuns<string, { uri: vscode.Uri; notify: boolean }>(
    (_key, { uri, notify }) => this.reloadNow(uri, notify),
    (a, b) => ({ uri: b.uri, notify: a.notify || b.notify }),
  );
  /** What each note file's stat said when it was last read (by URI), so a sweep re-reads only what changed. */
  private readonly stamps = new Map<string, string>();
  /** Sweeps of the notes folders against the disk, one at a time; callers share one that starts after they ask. */
  private readonly sweeps = new CoalescingRuns<'all', undefined>(
    () => this.sweep(),
    () => undefined,
  );

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.folders = this._register(new FolderChoice((uri) => this.isNoteFile(uri)));
    this.conflicts = this._register(new ConflictDocuments());
    // Unsaved edits in an open note show in the paper view too (debounced); saving or closing reads the file again.
    // Until the first scan nothing is followed: the scan reads whatever the files hold by then.
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.ready && e.contentChanges.length > 0 && this.isNoteFile(e.document.uri)) this.reloadSoon(e.document.uri);
      }),
    );
    this._register(
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (this.ready && this.isNoteFile(d.uri)) void this.reload(d.uri);
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.ready && this.isNoteFile(d.uri)) void this.reload(d.uri);
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('marginalia.notes.folder')) void this.rescan();
      }),
    );
    this._register(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        // Views enable writing once the workspace is trusted.
        for (const id of this.items.keys()) this._onDidChangeEntry.fire(id);
        this._onDidChange.fire();
      }),
    );
  }

  /** Resolves once the notes folders were read; the first call starts reading them and following their changes. */
  whenReady(): Promise<void> {
    this.ready ??= this.scan();
    return this.ready;
  }

  /**
   * Resolves once the library holds what the notes folders hold on disk at the time of the call, and what open
   * editors show. The file watcher tells of a change only some time after it (longer on a busy machine), so
   * anything the user asks of the library (an export, a link, a hover) waits for this: a note written by a
   * `git pull` or another program a moment before is then in the answer. Cheap when nothing changed: the notes
   * folders are listed and each file's stat compared with the one it was read with.
   */
  async whenFresh(): Promise<void> {
    for (;;) {
      await this.whenReady();
      const scan = this.ready;
      await this.sweeps.request('all', undefined);
      // A rescan (settings, workspace folders) that started meanwhile read everything again: wait for that too.
      if (this.ready === scan) return;
    }
  }

  /** Reads again every note file whose stat changed since it was read, the new ones, and forgets the ones gone. */
  private async sweep(): Promise<void> {
    const reads: Promise<void>[] = [];
    // Unsaved edits in open notes wait for a pause in typing: not when someone asks.
    for (const [key, timer] of [...this.pendingBufferReloads]) {
      clearTimeout(timer);
      this.pendingBufferReloads.delete(key);
      reads.push(this.reload(vscode.Uri.parse(key)));
    }
    const listed = new Set<string>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      // Checked again: the folder can have become a link since the scan (a checkout), and none is followed.
      const root = await readableNotesRoot(folder);
      if ('error' in root) continue;
      for (const uri of await this.listNotes(folder, root)) {
        listed.add(uri.toString());
        reads.push(
          this.stamp(uri).then((stamp) => {
            if (stamp === undefined || stamp !== this.stamps.get(uri.toString())) return this.reload(uri);
          }),
        );
      }
    }
    // Files read before that are not listed any more: the re-read finds them gone (or in an editor) and says so.
    for (const key of new Set([...this.byUri.keys(), ...this.stamps.keys()])) if (!listed.has(key)) reads.push(this.reload(vscode.Uri.parse(key)));
    await Promise.all(reads);
  }

  /**
   * The Markdown files of a notes folder, as the scan finds them. Read from the file system directly: asking VS Code's
   * file search goes through the workbench and a search process, seconds on a busy machine, for what is one folder
   * of notes. Not for notes at the workspace root, where a walk would go through every folder (node_modules…).
   */
  private async listNotes(folder: vscode.WorkspaceFolder, root: { uri: vscode.Uri; relative: string }): Promise<vscode.Uri[]> {
    if (!root.relative) return vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.md'), undefined, MAX_NOTE_FILES);
    const found: vscode.Uri[] = [];
    const walk = async (dir: vscode.Uri, depth: number): Promise<void> => {
      const entries = await Promise.resolve(vscode.workspace.fs.readDirectory(dir)).catch(() => [] as [string, vscode.FileType][]);
      await Promise.all(
        entries.map(async ([name, type]) => {
          const uri = vscode.Uri.joinPath(dir, name);
          if (type & vscode.FileType.Directory) {
            // Not through links (they can loop), nor into what VS Code hides from its file search by default.
            if (!(type & vscode.FileType.SymbolicLink) && !HIDDEN_FOLDERS.has(name) && depth < 32) await walk(uri, depth + 1);
          } else if (type & vscode.FileType.File && name.toLowerCase().endsWith('.md') && found.length < MAX_NOTE_FILES) {
            found.push(uri);
          }
        }),
      );
    };
    await walk(root.uri, 0);
    return found;
  }

  /** A file's modification time and size, as a string to compare; undefined when it cannot be read. */
  private async stamp(uri: vscode.Uri): Promise<string | undefined> {
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    return stat ? `${stat.mtime}:${stat.size}` : undefined;
  }

  /** Whether the notes folders were asked for yet (before that the library is empty, and nothing was read). */
  get started(): boolean {
    return this.ready !== undefined;
  }

  private async rescan(): Promise<void> {
    if (!this.ready) return;
    this.ready = this.scan();
    await this.ready;
  }

  private async scan(): Promise<void> {
    for (const w of this.watchers.splice(0)) w.dispose();
    const previous = new Set(this.items.keys());
    this.items.clear();
    this.byUri.clear();
    this.stamps.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const root = await readableNotesRoot(folder);
      if ('error' in root) {
        this.report(root.error);
        continue;
      }
      const pattern = new vscode.RelativePattern(folder, `${root.relative ? `${root.relative}/` : ''}**/*.md`);
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      watcher.onDidCreate((uri) => void this.reload(uri));
      watcher.onDidChange((uri) => void this.reload(uri));
      // Through the same queue as the re-reads, so a read that started before the deletion cannot bring it back.
      watcher.onDidDelete((uri) => void this.reload(uri));
      this.watchers.push(watcher);
      // A folder that appears with notes in it (a first `git pull` of papers/, a new subfolder) can come with no event
      // for the files: they were written before the file watcher was watching the new folder. Read what it holds. Not
      // for notes at the workspace root, where every new folder (node_modules…) would be searched.
      const base = root.relative ? escapeGlob(root.relative) : '';
      for (const glob of base ? [base, `${base}/**`] : []) {
        const folders = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob), false, true, true);
        folders.onDidCreate((uri) => void this.readNewFolder(uri));
        this.watchers.push(folders);
      }
      const files = await vscode.workspace.findFiles(pattern, undefined, 20_000);
      await Promise.all(files.map((uri) => this.reload(uri, false)));
    }
    for (const id of previous) if (!this.items.has(id)) this._onDidChangeEntry.fire(id);
    for (const id of this.items.keys()) this._onDidChangeEntry.fire(id);
    this._onDidChange.fire();
  }

  /** Reads the notes in a folder that was just created in a notes folder (a file created there is left to its own event). */
  private async readNewFolder(uri: vscode.Uri): Promise<void> {
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (!stat || !(stat.type & vscode.FileType.Directory) || stat.type & vscode.FileType.SymbolicLink) return;
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*.md'), undefined, 20_000);
    await Promise.all(files.filter((file) => this.isNoteFile(file)).map((file) => this.reload(file)));
  }

  private report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.log.warn(message);
  }

  /** Whether a URI is a Markdown file in some workspace folder's notes folder. */
  isNoteFile(uri: vscode.Uri): boolean {
    if (this.byUri.has(uri.toString())) return true;
    if (!uri.path.toLowerCase().endsWith('.md')) return false;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const root = notesRoot(folder);
    return !('error' in root) && uri.path.startsWith(`${root.uri.path.replace(/\/$/, '')}/`);
  }

  private reloadSoon(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pendingBufferReloads.get(key));
    this.pendingBufferReloads.set(
      key,
      setTimeout(() => {
        this.pendingBufferReloads.delete(key);
        void this.reload(uri);
      }, 200),
    );
  }

  /** The text a note file shows the user: the open editor's while it has unsaved changes, else the file's. */
  private async shownText(uri: vscode.Uri): Promise<string | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) return open.getText();
    try {
      return await readText(uri);
    } catch {
      return undefined;
    }
  }

  /**
   * Reads one note file again; notes without an `id` in their front matter are not library entries. Resolves once a
   * read that started after this call is in the library.
   */
  private reload(uri: vscode.Uri, notify = true): Promise<void> {
    return this.reloads.request(uri.toString(), { uri, notify });
  }

  private async reloadNow(uri: vscode.Uri, notify: boolean): Promise<void> {
    // Before the read: a change after the stat then shows as a changed stat to the next sweep.
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    const stamp = stat ? `${stat.mtime}:${stat.size}` : undefined;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if ((stat?.size ?? 0) > MAX_NOTE_BYTES && !open?.isDirty) {
      if (stamp !== undefined) this.stamps.set(uri.toString(), stamp);
      this.report(
        `${vscode.workspace.asRelativePath(uri)} is ${formatMegabytes(stat!.size)}, too large to be a note (at most ${formatMegabytes(MAX_NOTE_BYTES)}); it is left out of the library.`,
      );
      this.forget(uri);
      return;
    }
    const text = await this.shownText(uri);
    if (text === undefined) {
      this.stamps.delete(uri.toString());
      this.forget(uri);
      return;
    }
    if (stamp !== undefined) this.stamps.set(uri.toString(), stamp);
    else this.stamps.delete(uri.toString());
    const oldId = this.byUri.get(uri.toString());
    const doc = parseNote(text);
    const id = doc.meta.id?.trim();
    const before = oldId ? this.items.get(oldId) : undefined;
    // Our own writes are read back at once and then reported again by the watcher: only real changes notify.
    if (before && oldId === id && before.uri.toString() === uri.toString() && before.doc.serialize() === text) return;
    if (doc.error) this.report(formatNoteError(vscode.workspace.asRelativePath(uri), doc.error));
    if (oldId && oldId !== id) {
      this.items.delete(oldId);
      this.byUri.delete(uri.toString());
      if (notify) this._onDidChangeEntry.fire(oldId);
    }
    if (id) {
      const existing = this.items.get(id);
      if (existing && existing.uri.toString() !== uri.toString()) {
        // The same paper in two files: keep the one we had unless it is gone (a rename shows as create + delete).
        if ((await this.shownText(existing.uri)) !== undefined) {
          this.report(
            `${vscode.workspace.asRelativePath(uri)} has the same id as ${vscode.workspace.asRelativePath(existing.uri)} ("${id}"); the first one is used.`,
          );
          return;
        }
        this.byUri.delete(existing.uri.toString());
      }
      const version = this.versions.remember(id, text);
      this.items.set(id, { paperId: id, uri, doc, version });
      this.byUri.set(uri.toString(), id);
      if (notify) this._onDidChangeEntry.fire(id);
    }
    if (notify) this._onDidChange.fire();
  }

  private forget(uri: vscode.Uri): void {
    const id = this.byUri.get(uri.toString());
    if (!id) return;
    this.byUri.delete(uri.toString());
    if (this.items.get(id)?.uri.toString() !== uri.toString()) return;
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
    await this.whenReady();
    const item = this.items.get(id);
    return { status: item?.doc.meta.status, tags: item?.doc.meta.tags ?? [], notePath: item ? vscode.workspace.asRelativePath(item.uri) : undefined };
  }

  async paper(id: string): Promise<Paper | undefined> {
    await this.whenReady();
    const item = this.items.get(id);
    return item ? paperFromNote(item) : undefined;
  }

  async noteUri(id: string): Promise<vscode.Uri | undefined> {
    await this.whenReady();
    return this.items.get(id)?.uri;
  }

  /** Whether notes can be written here, and why not. */
  canWrite(): { ok: true } | { ok: false; reason: string } {
    if (!vscode.workspace.isTrusted) return { ok: false, reason: 'This workspace is in Restricted Mode: trust it to save papers to the library.' };
    if (!vscode.workspace.workspaceFolders?.length)
      return { ok: false, reason: 'Open a folder to keep a library: notes are saved as Markdown files in the workspace.' };
    return { ok: true };
  }

  // ---- writing -------------------------------------------------------------------------------

  private assertWritable(): void {
    const check = this.canWrite();
    if (!check.ok) throw new Error(check.reason);
  }

  /** Where a new note for this paper goes: the chosen workspace folder's notes folder, under a safe name. */
  private async newNoteUri(paper: Paper, options: NoteWriteOptions): Promise<vscode.Uri> {
    const folder = options.folder ?? (await this.folders.choose(paper.title, options.interactive !== false));
    if (!folder) throw new Error('No folder was chosen for the note.');
    const root = notesRoot(folder);
    if ('error' in root) throw new Error(root.error);
    const name = noteFileName(paper);
    const base = name.replace(/\.md$/, '');
    for (let n = 1; n < 100; n++) {
      const checked = resolveNotePath(root.relative, n === 1 ? name : `${base}-${n}.md`);
      if (!checked.ok) throw new Error(`Cannot name a note "${name}": ${checked.reason}.`);
      // Built from the checked path, so what is written is exactly what was checked.
      const candidate = vscode.Uri.joinPath(folder.uri, ...checked.path.split('/'));
      if ((await this.shownText(candidate)) === undefined) return candidate;
    }
    throw new Error(`Too many notes named ${name} in ${root.relative}.`);
  }

  /** Finds a paper's note file on disk by its front matter id, for when it moved before the watcher said so. */
  private async findById(id: string): Promise<vscode.Uri | undefined> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const root = notesRoot(folder);
      if ('error' in root) continue;
      const files = await vscode.workspace.findFiles(
        new vscode.RelativePattern(folder, `${root.relative ? `${root.relative}/` : ''}**/*.md`),
        undefined,
        20_000,
      );
      for (const uri of files) {
        const text = await this.shownText(uri);
        if (text !== undefined && parseNote(text).meta.id?.trim() === id) return uri;
      }
    }
    return undefined;
  }

  /** The note file of a paper: the known one if it is still there, else wherever it moved, else a new one. */
  private async locate(paper: Paper, options: NoteWriteOptions): Promise<vscode.Uri> {
    const known = this.items.get(paper.id);
    if (known && (await this.shownText(known.uri)) !== undefined) return known.uri;
    const moved = await this.findById(paper.id);
    if (moved) {
      await this.reload(moved);
      return moved;
    }
    return known?.uri ?? (await this.newNoteUri(paper, options));
  }

  /**
   * Refuses to write anywhere but a plain Markdown file in a notes folder: every write goes through here, whatever
   * the paper id, note id or file name it came from.
   */
  private async assertSafeTarget(uri: vscode.Uri): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const root = folder ? notesRoot(folder) : undefined;
    if (!folder || !root || 'error' in root) throw new Error(`Refusing to write ${uri.toString(true)}: it is not in a notes folder.`);
    const checked = containedNotePath(folder.uri.path, root.relative, uri.path);
    if (!checked.ok || uri.scheme !== folder.uri.scheme || uri.authority !== folder.uri.authority) {
      throw new Error(`Refusing to write ${vscode.workspace.asRelativePath(uri)}: ${checked.ok ? 'it is not in the workspace folder' : checked.reason}.`);
    }
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    // A link would carry the write somewhere else.
    if (stat && stat.type & vscode.FileType.SymbolicLink) throw new Error(`Refusing to write ${checked.path}: it is a symbolic link.`);
    // So would a linked folder on the way (the notes folder itself, or one inside it).
    const escape = await symlinkEscape(folder.uri, uri, checked.path);
    if (escape) throw new Error(`Refusing to write: ${escape}.`);
  }

  /**
   * What the file holds, and through what to change it. An open editor is the way in whenever it shows the file
   * (unsaved changes, or in step with the disk): every change then goes through VS Code's one model of the file,
   * so a save in the editor and a write from here cannot overwrite each other. `stale` when the editor has not
   * caught up with a change on disk yet (the caller waits a moment).
   */
  private async current(uri: vscode.Uri, waitedMs: number): Promise<Current | 'stale'> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open?.isDirty) return { text: open.getText(), document: open, documentVersion: open.version };
    const disk = await readText(uri).catch(() => undefined);
    if (!open || disk === undefined) return { text: disk };
    if (disk === open.getText()) return { text: disk, document: open, documentVersion: open.version };
    // Still behind the disk after a while (a watcher that never tells it): write the file itself. Not sooner: on a
    // busy machine the editor can take a second or two to reload, and a write to the disk meanwhile races whatever
    // is typed into it (VS Code then refuses to save that, "the content of the file is newer").
    return waitedMs < STALE_EDITOR_WAIT_MS ? 'stale' : { text: disk };
  }

  /**
   * Writes `text` over what `current` held, or returns false when the file or the buffer moved on in between (the
   * caller then tries again with the new text). Through the open editor when there is one (as one undoable edit of
   * the changed span, then saved); otherwise the file is replaced atomically.
   */
  private async writeOver(uri: vscode.Uri, current: Current, text: string): Promise<boolean> {
    await this.assertSafeTarget(uri);
    const doc = current.document;
    if (doc && current.text !== undefined) {
      if (doc.isClosed || doc.version !== current.documentVersion) return false;
      let a = 0;
      const old = current.text;
      while (a < old.length && a < text.length && old[a] === text[a]) a++;
      let b = 0;
      while (b < old.length - a && b < text.length - a && old[old.length - 1 - b] === text[text.length - 1 - b]) b++;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(doc.positionAt(a), doc.positionAt(old.length - b)), text.slice(a, text.length - b));
      // applyEdit checks the document version it was made for, so a keystroke in between makes it fail, not clobber.
      if (!(await vscode.workspace.applyEdit(edit))) return false;
      await this.saveEditor(doc);
      return true;
    }
    // Closest we can get to compare-and-swap on a file system: the file must still hold what we merged with.
    if ((await this.shownText(uri)) !== current.text) return false;
    await writeTextAtomically(uri, text);
    return true;
  }

  /**
   * Saves the editor that holds a note. VS Code can drop a save without an error (a save participant cancelled, the
   * model reloading from disk under it), so an editor that is still dirty with the same text gets one more try. If
   * that fails too, the buffer still has every change; the user is told, with the way to save it.
   */
  private async saveEditor(doc: vscode.TextDocument): Promise<void> {
    const version = doc.version;
    if (await doc.save()) return;
    if (!doc.isClosed && doc.isDirty && doc.version === version) {
      await new Promise((resolve) => setTimeout(resolve, SAVE_RETRY_DELAY_MS));
      if (!doc.isClosed && doc.isDirty && doc.version === version && (await doc.save())) return;
    }
    if (doc.isClosed || !doc.isDirty) return;
    const path = vscode.workspace.asRelativePath(doc.uri);
    // VS Code has already said why when the file is newer on disk (with a compare); this says where the note is.
    this.log.warn(`${path}: the note is in the open editor, but the editor could not save it.`);
    void vscode.window.showWarningMessage(`Marginalia: the change to ${path} is in its open editor but could not be saved.`, 'Show Editor').then((choice) => {
      if (choice) void vscode.window.showTextDocument(doc);
    });
  }

  private enqueue<T>(paperId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(paperId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(paperId, tail);
    void tail.then(() => {
      if (this.queues.get(paperId) === tail) this.queues.delete(paperId);
    });
    return run;
  }

  /**
   * The one way notes are written. `change` is applied to the version the editor saw (`options.baseVersion`), and
   * the result is merged with whatever the file holds now, so changes made elsewhere in between are kept; changes
   * that overlap are settled by `options.onConflict`. Never writes outside a notes folder.
   */
  async write(paper: Paper, change: (doc: NoteDocument) => NoteDocument, options: NoteWriteOptions = {}): Promise<NoteWriteResult> {
    this.assertWritable();
    await this.whenReady();
    return this.enqueue(paper.id, async () => {
      this.assertWritable();
      const uri = await this.locate(paper, options);
      const path = vscode.workspace.asRelativePath(uri);
      const today = new Date().toISOString().slice(0, 10);
      const fresh = () => parseNote(newNoteFile(paper, { added: today }));
      // Through VS Code's model of the file, so a save from an editor that opens it meanwhile and this write are
      // serialised by VS Code instead of racing on the disk.
      if (
        (await Promise.resolve(vscode.workspace.fs.stat(uri)).then(
          () => true,
          () => false,
        )) &&
        !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())
      ) {
        await Promise.resolve(vscode.workspace.openTextDocument(uri)).catch(() => undefined);
      }
      let staleSince: number | undefined;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
        const current = await this.current(uri, staleSince === undefined ? 0 : Date.now() - staleSince);
        if (current === 'stale') {
          staleSince ??= Date.now();
          attempt--;
          await new Promise((resolve) => setTimeout(resolve, 40));
          continue;
        }
        let plan = planNoteWrite({
          path,
          current: current.text,
          baseVersion: options.baseVersion,
          textOf: (version) => this.versions.text(paper.id, version),
          fresh,
          change,
        });
        if (plan.kind === 'conflict') {
          const { conflicts, mine, keepBoth } = plan;
          plan = settleConflict(
            plan,
            await this.conflicts.decide(options.onConflict ?? 'ask', { path, uri, conflicts, mine, canKeepBoth: keepBoth !== undefined }),
          );
        }
        if (plan.kind !== 'write') return { outcome: plan.outcome, version: noteVersion(current.text), item: this.items.get(paper.id), message: plan.message };
        if (!(await this.writeOver(uri, current, plan.text))) continue;
        await this.reload(uri);
        const item = this.items.get(paper.id);
        if (!item || item.uri.toString() !== uri.toString()) throw new Error(`${path} does not hold the paper "${paper.id}" any more.`);
        return { outcome: plan.outcome, item, version: item.version, message: plan.message };
      }
      throw new Error(`${path} kept changing while Marginalia tried to save it; try again.`);
    });
  }

  /** Adds, changes or removes one note (any kind: the paper view, the PDF reader and code links all come here). */
  async editNote(paper: Paper, edit: NoteEdit, options: NoteWriteOptions = {}): Promise<NoteWriteResult> {
    return this.write(paper, (doc) => applyNoteEdit(doc, edit), options);
  }

  /**
   * Applies an edit to a paper's note, creating the note if needed. The edit runs on the file's current text
   * (re-read just before writing), so changes made elsewhere since the last read are kept, not overwritten.
   */
  async edit(paper: Paper, change: (doc: NoteDocument) => NoteDocument): Promise<LibraryItem> {
    const result = await this.write(paper, change);
    const item = result.item ?? this.items.get(paper.id);
    if (!item) throw new Error(`The note of "${paper.id}" could not be written.`);
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
    for (const timer of this.pendingBufferReloads.values()) clearTimeout(timer);
    this.pendingBufferReloads.clear();
    super.dispose();
  }
}

/** A path as a glob that matches only itself (`[`, `{`, `*`… in folder names are literal). */
function escapeGlob(path: string): string {
  return path.replace(/[[\]{}*?]/g, (c) => `[${c}]`);
}

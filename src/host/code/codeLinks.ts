import * as vscode from 'vscode';
import { codeLocationLabel, isSafeCodePath, selectionLines, snippetOf } from '../../core/links/codeAnchor';
import { refindCodeRange, splitLines, type RefoundRange } from '../../core/links/refindRange';
import { referencesByLine } from '../../core/links/referenceScan';
import type { CodeAnchor, LineRange, Note } from '../../core/notes/noteModel';
import type { Paper } from '../../core/paper';
import type { CodeLinkTarget, CodeLinkView, MentionView, WorkspaceLinks } from '../../protocol/workspaceLinks';
import { Disposable } from '../dispose';
import type { FeedService } from '../feeds/feedService';
import type { LibraryService } from '../library/libraryService';
import { libraryPapers, pickPaper } from '../paperPicker';
import type { PaperServices } from '../paper/paperServices';
import type { SearchService } from '../search/searchService';
import { ensureTrusted } from '../trust';
import type { PaperLookup } from './paperLookup';
import type { WorkspaceMentions } from './workspaceMentions';

export interface CodeLinkDeps {
  readonly feeds: FeedService;
  readonly search: SearchService;
  readonly library: LibraryService;
  readonly paperServices: PaperServices;
  readonly lookup: PaperLookup;
  readonly mentions: WorkspaceMentions;
}

/** Linked files larger than this are not read to find the range again (it opens at the recorded lines). */
const maxLinkedFileBytes = 5_000_000;

/** The file a code anchor names: in its workspace folder (by name) or, without one, in the folder that has it. */
export async function resolveCodeUri(path: string, root?: string): Promise<vscode.Uri | undefined> {
  if (!isSafeCodePath(path)) return undefined;
  const folders = vscode.workspace.workspaceFolders ?? [];
  const candidates = root !== undefined ? folders.filter((f) => f.name === root) : folders;
  for (const folder of candidates) {
    const uri = vscode.Uri.joinPath(folder.uri, ...path.split('/'));
    if (candidates.length === 1) return uri;
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // Not in this folder; try the next.
    }
  }
  return undefined;
}

/** The current text of a file: the editor's buffer when it is open (unsaved edits count), else the disk's. */
export async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > maxLinkedFileBytes) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Where a code anchor's lines are now. `missing` when the file is not there (or not readable). */
export async function findCodeAnchor(code: CodeAnchor): Promise<{ uri?: vscode.Uri; found?: RefoundRange }> {
  const uri = await resolveCodeUri(code.path, code.root);
  if (!uri) return {};
  const text = await currentText(uri);
  if (text === undefined) return { uri };
  return { uri, found: refindCodeRange(code.snippet, code.lines, text) };
}

function linkState(code: CodeAnchor, found: RefoundRange | undefined): CodeLinkView['state'] {
  if (!found) return 'missing';
  if (found.state === 'same') return found.lines!.start === code.lines.start ? 'same' : 'moved';
  return found.state;
}

/** Workspace-relative path of a file and, in a multi-root workspace, its folder's name. */
function relativeLocation(uri: vscode.Uri): { path: string; root?: string } | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return undefined;
  const base = folder.uri.path.replace(/\/$/, '');
  if (!uri.path.startsWith(`${base}/`)) return undefined;
  const path = uri.path.slice(base.length + 1);
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? { path, root: folder.name } : { path };
}

function isoSeconds(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Links between papers and code: "Link Selection to Paper" records a code range in the paper's note; the paper
 * view's "In this workspace" lists the linked ranges (found again in the current code) and the files that mention
 * the paper; opening one shows the code at its range.
 */
export class CodeLinks extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires when what "In this workspace" shows may have changed (mentions found, linked code edited). */
  readonly onDidChange = this._onDidChange.event;
  /** Files of the code links shown lately: edits to them move the ranges. */
  private readonly linkedFiles = new Set<string>();
  private changeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: CodeLinkDeps) {
    super();
    this._register(deps.mentions.onDidChange(() => this._onDidChange.fire()));
    const onFile = (uri: vscode.Uri) => {
      if (!this.linkedFiles.has(uri.toString())) return;
      // Typing fires on every keystroke: recompute once the user pauses.
      if (this.changeTimer) clearTimeout(this.changeTimer);
      this.changeTimer = setTimeout(() => this._onDidChange.fire(), 500);
    };
    this._register(vscode.workspace.onDidChangeTextDocument((e) => onFile(e.document.uri)));
    this._register(vscode.workspace.onDidSaveTextDocument((d) => onFile(d.uri)));
  }

  // ---- Link Selection to Paper ------------------------------------------------------------------

  /**
   * Records the active editor's selection in a paper's note. `arg` may name the paper (an id, or `{ paperId }`);
   * from the editor's context menu it is the file's URI and the paper is picked.
   */
  async linkSelection(arg?: unknown): Promise<void> {
    if (!(await ensureTrusted('Linking code writes to the paper’s note'))) return;
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new Error('Open a file and select the code to link to a paper.');
    const document = editor.document;
    const location = relativeLocation(document.uri);
    if (!location) throw new Error('Only files inside a workspace folder can be linked: the note keeps the path relative to the folder.');
    const lines = selectionLines(editor.selection.start, editor.selection.end);
    const snippet = snippetOf(splitLines(document.getText()), lines);
    if (snippet.trim() === '') throw new Error('The selected lines are empty: select the code to link.');
    const paper = await this.paperFor(arg, document);
    if (!paper) return;
    const code: CodeAnchor = { ...location, lines, snippet };
    await this.deps.library.edit(paper, (note) => note.addNote({ id: note.newNoteId(), kind: 'code', code, created: isoSeconds() }));
    const label = codeLocationLabel(location.path, lines, location.root);
    void vscode.window.showInformationMessage(`Linked ${label} to “${paper.title}”.`, 'Open Paper').then((choice) => {
      if (choice) void this.deps.paperServices.open(paper);
    });
    this._onDidChange.fire();
  }

  private async paperFor(arg: unknown, document: vscode.TextDocument): Promise<Paper | undefined> {
    const id =
      typeof arg === 'string'
        ? arg
        : typeof arg === 'object' && arg !== null && typeof (arg as { paperId?: unknown }).paperId === 'string'
          ? (arg as { paperId: string }).paperId
          : undefined;
    if (id !== undefined) {
      const paper = (await this.deps.paperServices.findPaper(id)) ?? (await this.deps.lookup.findForOpen(id));
      if (!paper) throw new Error(`Marginalia does not know the paper "${id}".`);
      return paper;
    }
    // The papers this file mentions come first: linking code to the paper it cites is the common case.
    const text = document.getText();
    const ids = text.length <= 2_000_000 ? [...new Set(referencesByLine(text, { maxReferences: 200 }).map((r) => r.id))].slice(0, 20) : [];
    const mentioned = (await Promise.all(ids.map((i) => this.deps.lookup.known(i)))).filter((p): p is Paper => p !== undefined);
    const library = await libraryPapers(this.deps.library, (i) => this.deps.paperServices.findPaper(i));
    return pickPaper(this.deps, { title: 'Marginalia: Link Selection to Paper', pinned: { label: 'Mentioned in this file', papers: mentioned }, library });
  }

  // ---- opening ----------------------------------------------------------------------------------

  /** Opens a linked range (found again in the current code) or a mention, in a text editor beside the view. */
  async open(paperId: string, target: CodeLinkTarget): Promise<void> {
    if (target.kind === 'mention') {
      const uri = await resolveCodeUri(target.path, target.root);
      if (!uri) throw new Error(`${codeLocationLabel(target.path, undefined, target.root)} is not in this workspace.`);
      await this.show(uri, { start: target.line, end: target.line });
      return;
    }
    await this.deps.library.whenReady();
    const note = this.deps.library.item(paperId)?.doc.getNote(target.noteId);
    const code = note?.kind === 'code' ? note.code : undefined;
    if (!code) throw new Error('That code link is no longer in the paper’s note.');
    const { uri, found } = await findCodeAnchor(code);
    if (!uri) throw new Error(`${codeLocationLabel(code.path, undefined, code.root)} is not in this workspace.`);
    await this.show(uri, found?.lines ?? code.lines);
    if (found?.state === 'lost') {
      void vscode.window.showWarningMessage(
        `The linked code was not found in ${codeLocationLabel(code.path, undefined, code.root)}; showing the lines it was linked at (${code.lines.start}–${code.lines.end}). The snippet is kept in the note.`,
      );
    }
  }

  private async show(uri: vscode.Uri, lines: LineRange): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    const last = Math.max(0, document.lineCount - 1);
    const start = Math.min(Math.max(lines.start - 1, 0), last);
    const end = Math.min(Math.max(lines.end - 1, start), last);
    const selection = new vscode.Selection(start, 0, end, document.lineAt(end).text.length);
    // Next to the paper view: in a column that already shows code, else beside.
    const column = vscode.window.visibleTextEditors.find((e) => e.viewColumn !== undefined)?.viewColumn ?? vscode.ViewColumn.Beside;
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection, preview: false });
    editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  // ---- the paper view ---------------------------------------------------------------------------

  /** "In this workspace" for a paper: its linked ranges as found now, and the files mentioning its arXiv id. */
  async forPaper(paper: Paper): Promise<WorkspaceLinks> {
    const item = this.deps.library.item(paper.id);
    const notes = (item?.doc.notes ?? []).filter((n): n is Note & { code: CodeAnchor } => n.kind === 'code' && n.code !== undefined);
    const codeLinks = await Promise.all(notes.map((n) => this.linkView(n)));
    let mentions: MentionView[] = [];
    const arxivId = paper.arxivId ?? (/^\d{4}\.\d{4,5}$/.test(paper.id) ? paper.id : undefined);
    if (arxivId) {
      const own = item?.uri.toString();
      mentions = this.deps.mentions
        .mentionsOf(arxivId)
        .filter((m) => m.uri.toString() !== own)
        .slice(0, 200)
        .flatMap((m) => {
          const location = relativeLocation(m.uri);
          return location ? [{ ...location, line: m.line + 1, count: m.count, text: m.text }] : [];
        });
    }
    return { codeLinks, mentions, searching: this.deps.mentions.searching, limited: this.deps.mentions.limited };
  }

  private async linkView(note: Note & { code: CodeAnchor }): Promise<CodeLinkView> {
    const code = note.code;
    const { uri, found } = await findCodeAnchor(code);
    if (uri) this.linkedFiles.add(uri.toString());
    const preview =
      code.snippet
        .split('\n')
        .find((l) => l.trim() !== '')
        ?.trim() ?? '';
    const comment = note.text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim();
    return {
      noteId: note.id,
      path: code.path,
      ...(code.root !== undefined ? { root: code.root } : {}),
      recorded: code.lines,
      ...(found?.lines ? { current: found.lines } : {}),
      state: linkState(code, found),
      preview: preview.length > 160 ? `${preview.slice(0, 159)}…` : preview,
      ...(comment ? { comment: comment.length > 200 ? `${comment.slice(0, 199)}…` : comment } : {}),
    };
  }

  override dispose(): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    super.dispose();
  }
}

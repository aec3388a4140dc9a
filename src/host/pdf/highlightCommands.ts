import * as vscode from 'vscode';
import { parseOpenPdfHighlightArgs, type PdfHighlightTarget } from '../../core/links/pdfLinks';
import { parseNote } from '../../core/notes/noteFile';
import type { Note } from '../../core/notes/noteModel';
import { highlightsMarkdown } from '../../core/pdf/exportHighlights';
import { highlightsOf } from '../../core/pdf/highlights';
import { isPdfPaperId, PDF_PATH_KEY } from '../../core/pdf/pdfHome';
import type { RevealTarget } from '../../core/pdf/paperRef';
import type { LibraryItem, LibraryService } from '../library/libraryService';
import type { HighlightHome, PdfHighlightStore } from './pdfHighlightStore';
import type { PdfReaderProvider } from './pdfReaderProvider';

export interface HighlightCommandDeps {
  readonly library: LibraryService;
  readonly store: PdfHighlightStore;
  readonly provider: PdfReaderProvider;
  /** Opens a paper's PDF (from the download cache, downloading it if needed) at a target. */
  readonly openPaperPdf: (paperId: string, target: RevealTarget) => Promise<unknown>;
  readonly paperTitle: (paperId: string) => Promise<string | undefined>;
}

/** A note file to look for a highlight in. */
type NoteFile = Pick<LibraryItem, 'paperId' | 'uri' | 'doc'>;

/** The note file and note a highlight link names: the given paper's, the active editor's, else any that has it. */
function findHighlight(library: LibraryService, target: PdfHighlightTarget): { item: NoteFile; note: Note } | undefined {
  const isHighlight = (note: Note | undefined): note is Note => note?.kind === 'pdf' && note.pdf !== undefined;
  const candidates: NoteFile[] = [];
  if (target.paper !== undefined) {
    const item = library.item(target.paper);
    if (item) candidates.push(item);
  }
  const active = vscode.window.activeTextEditor?.document;
  if (active && library.isNoteFile(active.uri)) {
    // Clicked in the note file itself: that file as the editor shows it (also before the library has read it).
    const doc = parseNote(active.getText());
    const id = doc.meta.id?.trim();
    if (id) candidates.push({ paperId: id, uri: active.uri, doc });
  }
  candidates.push(...library.all());
  for (const item of candidates) {
    const note = item.doc.getNote(target.note);
    if (isHighlight(note)) return { item, note };
  }
  return undefined;
}

/** The workspace PDF a note's front matter names (`pdf: docs/paper.pdf`), when it is a plain relative path. */
async function workspacePdf(item: NoteFile): Promise<vscode.Uri | undefined> {
  const path = item.doc.frontMatter?.data[PDF_PATH_KEY];
  if (typeof path !== 'string' || path === '' || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.split(/[\\/]/).some((s) => s === '..'))
    return undefined;
  const folders = vscode.workspace.workspaceFolders ?? [];
  const own = vscode.workspace.getWorkspaceFolder(item.uri);
  const multi = folders.length > 1;
  const candidates: vscode.Uri[] = [];
  for (const folder of own ? [own, ...folders.filter((f) => f !== own)] : folders) {
    candidates.push(vscode.Uri.joinPath(folder.uri, ...path.split('/')));
    // Multi-root paths start with the folder's name.
    if (multi && path.startsWith(`${folder.name}/`)) candidates.unshift(vscode.Uri.joinPath(folder.uri, ...path.slice(folder.name.length + 1).split('/')));
  }
  for (const uri of candidates) {
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (stat && stat.type & vscode.FileType.File) return uri;
  }
  return undefined;
}

/** Opens the PDF a highlight is in, scrolled to it, the highlight flashed. */
export async function openPdfHighlight(deps: HighlightCommandDeps, ...args: unknown[]): Promise<void> {
  const target = parseOpenPdfHighlightArgs(args);
  if ('error' in target) throw new Error(target.error);
  await deps.library.whenFresh();
  const found = findHighlight(deps.library, target);
  if (!found) throw new Error(`There is no PDF highlight '${target.note}' in the notes of this workspace.`);
  const { item, note } = found;
  const reveal: RevealTarget = { highlightId: note.id, page: note.pdf!.page };
  const open = await deps.provider.editorsOf(item.paperId);
  if (open.length > 0) {
    const editor = open.find((e) => e.isActive) ?? open[0]!;
    editor.reveal(reveal);
    return;
  }
  const file = await workspacePdf(item);
  if (file) {
    await deps.provider.open(file, reveal);
    return;
  }
  if (isPdfPaperId(item.paperId)) {
    throw new Error(
      `The PDF of this highlight (${String(item.doc.frontMatter?.data[PDF_PATH_KEY] ?? item.paperId.slice(4))}) is not in the workspace any more.`,
    );
  }
  await deps.openPaperPdf(item.paperId, reveal);
}

/** The home to export: the given PDF's or paper's, the active reader's, or one picked from the library. */
async function exportHome(deps: HighlightCommandDeps, arg: unknown): Promise<HighlightHome | undefined> {
  // What the note file holds now, also when it was written a moment ago and the file watcher has not said so yet.
  await deps.library.whenFresh();
  if (arg instanceof vscode.Uri) return deps.store.homeOf(arg);
  if (typeof arg === 'string' && arg.length <= 1100) return { paperId: arg, name: arg };
  const active = deps.provider.activeEditor;
  if (active) return active.home;
  const items = deps.library
    .all()
    .map((item) => ({ item, count: highlightsOf(item.doc.notes).length }))
    .filter((x) => x.count > 0);
  if (items.length === 0) throw new Error('No paper in this workspace has highlights yet: select text in a PDF and pick a colour.');
  const picked = await vscode.window.showQuickPick(
    items.map(({ item, count }) => ({
      label: item.doc.meta.title || item.paperId,
      description: `${count} highlight${count === 1 ? '' : 's'}`,
      detail: vscode.workspace.asRelativePath(item.uri),
      paperId: item.paperId,
    })),
    { title: 'Marginalia: Export Highlights', placeHolder: 'Whose highlights?' },
  );
  return picked ? { paperId: picked.paperId, name: picked.label } : undefined;
}

/** "Export Highlights": the annotated list in a new untitled Markdown document. */
export async function exportHighlights(deps: HighlightCommandDeps, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const home = await exportHome(deps, arg);
  if (!home) return undefined;
  const item = deps.library.item(home.paperId);
  const title = (await deps.paperTitle(home.paperId)) ?? item?.doc.meta.title ?? home.name;
  const arxiv = home.arxivId ?? (isPdfPaperId(home.paperId) ? undefined : /^\d{4}\.\d{4,5}$/.test(home.paperId) ? home.paperId : undefined);
  const content = highlightsMarkdown({
    title,
    source: arxiv ? `arXiv:${arxiv}` : home.workspacePath,
    notePath: deps.store.notePath(home),
    date: new Date().toISOString().slice(0, 10),
    highlights: deps.store.list(home),
  });
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside });
  return document;
}

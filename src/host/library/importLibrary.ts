import * as vscode from 'vscode';
import { FeedError } from '../../core/feeds/feedError';
import { decodeFeedBytes, parseFeed } from '../../core/feeds/parseFeed';
import type { LibraryEntry } from '../../core/library/libraryEntry';
import { type ExistingNote, type ImportAction, type ImportSummary, applyImport, planImport, summarizeImport } from '../../core/library/libraryImport';
import { parseLibrary } from '../../core/library/parseLibrary';
import { formatNoteError } from '../../core/notes/noteFile';
import type { LibraryService } from './libraryService';
import { errorText } from '../../core/errorText';

/** Options a caller (a test, another command) may give instead of being asked. */
export interface ImportLibraryOptions {
  /** What to do with fields whose value differs between a note and the library. Asked when absent. */
  readonly conflicts?: 'keep-notes' | 'take-library';
}

/** The largest library file read (a Zotero library of 100,000 entries is about 100 MB). */
const MAX_BYTES = 200_000_000;

const LIBRARY_KINDS = new Set(['a BibTeX file', 'a CSL JSON library (a reference manager export)', 'a Zotero (Better BibTeX) JSON export']);

/** The entries of a file: a bibliography's, or a feed's papers as entries without a key. */
async function readEntries(
  bytes: Uint8Array,
  name: string,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<LibraryEntry[]> {
  try {
    return parseFeed(bytes, { fileName: name }).papers.map((paper) => ({ type: 'paper', paper, keywords: [], files: [] }));
  } catch (error) {
    if (!(error instanceof FeedError && error.kind === 'unrecognised-format' && LIBRARY_KINDS.has(error.got ?? ''))) throw error;
  }
  const controller = new AbortController();
  const cancel = token.onCancellationRequested(() => controller.abort());
  let reported = 0;
  try {
    const result = await parseLibrary(decodeFeedBytes(bytes), {
      signal: controller.signal,
      // A timer, not a microtask: the extension host gets to answer other requests between chunks.
      yieldControl: () => new Promise((resolve) => setTimeout(resolve, 0)),
      onProgress: (done, total) => {
        const percent = Math.floor((done / Math.max(1, total)) * 100);
        progress.report({ message: `${done} of ${total} entries read`, increment: percent - reported });
        reported = percent;
      },
    });
    return result.entries;
  } finally {
    cancel.dispose();
  }
}

/**
 * "Marginalia: Import Library…": a .bib, CSL-JSON or any feed file becomes notes in the notes folder, merged with
 * the notes already there (by arXiv id, DOI or citation key); a summary says what was added, merged and skipped.
 */
export async function importLibrary(
  library: LibraryService,
  output: vscode.OutputChannel,
  target?: vscode.Uri,
  options: ImportLibraryOptions = {},
): Promise<ImportSummary | undefined> {
  const writable = library.canWrite();
  if (!writable.ok) throw new Error(`Cannot import a library: ${writable.reason}`);
  const uri =
    target ??
    (
      await vscode.window.showOpenDialog({
        title: 'Import a library into the notes folder',
        openLabel: 'Import',
        canSelectMany: false,
        filters: {
          'Libraries and feeds (BibTeX, CSL-JSON, HF JSON, arXiv)': ['bib', 'bibtex', 'json', 'xml', 'atom', 'rss', 'jsonl', 'txt'],
          'All files': ['*'],
        },
      })
    )?.[0];
  if (!uri) return undefined;
  const name = uri.path.split('/').pop() ?? uri.toString();
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_BYTES) throw new Error(`${name} is larger than ${MAX_BYTES / 1_000_000} MB; import a smaller export.`);
  const bytes = await vscode.workspace.fs.readFile(uri);

  const actions = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Importing ${name}`, cancellable: true },
    async (progress, token): Promise<ImportAction[] | undefined> => {
      let entries: LibraryEntry[];
      try {
        entries = await readEntries(bytes, name, progress, token);
      } catch (error) {
        if (error instanceof Error && error.name === 'AbortError') return undefined;
        if (error instanceof FeedError) throw new Error(`${name} cannot be imported: ${error.message}`);
        throw error;
      }
      await library.whenFresh();
      const existing: ExistingNote[] = library.all().map((item) => ({
        paperId: item.paperId,
        data: item.doc.frontMatter?.data ?? {},
        ...(item.doc.error ? { problem: formatNoteError(vscode.workspace.asRelativePath(item.uri), item.doc.error) } : {}),
      }));
      return planImport(entries, existing);
    },
  );
  if (!actions) return undefined;

  const withConflicts = actions.filter((a) => a.kind === 'merge' && a.conflicts.length > 0);
  let take = options.conflicts === 'take-library';
  if (withConflicts.length > 0 && options.conflicts === undefined) {
    const fields = [...new Set(withConflicts.flatMap((a) => (a.kind === 'merge' ? a.conflicts.map((c) => c.field) : [])))].join(', ');
    const keep = 'Keep the Notes’ Values';
    const replace = "Use the Library's Values";
    const choice = await vscode.window.showWarningMessage(
      `${withConflicts.length} ${withConflicts.length === 1 ? 'note has' : 'notes have'} values that differ from ${name} (${fields}).`,
      { modal: true, detail: 'New fields, tags and files are added either way. Nothing else in the notes changes unless you choose the library’s values.' },
      keep,
      replace,
    );
    if (choice === undefined) return undefined;
    take = choice === replace;
  }

  const folder = vscode.workspace.workspaceFolders?.[0];
  const applied: ImportAction[] = [];
  for (const action of actions) {
    if (action.kind === 'skip') {
      applied.push(action);
      continue;
    }
    try {
      const result = await library.write(action.paper, (doc) => applyImport(doc, action, take), {
        interactive: false,
        onConflict: 'keep-theirs',
        ...(folder ? { folder } : {}),
      });
      if (result.outcome === 'kept-theirs' || result.outcome === 'cancelled')
        applied.push({
          kind: 'skip',
          entry: action.entry,
          reason: `${action.entry.key ?? action.paper.id}: the note changed while importing; it was left as it is`,
        });
      else applied.push(action);
    } catch (error) {
      applied.push({ kind: 'skip', entry: action.entry, reason: `${action.entry.key ?? action.paper.id}: ${errorText(error)}` });
    }
  }
  const summary = summarizeImport(applied, take);
  output.appendLine(`Imported ${name}: ${summary.added} added, ${summary.merged} merged, ${summary.skipped} skipped.`);
  for (const line of summary.details) output.appendLine(`  ${line}`);
  void vscode.window
    .showInformationMessage(`Imported ${name}: ${summary.added} added, ${summary.merged} merged, ${summary.skipped} skipped.`, 'Show Details')
    .then((pick) => {
      if (pick) output.show(true);
    });
  return summary;
}

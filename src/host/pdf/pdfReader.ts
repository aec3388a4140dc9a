import * as vscode from 'vscode';
import { registerCommand } from '../wake/commandRegistry';
import { openPdfHighlightCommand } from '../../core/links/pdfLinks';
import type { Paper } from '../../core/paper';
import { pdfDownloadUrl } from '../../core/pdf/cacheName';
import { PdfDownloadError, pdfDownloadFailureMessage } from '../../core/pdf/pdfDownload';
import { toPaperRef, toRevealTarget } from '../../core/pdf/paperRef';
import type { LibraryService } from '../library/libraryService';
import { handToBuiltInEditor, offWithoutAssociation, watchDefaultReaderSetting } from './defaultReader';
import { guarded } from '../errorMessages';
import { exportHighlights, openPdfHighlight, type HighlightCommandDeps } from './highlightCommands';
import { PdfCache } from './pdfCache';
import { arxivPdfBase, keepPdfPictures, pdfThreadIdleMs } from './pdfConfig';
import { PdfHighlightStore } from './pdfHighlightStore';
import { canRunPdfThread, IDLE_STOP_MS, SharedPdfThread } from './hostPdfWorker';
import { PdfReaderProvider, pdfReaderViewType } from './pdfReaderProvider';
import { PdfViewStates } from './pdfViewStates';
import { LastPictures } from './lastPictures';

export { pdfReaderViewType };

export interface PdfReaderOptions {
  /** Finds a paper Marginalia knows (feeds, recent papers, library) by id. */
  readonly findPaper: (id: string) => Promise<Paper | undefined>;
  /** Asks arXiv for a paper Marginalia does not know (for the title of a new note file); may give up. */
  readonly lookupPaper?: (arxivId: string) => Promise<Paper | undefined>;
  /** Where highlights are kept: the notes. */
  readonly library: LibraryService;
  readonly log: (message: string) => void;
  /** For tests of the cache; the global `fetch` otherwise. */
  readonly fetch?: typeof fetch;
}

/**
 * Builds the PDF reader: the custom editor's provider (registered by src/extension.ts at activation), the download
 * cache, and their commands and settings.
 */
export function registerPdfReader(
  context: vscode.ExtensionContext,
  options: PdfReaderOptions,
): { readonly provider: vscode.CustomReadonlyEditorProvider; readonly disposables: vscode.Disposable[] } {
  const cache = new PdfCache(vscode.Uri.joinPath(context.globalStorageUri, 'pdf'), arxivPdfBase, options.fetch);
  const highlights = new PdfHighlightStore({
    library: options.library,
    cachedPaperId: (uri) => cache.paperIdOf(uri),
    findPaper: options.findPaper,
    lookupPaper: options.lookupPaper,
    log: options.log,
  });
  // pdf.js's worker for every reader, in a thread of this extension host (Node hosts only).
  const threadScript = vscode.Uri.joinPath(context.extensionUri, 'dist', 'pdfWorkerThread.js').fsPath;
  const assetRoot = vscode.Uri.joinPath(context.extensionUri, 'dist', 'media', 'pdfjs').fsPath;
  const pdfThread = canRunPdfThread()
    ? new SharedPdfThread(threadScript, assetRoot, options.log, { idleStopMs: () => pdfThreadIdleMs(IDLE_STOP_MS) })
    : undefined;
  const pictures = new LastPictures(vscode.Uri.joinPath(context.globalStorageUri, 'pdf-pictures'), options.log);
  // Turned off, here or while Marginalia slept (the setting wakes it): the pictures kept go.
  if (!keepPdfPictures()) pictures.clear();
  const provider: PdfReaderProvider = new PdfReaderProvider({
    offAtWake: offWithoutAssociation(pdfReaderViewType),
    handOver: (uri, panel) => handToBuiltInEditor(pdfReaderViewType, uri, panel, { log: options.log, openInReader: (u) => provider.open(u) }),
    extensionUri: context.extensionUri,
    pdfThread,
    states: new PdfViewStates(context.globalState),
    pictures,
    highlights,
    keyOf: (uri) => {
      const paperId = cache.paperIdOf(uri);
      return paperId ? `paper:${paperId}` : uri.toString();
    },
    log: options.log,
  });

  /** Opens a paper's PDF in the reader (downloading it first if needed); resolves with the local file. */
  const openPaperPdf = async (arg?: unknown, target?: unknown): Promise<vscode.Uri | undefined> => {
    let input = arg;
    if (input === undefined) {
      input = await vscode.window.showInputBox({ title: 'Open Paper PDF', prompt: 'An arXiv id or URL, or a paper id', placeHolder: '1706.03762' });
      if (input === undefined) return undefined;
    }
    const ref = await toPaperRef(input, options.findPaper);
    if (!ref) throw new Error(`Marginalia cannot find a PDF for ${typeof input === 'string' ? `"${input}"` : 'that paper'}.`);
    let uri: vscode.Uri | undefined;
    try {
      uri = await cache.ensure(ref);
    } catch (error) {
      if (!(error instanceof PdfDownloadError) || error.kind === 'cancelled') throw error;
      // Offline: say so, and offer to try again (back online) or to read it in the browser.
      const url = pdfDownloadUrl(ref, arxivPdfBase());
      const actions = url ? ['Retry', 'Open in Browser'] : ['Retry'];
      void vscode.window.showErrorMessage(pdfDownloadFailureMessage(ref.title ?? ref.id, error), ...actions).then(async (choice) => {
        if (choice === 'Retry') await vscode.commands.executeCommand('marginalia.openPaperPdf', arg, target);
        else if (choice === 'Open in Browser' && url) await vscode.env.openExternal(vscode.Uri.parse(url));
      });
      return undefined;
    }
    if (!uri) return undefined;
    await provider.open(uri, toRevealTarget(target));
    return uri;
  };

  const commandDeps: HighlightCommandDeps = {
    library: options.library,
    store: highlights,
    provider,
    openPaperPdf: (paperId, target) => openPaperPdf(paperId, target),
    paperTitle: async (id) => (await options.findPaper(id))?.title,
  };

  const disposables = [
    highlights,
    provider,
    { dispose: () => pdfThread?.dispose() },
    registerCommand('marginalia.openPaperPdf', guarded(openPaperPdf)),
    registerCommand('marginalia.pdf.find', () => provider.activeEditor?.openFind()),
    // `({ note, paper? })` or `(noteId)`: the links in note files, the paper view and hovers.
    registerCommand(
      openPdfHighlightCommand,
      guarded((...args: unknown[]) => openPdfHighlight(commandDeps, ...args)),
    ),
    registerCommand(
      'marginalia.exportHighlights',
      guarded((arg?: unknown) => exportHighlights(commandDeps, arg)),
    ),
    watchDefaultReaderSetting(pdfReaderViewType, options.log),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('marginalia.pdf.keepPictures') && !keepPdfPictures()) pictures.clear();
    }),
  ];
  return { provider, disposables };
}

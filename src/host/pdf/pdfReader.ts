import * as vscode from 'vscode';
import { parseArxivId } from '../../core/arxivId';
import type { PdfPaperRef } from '../../core/pdf/cacheName';
import { watchDefaultReaderSetting } from './defaultReader';
import { PdfCache } from './pdfCache';
import { arxivPdfBase } from './pdfConfig';
import { PdfHighlightStore } from './pdfHighlightStore';
import { PdfReaderProvider, pdfReaderViewType, type RevealTarget } from './pdfReaderProvider';
import { PdfViewStates } from './pdfViewStates';

export { pdfReaderViewType };

export interface PdfReaderOptions {
  /** Finds a paper Marginalia knows (feeds, recent papers, library) by id. */
  readonly findPaper: (id: string) => Promise<PdfPaperRef | undefined>;
  readonly log: (message: string) => void;
  /** For tests of the cache; the global `fetch` otherwise. */
  readonly fetch?: typeof fetch;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optStr = (v: unknown, max: number) => (typeof v === 'string' && v.length <= max ? v : undefined);

/**
 * What `marginalia.openPaperPdf` was given, as a paper ref: a paper id or arXiv id/URL (string), or anything shaped
 * like a paper (`{ id, title?, arxivId?, version?, links: { pdf? } }`). Command arguments can come from command
 * links in Markdown, so they are checked like webview messages.
 */
export async function toPaperRef(arg: unknown, findPaper: PdfReaderOptions['findPaper']): Promise<PdfPaperRef | undefined> {
  if (typeof arg === 'string') {
    const text = arg.trim();
    if (!text || text.length > 2048) return undefined;
    const known = await findPaper(text);
    if (known) return known;
    const arxiv = parseArxivId(text);
    if (!arxiv) return undefined;
    // An arXiv URL or versioned id of a known paper: the paper, at the version asked for.
    const paper = await findPaper(arxiv.id);
    return paper ? { ...paper, version: arxiv.version ?? paper.version } : { id: arxiv.id, arxivId: arxiv.id, version: arxiv.version };
  }
  if (!isObj(arg)) return undefined;
  const id = optStr(arg.id, 300);
  if (!id) return undefined;
  const links = isObj(arg.links) ? { pdf: optStr(arg.links.pdf, 2048) } : undefined;
  const version = typeof arg.version === 'number' && Number.isInteger(arg.version) && arg.version > 0 && arg.version < 10_000 ? arg.version : undefined;
  return { id, arxivId: optStr(arg.arxivId, 100), version, title: optStr(arg.title, 1000), links };
}

function toRevealTarget(arg: unknown): RevealTarget | undefined {
  if (!isObj(arg)) return undefined;
  const page = typeof arg.page === 'number' && Number.isInteger(arg.page) && arg.page >= 1 ? arg.page : undefined;
  const highlightId = optStr(arg.highlightId, 100);
  return page !== undefined || highlightId ? { page, highlightId } : undefined;
}

/** Registers the PDF reader: the custom editor, the download cache, and their commands and settings. */
export function registerPdfReader(context: vscode.ExtensionContext, options: PdfReaderOptions): vscode.Disposable[] {
  const cache = new PdfCache(vscode.Uri.joinPath(context.globalStorageUri, 'pdf'), arxivPdfBase, options.fetch);
  const highlights = new PdfHighlightStore();
  const provider = new PdfReaderProvider({
    extensionUri: context.extensionUri,
    states: new PdfViewStates(context.globalState),
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
    const uri = await cache.ensure(ref);
    if (!uri) return undefined;
    const reveal = toRevealTarget(target);
    if (reveal) provider.reveal(uri, reveal);
    await vscode.commands.executeCommand('vscode.openWith', uri, pdfReaderViewType);
    return uri;
  };

  const guarded =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await run(...args);
      } catch (error) {
        void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
        return undefined;
      }
    };

  return [
    highlights,
    provider,
    vscode.window.registerCustomEditorProvider(pdfReaderViewType, provider, {
      supportsMultipleEditorsPerDocument: true,
      // Off (the default): a hidden reader is rebuilt from its state when shown again, so a background tab costs
      // no renderer memory; reopening a paper takes about as long as its first page (see the README's figures).
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.commands.registerCommand('marginalia.openPaperPdf', guarded(openPaperPdf)),
    vscode.commands.registerCommand('marginalia.pdf.find', () => provider.activeEditor?.openFind()),
    watchDefaultReaderSetting(pdfReaderViewType, options.log),
  ];
}

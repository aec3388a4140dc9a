/**
 * The argument of `marginalia.openPaperPdf`, checked: command arguments can come from command links in Markdown
 * (the notes will link to PDF pages), so they are treated like webview messages.
 */
import { parseArxivId } from '../arxivId';
import type { PdfPaperRef } from './cacheName';

/** Where to take the reader once the document is open. */
export interface RevealTarget {
  readonly page?: number;
  readonly highlightId?: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optStr = (v: unknown, max: number) => (typeof v === 'string' && v.length <= max ? v : undefined);

/**
 * What `marginalia.openPaperPdf` was given, as a paper ref: a paper id or arXiv id/URL (string), or anything shaped
 * like a paper (`{ id, title?, arxivId?, version?, links: { pdf? } }`). Command arguments can come from command
 * links in Markdown, so they are checked like webview messages.
 */
export async function toPaperRef(arg: unknown, findPaper: (id: string) => Promise<PdfPaperRef | undefined>): Promise<PdfPaperRef | undefined> {
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
  // Only a real arXiv id becomes part of a download URL and a file name.
  const arxivId = typeof arg.arxivId === 'string' && parseArxivId(arg.arxivId)?.id === arg.arxivId ? arg.arxivId : undefined;
  return { id, arxivId, version, title: optStr(arg.title, 1000), links };
}

export function toRevealTarget(arg: unknown): RevealTarget | undefined {
  if (!isObj(arg)) return undefined;
  const page = typeof arg.page === 'number' && Number.isInteger(arg.page) && arg.page >= 1 ? arg.page : undefined;
  const highlightId = optStr(arg.highlightId, 100);
  return page !== undefined || highlightId ? { page, highlightId } : undefined;
}

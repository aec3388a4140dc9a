/**
 * Links to a highlight in the PDF reader, from the highlight's own section in the note file, the paper view and
 * hovers in code:
 *
 *   [Open p. 5 in the PDF](command:marginalia.openPdfHighlight?%5B%22k3j2m9qa%22%5D)
 *   command:marginalia.openPdfHighlight?[{"paper":"1706.03762","note":"k3j2m9qa"}]   (decoded)
 *   vscode://marginalia.marginalia/pdf?note=k3j2m9qa&paper=1706.03762              (the Markdown preview's form)
 *
 * The note id is enough: the command finds the note file that has it (the active editor's first, then the
 * library). A paper id, when given, says which file to look in first. Arguments come from files anyone may have
 * written, so they are checked like webview messages.
 */
import { extensionId } from './commandLinks';

export const openPdfHighlightCommand = 'marginalia.openPdfHighlight';

export interface PdfHighlightTarget {
  /** The highlight's note id. */
  readonly note: string;
  /** The front matter id of the note file that has it, when known. */
  readonly paper?: string;
}

const NOTE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Paper ids of PDFs outside arXiv are `pdf:<workspace path>`: any printable text, looked up, never used as a path. */
const PAPER_ID = /^[^\p{Cc}\p{Cs}\u2028\u2029]{1,1100}$/u;

/** The command URI that opens the PDF at a highlight. */
export function openPdfHighlightCommandUri(target: PdfHighlightTarget): string {
  const arg = target.paper !== undefined && PAPER_ID.test(target.paper) ? { paper: target.paper, note: target.note } : target.note;
  return `command:${openPdfHighlightCommand}?${encodeURIComponent(JSON.stringify([arg]))}`;
}

/** Reads the command's arguments: `(noteId)`, `({ note, paper? })`, or either wrapped in an array. */
export function parseOpenPdfHighlightArgs(args: readonly unknown[]): PdfHighlightTarget | { readonly error: string } {
  let [first] = args;
  if (Array.isArray(first) && args.length === 1) [first] = first as unknown[];
  let note: unknown = first;
  let paper: unknown;
  if (typeof first === 'object' && first !== null) {
    const o = first as Record<string, unknown>;
    note = o.note;
    paper = o.paper;
  }
  if (typeof note !== 'string' || !NOTE_ID.test(note)) return { error: 'Open Highlight needs the note id of a highlight (letters, digits, _ and -).' };
  if (paper !== undefined && (typeof paper !== 'string' || !PAPER_ID.test(paper))) return { error: 'The paper of an Open Highlight link must be a paper id.' };
  return { note, ...(paper !== undefined ? { paper } : {}) };
}

/** `vscode://marginalia.marginalia/pdf?note=…&paper=…` (the scheme is the product's). */
export function openPdfHighlightUri(scheme: string, target: PdfHighlightTarget): string {
  const query = new URLSearchParams({ note: target.note, ...(target.paper !== undefined ? { paper: target.paper } : {}) });
  return `${scheme}://${extensionId}/pdf?${query.toString()}`;
}

/** What a `vscode://marginalia.marginalia/pdf?…` URI asks for, or undefined when it is not one. */
export function parsePdfHighlightUri(path: string, query: string): PdfHighlightTarget | undefined {
  if (path.replace(/\/+$/, '') !== '/pdf') return undefined;
  const params = new URLSearchParams(query);
  const parsed = parseOpenPdfHighlightArgs([{ note: params.get('note') ?? undefined, paper: params.get('paper') ?? undefined }]);
  return 'error' in parsed ? undefined : parsed;
}

/** For the Markdown preview: our own highlight command link as a `vscode:` URI; undefined for any other link. */
export function previewPdfHrefFor(href: string, scheme: string): string | undefined {
  const prefix = `command:${openPdfHighlightCommand}`;
  if (!href.startsWith(prefix)) return undefined;
  const rest = href.slice(prefix.length);
  if (!rest.startsWith('?')) return undefined;
  let args: unknown[];
  try {
    const value: unknown = JSON.parse(decodeURIComponent(rest.slice(1)));
    args = Array.isArray(value) ? value : [value];
  } catch {
    return undefined;
  }
  const parsed = parseOpenPdfHighlightArgs(args);
  return 'error' in parsed ? undefined : openPdfHighlightUri(scheme, parsed);
}

/**
 * The line a highlight's section carries under its quote, so the note file itself opens the PDF there. Marginalia
 * writes it and reads past it (it is not part of the note's text); `isPdfLinkLine` recognises exactly this form.
 */
export function pdfLinkLine(noteId: string, page: number): string {
  return `[Open p. ${page} in the PDF](${openPdfHighlightCommandUri({ note: noteId })})`;
}

const LINK_LINE = /^\[Open p\. \d{1,6} in the PDF\]\(command:marginalia\.openPdfHighlight\?[A-Za-z0-9%._~!*'-]*\)[ \t]*$/;

export function isPdfLinkLine(line: string): boolean {
  return LINK_LINE.test(line);
}

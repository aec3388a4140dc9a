/**
 * Links into the paper view, written in notes, code comments and hovers:
 *
 *   [see the paper](command:marginalia.openPaper?%5B%222312.00752%22%5D)
 *   [the selection passage](command:marginalia.openPaper?%7B%22id%22%3A%222312.00752%22%2C%22passage%22%3A%22k3j2m9qa%22%7D)
 *   vscode://marginalia.marginalia/open?id=2312.00752&passage=k3j2m9qa
 *
 * `command:` links work in hovers and in Markdown opened in the editor. VS Code's Markdown preview does not run
 * command links (a security decision of VS Code's), but it lets `vscode:` links through to the extension's URI
 * handler, so the preview plugin rewrites our own command links into that form.
 */
import { parseArxivId } from '../arxivId';

export const openPaperCommand = 'marginalia.openPaper';
/** `publisher.name` of the extension: the authority of its `vscode://` links. */
export const extensionId = 'marginalia.marginalia';

/** Where a link into the paper view goes: a paper, and optionally one of its notes (a passage). */
export interface PaperTarget {
  readonly id: string;
  /** A note id in the paper's note file. */
  readonly passage?: string;
}

export interface OpenPaperRequest extends PaperTarget {
  readonly toSide?: boolean;
}

const NOTE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Non-arXiv paper ids (`title:some-slug`): plain characters only, since they travel through URIs and messages. */
const OTHER_ID = /^[A-Za-z0-9][\w.:/-]{0,299}$/;

/** The paper id a link means: arXiv ids in any spelling become the canonical id; other ids pass when plain. */
export function normalisePaperId(raw: string): string | undefined {
  const text = raw.trim();
  const arxiv = parseArxivId(text);
  if (arxiv) return arxiv.id;
  return OTHER_ID.test(text) ? text : undefined;
}

/** The command URI that opens a paper (and a passage), as used in hovers and notes. */
export function openPaperCommandUri(target: PaperTarget): string {
  const arg = target.passage ? { id: target.id, passage: target.passage } : target.id;
  return `command:${openPaperCommand}?${encodeURIComponent(JSON.stringify([arg]))}`;
}

/**
 * Reads the arguments `marginalia.openPaper` was called with: `(id)`, `(id, { toSide })`, `({ id, passage })`,
 * or the same wrapped in an array (as a command URI's JSON may be). Anything else is an error for the user.
 */
export function parseOpenPaperArgs(args: readonly unknown[]): OpenPaperRequest | { readonly error: string } {
  let [first, second] = args;
  if (Array.isArray(first) && args.length === 1) [first, second] = first as unknown[];
  const options = typeof second === 'object' && second !== null ? (second as Record<string, unknown>) : {};
  let rawId: unknown = first;
  let passage: unknown;
  if (typeof first === 'object' && first !== null) {
    const o = first as Record<string, unknown>;
    rawId = o.id;
    passage = o.passage;
  }
  if (typeof rawId !== 'string') return { error: 'Open Paper needs a paper id, such as "2312.00752".' };
  const id = normalisePaperId(rawId);
  if (!id) return { error: `"${rawId.slice(0, 80)}" is not a paper id.` };
  if (passage !== undefined && (typeof passage !== 'string' || !NOTE_ID.test(passage))) {
    return { error: 'The passage of an Open Paper link must be a note id (letters, digits, _ and -).' };
  }
  const toSide = options.toSide === true || (typeof first === 'object' && first !== null && (first as Record<string, unknown>).toSide === true);
  return { id, ...(passage ? { passage } : {}), ...(toSide ? { toSide } : {}) };
}

/** `vscode://marginalia.marginalia/open?id=…&passage=…` (the scheme is the product's: vscode, vscode-insiders, …). */
export function openPaperUri(scheme: string, target: PaperTarget): string {
  const query = new URLSearchParams({ id: target.id, ...(target.passage ? { passage: target.passage } : {}) });
  return `${scheme}://${extensionId}/open?${query.toString()}`;
}

/** What a `vscode://marginalia.marginalia/…` URI asks for, given its path and query. */
export function parseOpenPaperUri(path: string, query: string): OpenPaperRequest | undefined {
  if (path.replace(/\/+$/, '') !== '/open') return undefined;
  const params = new URLSearchParams(query);
  const parsed = parseOpenPaperArgs([{ id: params.get('id') ?? undefined, passage: params.get('passage') ?? undefined }]);
  return 'error' in parsed ? undefined : parsed;
}

/**
 * For the Markdown preview: our own `command:marginalia.openPaper?…` link as a `vscode:` URI the preview lets
 * through; undefined for every other link, which stays as it is.
 */
export function previewHrefFor(href: string, scheme: string): string | undefined {
  const prefix = `command:${openPaperCommand}`;
  if (!href.startsWith(prefix)) return undefined;
  const rest = href.slice(prefix.length);
  if (rest !== '' && !rest.startsWith('?')) return undefined;
  let args: unknown[] = [];
  if (rest.length > 1) {
    try {
      const value: unknown = JSON.parse(decodeURIComponent(rest.slice(1)));
      args = Array.isArray(value) ? value : [value];
    } catch {
      return undefined;
    }
  }
  const parsed = parseOpenPaperArgs(args);
  return 'error' in parsed ? undefined : openPaperUri(scheme, parsed);
}

/** A link into the paper view written as text (in a code comment, a docstring, any file). */
export interface PaperLinkInText extends PaperTarget {
  /** Offsets in the scanned line. */
  readonly start: number;
  readonly end: number;
}

/** Our command URI or `<scheme>://marginalia.marginalia/open?…`, up to whitespace or a closing bracket or quote. */
const LINK_IN_TEXT = /command:marginalia\.openPaper\?[^\s)\]>"'`]+|\b[a-z][a-z0-9+.-]*:\/\/marginalia\.marginalia\/open\?[^\s)\]>"'`]+/gi;

/**
 * The links into the paper view in one line of text, so code comments can point at a paper or a passage. Only links
 * that name a valid paper (and passage) count; each is given back as its target, never as the text it was written as.
 */
export function paperLinksInLine(line: string): PaperLinkInText[] {
  const out: PaperLinkInText[] = [];
  for (const match of line.matchAll(LINK_IN_TEXT)) {
    const text = match[0].replace(/[.,;:]+$/, '');
    let target: PaperTarget | undefined;
    if (text.startsWith('command:')) {
      const uri = previewHrefFor(text, 'vscode');
      const query = uri?.slice(uri.indexOf('?') + 1);
      target = query !== undefined ? parseOpenPaperUri('/open', query) : undefined;
    } else {
      const rest = text.slice(text.indexOf('://marginalia.marginalia') + '://marginalia.marginalia'.length);
      const at = rest.indexOf('?');
      target = parseOpenPaperUri(rest.slice(0, at), rest.slice(at + 1));
    }
    if (target) out.push({ id: target.id, ...(target.passage ? { passage: target.passage } : {}), start: match.index, end: match.index + text.length });
  }
  return out;
}

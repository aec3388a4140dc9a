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

/**
 * Where a link written in text starts: our command URI or `<scheme>://marginalia.marginalia/open?`, any case. A
 * fixed string, so finding them is linear in the line; the scheme before `://` and the rest of the link are read
 * by hand around each one (a pattern like `\b[a-z][a-z0-9+.-]*:\/\/…` is tried at every word start and walks the
 * whole word each time: quadratic on a 200,000-character line of `a.a.a.…`).
 */
const LINK_MARK = /command:marginalia\.openPaper\?|:\/\/marginalia\.marginalia\/open\?/gi;

/** A link ends at whitespace or a closing bracket or quote. */
function endsLink(code: number, ch: string): boolean {
  return code === 0x29 || code === 0x5d || code === 0x3e || code === 0x22 || code === 0x27 || code === 0x60 || /\s/.test(ch);
}

const isAsciiLetter = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
const isAsciiDigit = (code: number) => code >= 0x30 && code <= 0x39;
/** A character of a URI scheme after its first: letters, digits, `+`, `.`, `-`. */
const isSchemeChar = (code: number) => isAsciiLetter(code) || isAsciiDigit(code) || code === 0x2b || code === 0x2e || code === 0x2d;
/** A word character as `\b` sees it. */
const isWordChar = (code: number) => isAsciiLetter(code) || isAsciiDigit(code) || code === 0x5f;

/**
 * The first place at or after `from` where a scheme ending just before `colon` may start: a letter at the start of
 * a word, followed by scheme characters up to the colon. -1 when there is none.
 */
function schemeStart(line: string, colon: number, from: number): number {
  let runStart = colon;
  while (runStart > from && isSchemeChar(line.charCodeAt(runStart - 1))) runStart--;
  for (let q = runStart; q < colon; q++) {
    if (isAsciiLetter(line.charCodeAt(q)) && (q === 0 || !isWordChar(line.charCodeAt(q - 1)))) return q;
  }
  return -1;
}

/**
 * The links into the paper view in one line of text, so code comments can point at a paper or a passage. Only links
 * that name a valid paper (and passage) count; each is given back as its target, never as the text it was written as.
 * Linear in the line's length: each character is read a bounded number of times.
 */
export function paperLinksInLine(line: string): PaperLinkInText[] {
  const out: PaperLinkInText[] = [];
  let lastEnd = 0;
  LINK_MARK.lastIndex = 0;
  for (let mark = LINK_MARK.exec(line); mark; mark = LINK_MARK.exec(line)) {
    const isCommand = mark[0].charCodeAt(0) !== 0x3a;
    const start = isCommand ? mark.index : schemeStart(line, mark.index, lastEnd);
    if (start < lastEnd || start < 0) continue;
    let end = mark.index + mark[0].length;
    while (end < line.length && !endsLink(line.charCodeAt(end), line[end]!)) end++;
    if (end === mark.index + mark[0].length) continue;
    lastEnd = end;
    LINK_MARK.lastIndex = Math.max(LINK_MARK.lastIndex, end);
    // A full stop or comma after a link ends the sentence, not the link.
    let textEnd = end;
    while (textEnd > start && /[.,;:]/.test(line[textEnd - 1]!)) textEnd--;
    const text = line.slice(start, textEnd);
    let target: PaperTarget | undefined;
    if (isCommand) {
      const uri = previewHrefFor(text, 'vscode');
      const query = uri?.slice(uri.indexOf('?') + 1);
      target = query !== undefined ? parseOpenPaperUri('/open', query) : undefined;
    } else {
      const rest = text.slice(mark.index - start + '://marginalia.marginalia'.length);
      const at = rest.indexOf('?');
      target = parseOpenPaperUri(rest.slice(0, at), rest.slice(at + 1));
    }
    if (target) out.push({ id: target.id, ...(target.passage ? { passage: target.passage } : {}), start, end: textEnd });
  }
  return out;
}

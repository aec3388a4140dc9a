/**
 * One entry point for every feed Marginalia reads: decodes the bytes, recognises the format by its content
 * (never by the file name or content type alone: files get renamed and servers mislabel) and dispatches to the parser.
 *
 * Whatever the input, the outcome is a FeedParseResult or a FeedError whose message says what was expected and what
 * came instead; anything else thrown inside a parser is a bug we still turn into a FeedError rather than let escape.
 */
import type { FeedParseResult, Paper } from '../paper';
import { decodeLatexAccents } from '../text/latexText';
import { looksLikeAtom, parseArxivAtom } from './arxivAtom';
import { looksLikeArxivListing, parseArxivListing } from './arxivListing';
import { looksLikeOaiPmh, parseOaiPmh } from './oaiPmh';
import { looksLikeSnapshot, parseSnapshotText } from './arxivSnapshot';
import { parseDailyPapersText } from './dailyPapersText';
import { FeedError } from './feedError';
import { Mutable, preview } from './feedText';
import { describeJson, hfDailyItems, parseHfDailyJson } from './hfDaily';
import { boundPaperText } from './paperBounds';
import { describeText, isDailyPapersShape } from './textKind';

/** What the caller knows about where the input came from; used for messages only. */
export interface FeedHint {
  readonly fileName?: string;
  readonly httpStatus?: number;
  readonly contentType?: string;
}

const EXPECTED =
  'Expected Hugging Face daily papers JSON, an arXiv API Atom feed, an arXiv RSS or Atom listing, an OAI-PMH response, the arXiv metadata snapshot, or a Daily Papers page as text';

/**
 * Text from bytes: UTF-8 unless a UTF-16 byte order mark says otherwise (Windows editors save text that way).
 * Invalid sequences become U+FFFD instead of failing, so a damaged file still yields what it can.
 */
export function decodeFeedBytes(bytes: Uint8Array): string {
  let encoding = 'utf-8';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  // The decoder drops the byte order mark itself (ignoreBOM: false).
  return new TextDecoder(encoding, { fatal: false }).decode(bytes);
}

/** Detects the format of `input` and parses it; free text is cut to `paperTextLimits`. Throws FeedError only. */
export function parseFeed(input: string | Uint8Array, hint: FeedHint = {}): FeedParseResult {
  try {
    const result = withAccentsDecoded(dispatch(typeof input === 'string' ? input.replace(/^\uFEFF/, '') : decodeFeedBytes(input), hint));
    return { ...result, papers: result.papers.map(boundPaperText) };
  } catch (error) {
    if (error instanceof FeedError) throw error;
    // A parser bug must not surface as a TypeError in the user's face; keep the cause in the message.
    throw new FeedError('malformed', `The feed could not be read (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}).`);
  }
}

/**
 * Every feed's text with LaTeX accents as characters (arXiv metadata is TeX: `M\\'elange`, `M{\\"u}ller`), so the
 * list, search, the paper view and notes all read `Mélange`. Ids stay as the parser made them: notes are keyed by them.
 */
function withAccentsDecoded(result: FeedParseResult): FeedParseResult {
  const papers = result.papers.map((paper) => {
    const out: Mutable<Paper> = { ...paper, title: decodeLatexAccents(paper.title), abstract: decodeLatexAccents(paper.abstract) };
    if (paper.authors.some((a) => a.name.includes('\\') || a.affiliations?.some((f) => f.includes('\\')))) {
      out.authors = paper.authors.map((a) => ({
        ...a,
        name: decodeLatexAccents(a.name),
        ...(a.affiliations ? { affiliations: a.affiliations.map(decodeLatexAccents) } : {}),
      }));
    }
    if (paper.aiSummary !== undefined) out.aiSummary = decodeLatexAccents(paper.aiSummary);
    if (paper.comment !== undefined) out.comment = decodeLatexAccents(paper.comment);
    return out;
  });
  return { ...result, papers };
}

function dispatch(text: string, hint: FeedHint): FeedParseResult {
  const body = text.trimStart();
  const where = source(hint);
  const refuse = (got: string): never => {
    throw new FeedError('unrecognised-format', `${EXPECTED}; got ${got}${where}.`, got);
  };
  if (body.length === 0) refuse('an empty document');

  // "[2312.00752] Title" starts a pasted list, not JSON.
  const bracketedId = /^\[(?:arxiv:)?\s*[\w./-]+\]\s+\S/i.test(body);
  // The arXiv metadata snapshot and extracts of it: JSON Lines, one paper a line.
  if (body.startsWith('{') && looksLikeSnapshot(body.slice(0, 100_000))) return parseSnapshotText(body);
  if ((body.startsWith('{') || body.startsWith('[')) && !bracketedId) {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      throw new FeedError('malformed', `The feed${where} looks like JSON but is not valid JSON (${error instanceof Error ? error.message : 'parse error'}).`);
    }
    if (hfDailyItems(value) === undefined) refuse(describeLibraryJson(value) ?? describeJson(value));
    return parseHfDailyJson(value);
  }

  if (body.startsWith('<')) {
    const head = body.slice(0, 4096);
    // arXiv's daily listings come as RSS or as Atom; the Atom ones say they are from rss.arxiv.org.
    if (looksLikeArxivListing(head)) {
      try {
        return parseArxivListing(body);
      } catch (error) {
        if (error instanceof FeedError && error.kind === 'unrecognised-format' && error.got) refuse(error.got);
        throw error;
      }
    }
    if (looksLikeAtom(head)) return parseArxivAtom(body);
    if (looksLikeOaiPmh(head)) {
      const page = parseOaiPmh(body);
      if (page.verb !== 'GetRecord' && page.verb !== 'ListRecords' && page.verb !== 'ListIdentifiers')
        refuse(`an OAI-PMH ${page.verb ?? 'response'} answer, which lists no papers`);
      return page;
    }
    refuse(describeMarkup(head));
  }

  if (body.startsWith('%PDF-')) refuse('a PDF file');
  if (looksBinary(body)) refuse('binary data');
  const kind = describeText(body);
  if (kind) refuse(kind);

  const result = parseDailyPapersText(text);
  if (result.papers.length === 0) {
    throw new FeedError(
      'unrecognised-format',
      `${EXPECTED}; got text without any title followed by an abstract${where} (it starts "${preview(body, 40)}").`,
      'text without any title followed by an abstract',
    );
  }
  // The text parser finds "papers" in nearly any text: only text shaped like a page is read as one.
  if (!isDailyPapersShape(text, result)) {
    throw new FeedError(
      'unrecognised-format',
      `${EXPECTED}; got text that is not a Daily Papers page${where} (it starts "${preview(body, 40)}").`,
      'text that is not a Daily Papers page',
    );
  }
  return result;
}

/** Reference managers' JSON exports, which people try to import as feeds. */
function describeLibraryJson(value: unknown): string | undefined {
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isRecord(value) && isRecord(value['config']) && Array.isArray(value['items'])) return 'a Zotero (Better BibTeX) JSON export';
  if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.slice(0, 20).every((v) => isRecord(v) && typeof v['type'] === 'string' && ('title' in v || 'author' in v))
  ) {
    return 'a CSL JSON library (a reference manager export)';
  }
  return undefined;
}

function describeMarkup(head: string): string {
  if (/<!doctype\s+html|<html[\s>]/i.test(head)) return 'an HTML page (a login, error or captcha page?)';
  if (/<rss[\s>]/i.test(head)) return 'an RSS feed (only arXiv API Atom feeds are read)';
  if (/<rdf:RDF[\s>]/.test(head)) return 'an RDF file (a Zotero RDF export?)';
  const root = /<(?![?!])([A-Za-z_][\w.:-]*)/.exec(head);
  return root ? `XML with the root element <${preview(root[1]!, 40)}>` : 'markup that is neither JSON nor XML';
}

/** NUL bytes or many replacement characters: not text anyone pasted. */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  if (sample.includes('\u0000')) return true;
  const bad = sample.split('\uFFFD').length - 1;
  return bad > 8 && bad / sample.length > 0.05;
}

function source(hint: FeedHint): string {
  const parts: string[] = [];
  if (hint.fileName) parts.push(`in ${preview(hint.fileName, 80)}`);
  if (hint.httpStatus !== undefined && (hint.httpStatus < 200 || hint.httpStatus >= 300)) parts.push(`with HTTP ${hint.httpStatus}`);
  if (hint.contentType) parts.push(`(${preview(hint.contentType, 60)})`);
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

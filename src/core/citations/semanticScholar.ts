/**
 * Semantic Scholar's graph API answers (https://api.semanticscholar.org/api-docs/graph), read into the few fields
 * the paper view shows. Everything in an answer is optional in practice: `paperId` is null for references S2 could
 * not resolve, whole entries of a batch are null for unknown ids, a field not asked for is absent, `venue` is `''`.
 * Nothing here throws on a missing field; only an answer that is not the expected shape at all is an error.
 */
import { parseArxivId } from '../arxivId';
import { cutText, paperTextLimits } from '../feeds/paperBounds';

/** One paper on either side of a citation, as far as S2 knows it. */
export interface CitationPaper {
  /** S2's own id (40 hex digits); absent for references S2 could not resolve to a paper. */
  readonly s2Id?: string;
  /** Canonical arXiv id without version, from `externalIds.ArXiv`. */
  readonly arxivId?: string;
  /** From `externalIds.DOI`, lower-cased (DOIs are case-insensitive). */
  readonly doi?: string;
  readonly title: string;
  readonly year?: number;
  readonly authors: readonly string[];
  /** How many papers cite this one, when S2 said. */
  readonly citationCount?: number;
}

/** Papers that cite a paper (`citations`), or that it cites (`references`). */
export type CitationDirection = 'citations' | 'references';

/** One page of `/paper/{id}/citations` or `/paper/{id}/references`. */
export interface CitationPage {
  readonly direction: CitationDirection;
  readonly papers: readonly CitationPaper[];
  /** Entries left out: null, without a paper, or without a title. */
  readonly skipped: number;
  readonly offset: number;
  /** The offset of the next page; absent on the last page. */
  readonly next?: number;
}

export type CitationErrorKind =
  /** S2 has no such paper (HTTP 404). */
  | 'not-found'
  /** Too many requests (HTTP 429): try later. */
  | 'rate-limited'
  /** Any other error status. */
  | 'service-error'
  /** No answer: offline, refused, timed out. */
  | 'offline'
  /** The answer was larger than Marginalia reads. */
  | 'too-large'
  /** The user closed the paper first. */
  | 'cancelled'
  /** The answer is not what the graph API sends. */
  | 'malformed';

/** What went wrong, in a sentence for the user. */
export class CitationError extends Error {
  override readonly name = 'CitationError';
  constructor(
    readonly kind: CitationErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const SERVICE = 'Semantic Scholar';
const MAX_AUTHORS = 50;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  return trimmed === '' ? undefined : trimmed;
};
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);

/** A paper object of any graph endpoint (citingPaper, citedPaper, batch or search entry); undefined without a title. */
export function parseS2Paper(value: unknown): CitationPaper | undefined {
  if (!isObject(value)) return undefined;
  const fullTitle = text(value.title);
  if (fullTitle === undefined) return undefined;
  // A service is anyone's server (a mirror the user set): its text is cut like a feed's.
  const title = cutText(fullTitle, paperTextLimits.title);
  const ids = isObject(value.externalIds) ? value.externalIds : {};
  const arxiv = typeof ids.ArXiv === 'string' ? parseArxivId(ids.ArXiv) : undefined;
  const doi = text(ids.DOI)?.toLowerCase();
  const s2Id = typeof value.paperId === 'string' && /^[0-9a-f]{40}$/i.test(value.paperId) ? value.paperId.toLowerCase() : undefined;
  const year = count(value.year);
  const citationCount = count(value.citationCount);
  const authors = Array.isArray(value.authors)
    ? value.authors
        .map((author) => (isObject(author) ? text(author.name) : undefined))
        .filter((name): name is string => name !== undefined)
        .slice(0, MAX_AUTHORS)
        .map((name) => cutText(name, paperTextLimits.authorName))
    : [];
  return {
    ...(s2Id !== undefined && { s2Id }),
    ...(arxiv !== undefined && { arxivId: arxiv.id }),
    ...(doi !== undefined && { doi }),
    title,
    ...(year !== undefined && year > 0 && { year }),
    authors,
    ...(citationCount !== undefined && { citationCount }),
  };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new CitationError('malformed', `${SERVICE} sent something that is not JSON.`);
  }
}

/** A 200 answer of `/paper/{id}/citations` (entries hold `citingPaper`) or `/references` (`citedPaper`). */
export function parseCitationPage(direction: CitationDirection, body: string): CitationPage {
  const json = parseJson(body);
  if (isObject(json) && typeof json.error === 'string') throw new CitationError('service-error', `${SERVICE}: ${json.error}`);
  if (!isObject(json) || !Array.isArray(json.data)) {
    throw new CitationError('malformed', `${SERVICE} sent an answer without a list of ${direction}.`);
  }
  const field = direction === 'citations' ? 'citingPaper' : 'citedPaper';
  const papers: CitationPaper[] = [];
  let skipped = 0;
  for (const entry of json.data) {
    const paper = isObject(entry) ? parseS2Paper(entry[field]) : undefined;
    if (paper === undefined) skipped++;
    else papers.push(paper);
  }
  const next = count(json.next);
  return { direction, papers, skipped, offset: count(json.offset) ?? 0, ...(next !== undefined && { next }) };
}

/** The error of a non-200 answer: S2 sends `{"error": "..."}` (404) or `{"message": "..."}` (429, 5xx). */
export function citationErrorOf(status: number, body: string): CitationError {
  let detail: string | undefined;
  try {
    const json = JSON.parse(body) as unknown;
    if (isObject(json)) detail = text(json.error) ?? text(json.message);
  } catch {
    // Not JSON (a gateway's HTML page): the status says enough.
  }
  const short = detail !== undefined && detail.length <= 200 ? detail : undefined;
  if (status === 404) return new CitationError('not-found', `${SERVICE} does not know this paper${short ? ` (${short})` : ''}.`, status);
  if (status === 429) return new CitationError('rate-limited', `${SERVICE} asks to wait before more requests; try again in a minute.`, status);
  return new CitationError('service-error', `${SERVICE} answered HTTP ${status}${short ? `: ${short}` : ''}.`, status);
}

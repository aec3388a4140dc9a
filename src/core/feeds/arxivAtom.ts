/**
 * arXiv API Atom feeds (`https://export.arxiv.org/api/query`), both serializers:
 * - classic (until 2025): namespaces declared on each `arxiv:` / `opensearch:` element, hard-wrapped titles and
 *   summaries, `http://arxiv.org/...` links;
 * - current (2026): namespaces declared on the root, single-line summaries, `https://` links, errors as HTTP 400.
 * We read it with fast-xml-parser and drop namespace prefixes: the local names of the three namespaces arXiv uses
 * (Atom, `arxiv:`, `opensearch:`) do not collide, so `comment`, `doi`, `totalResults` are unambiguous whichever
 * prefix (or default namespace) a serializer picks.
 *
 * Errors arrive as a feed with one entry whose id is `http(s)://arxiv.org/api/errors#…` and title "Error" (HTTP 200
 * in the classic API, HTTP 400 now): that is arXiv telling the user what was wrong, so it becomes a FeedError of
 * kind 'service-error' with arXiv's words, never a paper.
 */
import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl, parseArxivId } from '../arxivId';
import type { Author, FeedParseResult, Paper, SkippedEntry } from '../paper';
import { extractRepoLinks } from '../repoLinks';
import { FeedError } from './feedError';
import { Mutable, collapseWhitespace, isoTimestamp, preview, unwrapParagraphs } from './feedText';

type Node = Record<string, unknown>;

const REPEATED = new Set(['entry', 'author', 'link', 'category', 'affiliation']);

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes what XML itself defines, in one pass: the five predefined entities and numeric character references
 * (`&#233;`, `&#xE9;`; fast-xml-parser's own decoder leaves those alone unless HTML entities are switched on).
 * Entities declared in a DOCTYPE are left as written: arXiv never declares any, and expanding them is how
 * "billion laughs" documents blow up.
 */
const xmlEntityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: (value) =>
    value.includes('&')
      ? value.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|(lt|gt|amp|quot|apos));/g, (match, dec?: string, hex?: string, name?: string) => {
          if (name !== undefined) return XML_ENTITIES[name] ?? match;
          const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
          const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
          return valid ? String.fromCodePoint(code) : '\uFFFD';
        })
      : value,
};

function makeParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    // Keep every value a string: ids such as `1111.2011` or DOIs must not turn into numbers.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    entityDecoder: xmlEntityDecoder,
    isArray: (name) => REPEATED.has(name),
  });
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first value of a child that may repeat. */
function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function all(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of an element (`<x>text</x>` or `<x a="1">text</x>`); markup inside is ignored. */
function text(value: unknown): string {
  const node = first(value);
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (isNode(node)) {
    const inner = node['#text'];
    return typeof inner === 'string' || typeof inner === 'number' ? String(inner) : '';
  }
  return '';
}

function attr(value: unknown, name: string): string | undefined {
  const node = first(value);
  if (!isNode(node)) return undefined;
  const v = node[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** True when the text looks like an Atom feed (root element `feed`, any prefix). Used by `parseFeed`. */
export function looksLikeAtom(head: string): boolean {
  return /<(?:[A-Za-z_][\w.-]*:)?feed[\s>/]/.test(stripProlog(head));
}

/** Skips the XML declaration, comments, processing instructions and a doctype to reach the root element. */
function stripProlog(head: string): string {
  let rest = head.trimStart();
  for (let guard = 0; guard < 50; guard++) {
    const next = rest.replace(/^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)\s*/i, '');
    if (next === rest) break;
    rest = next;
  }
  return rest;
}

/** Parses an arXiv API Atom document. Throws FeedError for broken XML, non-Atom XML and arXiv error feeds. */
export function parseArxivAtom(xml: string): FeedParseResult {
  let check: ReturnType<typeof XMLValidator.validate>;
  try {
    check = XMLValidator.validate(xml);
  } catch (error) {
    throw new FeedError('malformed', `The arXiv feed could not be checked as XML (${error instanceof Error ? error.message : 'validator error'}).`);
  }
  if (check !== true) {
    const { msg, line, col } = check.err;
    throw new FeedError('malformed', `The arXiv feed is not well-formed XML (line ${line}, column ${col}: ${msg}).`);
  }
  let doc: unknown;
  try {
    doc = makeParser().parse(xml);
  } catch (error) {
    throw new FeedError('malformed', `The arXiv feed could not be read as XML (${error instanceof Error ? error.message : 'parse error'}).`);
  }
  const root = isNode(doc) ? doc['feed'] : undefined;
  if (root === undefined) {
    throw new FeedError('malformed', 'Expected an arXiv API Atom feed (a <feed> root element); this XML has none.');
  }
  // `<feed/>` and `<feed>   </feed>` parse as strings: a feed with nothing in it.
  const feed: Node = isNode(root) ? root : {};
  const entries = all(feed['entry']);

  throwIfErrorFeed(entries);

  const papers: Paper[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    try {
      const paper = parseEntry(entry);
      if (typeof paper === 'string') {
        skipped.push({ index, reason: paper });
        return;
      }
      const dup = seen.get(paper.id);
      if (dup !== undefined) {
        skipped.push({ index, reason: `duplicate of entry ${dup} (${paper.id})` });
        return;
      }
      seen.set(paper.id, index);
      papers.push(paper);
    } catch (error) {
      skipped.push({ index, reason: `unreadable entry: ${error instanceof Error ? error.message : String(error)}` });
    }
  });

  const total = Number.parseInt(text(feed['totalResults']).trim(), 10);
  return {
    format: 'arxiv-atom',
    papers,
    skipped,
    ...(Number.isSafeInteger(total) && total >= 0 ? { totalResults: total } : {}),
  };
}

/** arXiv's error entries: id under `/api/errors`, or the "Error" title by the "arXiv api core" author. */
function throwIfErrorFeed(entries: readonly unknown[]): void {
  for (const entry of entries) {
    if (!isNode(entry)) continue;
    const id = text(entry['id']).trim();
    const title = collapseWhitespace(text(entry['title']));
    const byApi = all(entry['author']).some((a) => isNode(a) && collapseWhitespace(text(a['name'])).toLowerCase() === 'arxiv api core');
    if (/^https?:\/\/(?:export\.)?arxiv\.org\/api\/errors/i.test(id) || (title === 'Error' && byApi)) {
      const detail = collapseWhitespace(text(entry['summary'])) || (id.split('#')[1] ?? '').replace(/_/g, ' ') || 'unknown error';
      throw new FeedError('service-error', `arXiv rejected the query: ${preview(detail, 300)}.`);
    }
  }
}

/** Splits category terms into arXiv categories and other classification codes (MSC `68T05`, ACM `I.2.7`). */
function splitCategories(terms: readonly string[]): { categories: string[]; classifications: string[] } {
  const categories: string[] = [];
  const classifications: string[] = [];
  for (const term of terms) {
    // Old feeds sometimes pack several codes into one term ("68T05; I.2.7").
    for (const part of term.split(/[;,]/)) {
      const code = collapseWhitespace(part);
      if (!code) continue;
      const bucket = /^[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?$/.test(code) ? categories : classifications;
      if (!bucket.includes(code)) bucket.push(code);
    }
  }
  return { categories, classifications };
}

/** A paper, or the reason the entry was skipped. */
function parseEntry(entry: unknown): Paper | string {
  if (!isNode(entry)) return 'empty entry';
  const rawId = text(entry['id']).trim();
  const ids = parseArxivId(rawId);
  if (!ids) return rawId ? `not an arXiv paper id: ${preview(rawId)}` : 'entry without an id';
  const title = collapseWhitespace(text(entry['title']));
  if (!title) return `${ids.id}: no title`;

  const abstract = unwrapParagraphs(text(entry['summary']));
  const comment = collapseWhitespace(text(entry['comment']));
  const journalRef = collapseWhitespace(text(entry['journal_ref']));
  // The doi element may list several DOIs separated by spaces; the first is the paper's.
  const doi = collapseWhitespace(text(entry['doi'])).split(' ')[0] ?? '';

  const primaryTerm = attr(entry['primary_category'], 'term');
  const terms = all(entry['category']).map((c) => attr(c, 'term') ?? '').filter((t) => t.length > 0);
  const { categories: found, classifications } = splitCategories(primaryTerm ? [primaryTerm, ...terms] : terms);
  const primaryCategory = found[0];

  const paper: Mutable<Paper> = {
    id: ids.id,
    arxivId: ids.id,
    title,
    authors: parseAuthors(entry['author']),
    abstract,
    categories: found,
    // Links go to the latest version; `version` says which one this record describes.
    links: {
      abs: arxivAbsUrl(ids.id),
      pdf: arxivPdfUrl(ids.id),
      hfPage: hfPaperUrl(ids.id),
      ...(doi ? { doi: `https://doi.org/${doi}` } : {}),
    },
    repos: extractRepoLinks({ abstract, comment }),
    source: 'arxiv',
  };
  if (ids.version !== undefined) paper.version = ids.version;
  const published = isoTimestamp(text(entry['published']));
  if (published) paper.published = published;
  const updated = isoTimestamp(text(entry['updated']));
  if (updated) paper.updated = updated;
  if (primaryCategory) paper.primaryCategory = primaryCategory;
  if (classifications.length > 0) paper.classifications = classifications;
  if (doi) paper.doi = doi;
  if (journalRef) paper.journalRef = journalRef;
  if (comment) paper.comment = comment;
  return paper;
}

function parseAuthors(value: unknown): Author[] {
  const authors: Author[] = [];
  for (const node of all(value)) {
    if (!isNode(node)) continue;
    const name = collapseWhitespace(text(node['name']));
    if (!name) continue;
    const affiliations = all(node['affiliation']).map((a) => collapseWhitespace(text([a]))).filter((a) => a.length > 0);
    authors.push(affiliations.length > 0 ? { name, affiliations } : { name });
  }
  return authors;
}

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
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl, parseArxivId } from '../arxivId';
import type { Author, FeedParseResult, Paper, SkippedEntry } from '../paper';
import { extractRepoLinks } from '../repoLinks';
import { FeedError } from './feedError';
import { Mutable, collapseWhitespace, isoTimestamp, preview, unwrapParagraphs } from './feedText';
import { XmlNode, all, attr, isNode, parseXml, stripProlog, text } from './xmlRead';

type Node = XmlNode;

const REPEATED = new Set(['entry', 'author', 'link', 'category', 'affiliation']);

/** True when the text looks like an Atom feed (root element `feed`, any prefix). Used by `parseFeed`. */
export function looksLikeAtom(head: string): boolean {
  return /<(?:[A-Za-z_][\w.-]*:)?feed[\s>/]/.test(stripProlog(head));
}

/** Parses an arXiv API Atom document. Throws FeedError for broken XML, non-Atom XML and arXiv error feeds. */
export function parseArxivAtom(xml: string): FeedParseResult {
  const doc = parseXml(xml, REPEATED, 'The arXiv feed');
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
  const terms = all(entry['category'])
    .map((c) => attr(c, 'term') ?? '')
    .filter((t) => t.length > 0);
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
    const affiliations = all(node['affiliation'])
      .map((a) => collapseWhitespace(text([a])))
      .filter((a) => a.length > 0);
    authors.push(affiliations.length > 0 ? { name, affiliations } : { name });
  }
  return authors;
}

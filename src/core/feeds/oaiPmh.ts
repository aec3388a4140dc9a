/**
 * arXiv's OAI-PMH interface (`https://oaipmh.arxiv.org/oai`, formerly `export.arxiv.org/oai2`): the way to harvest
 * metadata in bulk. One response is read at a time: GetRecord, ListRecords (with a resumption token for the next
 * page) or ListIdentifiers, in the three metadata formats arXiv offers:
 *
 * - `arXiv`: `<authors><author><keyname/><forenames/><affiliation/></author>`, `created`/`updated` dates;
 * - `arXivRaw`: comma-joined `<authors>`, `<version version="v2"><date>RFC 1123</date>` per version;
 * - `oai_dc`: Dublin Core, `dc:creator` as "Last, First", the abstract in the first `dc:description`, the ids in
 *   `dc:identifier` (`http://arxiv.org/abs/…`, `doi:…`).
 *
 * OAI errors (`<error code="badResumptionToken">…`) are FeedErrors of kind `service-error` with the server's words,
 * except `noRecordsMatch`, which is an empty answer. Deleted records are counted, not returned.
 */
import { parseArxivId } from '../arxivId';
import type { Author, FeedParseResult, Paper, SkippedEntry } from '../paper';
import { announcedAt } from './arxivListing';
import { arxivRecordPaper, splitCategories } from './arxivRecord';
import { FeedError } from './feedError';
import { collapseWhitespace, preview, unwrapParagraphs } from './feedText';
import { XmlNode, all, attr, isNode, parseXml, rootName, text } from './xmlRead';

const REPEATED = new Set(['record', 'header', 'author', 'version', 'setSpec', 'creator', 'subject', 'description', 'date', 'identifier', 'error']);

export type OaiVerb = 'GetRecord' | 'ListRecords' | 'ListIdentifiers' | 'Identify' | 'ListMetadataFormats' | 'ListSets';

/** One header of ListIdentifiers (or of any record). */
export interface OaiHeader {
  readonly identifier: string;
  readonly arxivId?: string;
  readonly datestamp?: string;
  readonly sets: readonly string[];
  readonly deleted: boolean;
}

export interface OaiPage extends FeedParseResult {
  readonly verb: OaiVerb | undefined;
  /** The token for the next page; absent (or empty) on the last one. */
  readonly resumptionToken?: string;
  /** The size of the whole list when the server says (`completeListSize`). */
  readonly completeListSize?: number;
  /** Headers of ListIdentifiers, or of every record. */
  readonly headers: readonly OaiHeader[];
  /** Records the server marks deleted. */
  readonly deleted: number;
}

/** Whether the head of an XML document is an OAI-PMH response. */
export function looksLikeOaiPmh(head: string): boolean {
  return rootName(head) === 'OAI-PMH';
}

/** Parses one OAI-PMH response. */
export function parseOaiPmh(xml: string): OaiPage {
  const doc = parseXml(xml, REPEATED, 'The OAI-PMH response');
  const root = isNode(doc) ? doc['OAI-PMH'] : undefined;
  if (!isNode(root)) throw new FeedError('malformed', 'Expected an OAI-PMH response (an <OAI-PMH> root element); this XML has none.');
  const verb =
    (['GetRecord', 'ListRecords', 'ListIdentifiers', 'Identify', 'ListMetadataFormats', 'ListSets'] as const).find((v) => root[v] !== undefined) ??
    (attr(root['request'], 'verb') as OaiVerb | undefined);
  const errors = all(root['error']);
  if (errors.length > 0) {
    const code = attr([errors[0]], 'code') ?? 'error';
    if (code === 'noRecordsMatch')
      return { format: 'oai-pmh', verb, papers: [], skipped: [], headers: [], deleted: 0, notice: 'No records match the request.' };
    const message = collapseWhitespace(text([errors[0]]));
    throw new FeedError('service-error', `The OAI-PMH server answered ${code}${message ? `: ${preview(message, 300)}` : ''}.`);
  }
  const body = verb ? root[verb] : undefined;
  const list: XmlNode = isNode(body) ? body : {};
  const papers: Paper[] = [];
  const skipped: SkippedEntry[] = [];
  const headers: OaiHeader[] = [];
  let deleted = 0;
  const seen = new Set<string>();
  const headerOf = (node: unknown): OaiHeader | undefined => {
    if (!isNode(node)) return undefined;
    const identifier = collapseWhitespace(text(node['identifier']));
    const id = parseArxivId(identifier.replace(/^oai:arXiv\.org:/i, ''));
    const datestamp = collapseWhitespace(text(node['datestamp']));
    return {
      identifier,
      ...(id ? { arxivId: id.id } : {}),
      ...(datestamp ? { datestamp } : {}),
      sets: all(node['setSpec'])
        .map((s) => collapseWhitespace(text([s])))
        .filter(Boolean),
      deleted: node['@status'] === 'deleted',
    };
  };
  if (verb === 'ListIdentifiers') {
    for (const h of all(list['header'])) {
      const header = headerOf(h);
      if (!header) continue;
      headers.push(header);
      if (header.deleted) deleted++;
    }
  }
  all(list['record']).forEach((record, index) => {
    if (!isNode(record)) return skipped.push({ index, reason: 'empty record' });
    const header = headerOf(first(record['header']));
    if (header) headers.push(header);
    if (header?.deleted) {
      deleted++;
      return;
    }
    const paper = parseMetadata(record['metadata'], header);
    if (typeof paper === 'string') return skipped.push({ index, reason: paper });
    if (seen.has(paper.id)) return skipped.push({ index, reason: `duplicate of ${paper.id}` });
    seen.add(paper.id);
    papers.push(paper);
  });
  const tokenNode = list['resumptionToken'];
  const token = collapseWhitespace(text(tokenNode));
  const size = Number.parseInt(attr(tokenNode, 'completeListSize') ?? '', 10);
  return {
    format: 'oai-pmh',
    verb,
    papers,
    skipped,
    headers,
    deleted,
    ...(token ? { resumptionToken: token } : {}),
    ...(Number.isSafeInteger(size) && size >= 0 ? { completeListSize: size, totalResults: size } : {}),
  };
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** Abstracts as arXiv keeps them (hard-wrapped, paragraphs indented); a copy re-indented as a whole is dedented. */
function abstractText(raw: string): string {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const rest = lines.slice(1).filter((l) => l.trim().length > 0);
  const indent = rest.length > 1 ? Math.min(...rest.map((l) => /^[ \t]*/.exec(l)![0].length)) : 0;
  const dedented = indent > 0 ? [lines[0]!, ...lines.slice(1).map((l) => l.slice(Math.min(indent, /^[ \t]*/.exec(l)![0].length)))].join('\n') : raw;
  return unwrapParagraphs(dedented);
}

/** "A. One, B. Two and C. Three" (arXivRaw, snapshot `authors`) as names. */
export function splitAuthorList(value: string): Author[] {
  return collapseWhitespace(value)
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0 && !/^\(.*\)$/.test(name))
    .map((name) => ({ name }));
}

function parseMetadata(metadata: unknown, header: OaiHeader | undefined): Paper | string {
  const meta = first(metadata);
  if (!isNode(meta)) return `${header?.identifier ?? 'record'}: no metadata`;
  const arxiv = first(meta['arXiv']);
  if (isNode(arxiv)) return fromArxiv(arxiv, header, false);
  const raw = first(meta['arXivRaw']);
  if (isNode(raw)) return fromArxiv(raw, header, true);
  const dc = first(meta['dc']);
  if (isNode(dc)) return fromDublinCore(dc, header);
  return `${header?.identifier ?? 'record'}: metadata in a format other than arXiv, arXivRaw or oai_dc`;
}

function fromArxiv(node: XmlNode, header: OaiHeader | undefined, raw: boolean): Paper | string {
  const ids = parseArxivId(collapseWhitespace(text(node['id']))) ?? (header?.arxivId ? parseArxivId(header.arxivId) : undefined);
  if (!ids) return `not an arXiv paper id: ${preview(text(node['id']) || header?.identifier || '')}`;
  const title = collapseWhitespace(text(node['title']));
  if (!title) return `${ids.id}: no title`;
  let authors: Author[];
  if (raw) authors = splitAuthorList(text(node['authors']));
  else {
    const list = first(node['authors']);
    authors = (isNode(list) ? all(list['author']) : []).flatMap((a): Author[] => {
      if (!isNode(a)) return [];
      const name = collapseWhitespace([text(a['forenames']), text(a['keyname']), text(a['suffix'])].filter(Boolean).join(' '));
      const affiliations = all(a['affiliation'])
        .map((f) => collapseWhitespace(text([f])))
        .filter(Boolean);
      return name ? [affiliations.length ? { name, affiliations } : { name }] : [];
    });
  }
  const abstract = abstractText(text(node['abstract']));
  const comment = collapseWhitespace(text(node['comments']));
  const journalRef = collapseWhitespace(text(node['journal-ref']));
  const doi = collapseWhitespace(text(node['doi'])).split(' ')[0] ?? '';
  const categories = splitCategories(text(node['categories']));
  const versions = all(node['version'])
    .map((v) => announcedAt(collapseWhitespace(text(isNode(v) ? v['date'] : ''))) ?? '')
    .filter(Boolean);
  const published = raw ? versions[0] : collapseWhitespace(text(node['created'])) || undefined;
  const updated = raw ? (versions.length > 1 ? versions.at(-1) : undefined) : collapseWhitespace(text(node['updated'])) || undefined;
  const paper = arxivRecordPaper(ids.id, { title, authors, abstract, categories, doi, comment });
  if (raw && versions.length > 0) paper.version = versions.length;
  if (categories[0]) paper.primaryCategory = categories[0];
  if (published && /^\d{4}-\d{2}-\d{2}/.test(published)) paper.published = published;
  if (updated && /^\d{4}-\d{2}-\d{2}/.test(updated)) paper.updated = updated;
  if (doi) paper.doi = doi;
  if (journalRef) paper.journalRef = journalRef;
  if (comment) paper.comment = comment;
  return paper;
}

function fromDublinCore(dc: XmlNode, header: OaiHeader | undefined): Paper | string {
  const identifiers = all(dc['identifier']).map((i) => collapseWhitespace(text([i])));
  const ids = (header?.arxivId ? parseArxivId(header.arxivId) : undefined) ?? identifiers.map((i) => parseArxivId(i)).find((x) => x !== undefined);
  if (!ids) return `not an arXiv paper id: ${preview(header?.identifier ?? identifiers[0] ?? '')}`;
  const title = collapseWhitespace(text(dc['title']));
  if (!title) return `${ids.id}: no title`;
  const descriptions = all(dc['description']).map((d) => text([d]));
  const abstract = abstractText(descriptions.find((d) => !/^\s*Comment:/i.test(d)) ?? '');
  const comment = collapseWhitespace(descriptions.find((d) => /^\s*Comment:/i.test(d))?.replace(/^\s*Comment:\s*/i, '') ?? '');
  // "Last, First" (Dublin Core) as "First Last".
  const authors = all(dc['creator'])
    .map((c) => collapseWhitespace(text([c])))
    .filter(Boolean)
    .map((name) => ({ name: name.replace(/^([^,]+),\s*(.+)$/, '$2 $1') }));
  const doi = identifiers.map((i) => /^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)(10\.\S+)$/i.exec(i)?.[1]).find((d) => d !== undefined);
  const dates = all(dc['date'])
    .map((d) => collapseWhitespace(text([d])))
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  const categories = header?.sets.filter((s) => /^[a-z-]+(?:\.[A-Za-z-]+)?$/.test(s) && s.includes('.')) ?? [];
  const paper = arxivRecordPaper(ids.id, { title, authors, abstract, categories, doi, comment });
  if (dates[0]) paper.published = dates[0];
  if (dates.length > 1) paper.updated = dates.at(-1)!;
  if (doi) paper.doi = doi;
  if (comment) paper.comment = comment;
  return paper;
}

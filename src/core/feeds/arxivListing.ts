/**
 * arXiv's daily listings of categories (`https://rss.arxiv.org/rss/cs.LG`, `/atom/cs.LG`, and combined
 * `cs.LG+cs.AI`), the RSS 2.0 and Atom feeds arXiv has served since 2024. Each item is one announcement:
 *
 *   <description>arXiv:2609.26811v1 Announce Type: new \nAbstract: Local learning trains …</description>
 *   <guid>oai:arXiv.org:2609.26811v1</guid>  <arxiv:announce_type>new</arxiv:announce_type>
 *   <dc:creator>A. One, B. Two</dc:creator>  <category>cs.LG</category>  <arxiv:DOI>…</arxiv:DOI>
 *
 * Announce types are `new`, `cross` (cross-listed from another category), `replace` (a new version) and
 * `replace-cross`. Weekend and holiday feeds have no items: that is "no new papers today", not an error.
 * The id comes from the guid, else the link, else the description; the abstract is what follows "Abstract:".
 */
import { arxivAbsUrl, arxivPdfUrl, hfPaperUrl, parseArxivId } from '../arxivId';
import { type ArxivAnnounceType, type Author, type FeedParseResult, type Paper, type SkippedEntry, arxivAnnounceTypes } from '../paper';
import { extractRepoLinks } from '../repoLinks';
import { FeedError } from './feedError';
import { Mutable, collapseWhitespace, isoTimestamp, preview, unwrapParagraphs } from './feedText';
import { XmlNode, all, attr, isNode, parseXml, rootName, text } from './xmlRead';

const REPEATED = new Set(['item', 'entry', 'category', 'link', 'creator', 'author']);

/** Whether an XML document's head is an arXiv listing (RSS from anywhere, or Atom from arXiv's RSS service). */
export function looksLikeArxivListing(head: string): boolean {
  const root = rootName(head);
  if (root === 'rss' || root === 'RDF') return /<(?:\w+:)?channel[\s>]/.test(head);
  if (root !== 'feed') return false;
  return /rss\.arxiv\.org|<(?:\w+:)?announce_type[\s>]|<id>\s*oai:arXiv\.org:/i.test(head);
}

/** Parses an arXiv listing (RSS 2.0, RSS 1.0 or Atom). Throws FeedError when it is not one or is broken. */
export function parseArxivListing(xml: string): FeedParseResult {
  const doc = parseXml(xml, REPEATED, 'The arXiv listing');
  if (!isNode(doc)) throw new FeedError('malformed', 'The arXiv listing is empty.');
  let channel: XmlNode;
  let items: unknown[];
  const rss = doc['rss'] ?? doc['RDF'];
  if (rss !== undefined) {
    const root: XmlNode = isNode(rss) ? rss : {};
    channel = isNode(first(root['channel'])) ? (first(root['channel']) as XmlNode) : {};
    // RSS 2.0 keeps items inside the channel, RSS 1.0 beside it.
    items = all(channel['item'] ?? root['item']);
  } else if (doc['feed'] !== undefined) {
    channel = isNode(doc['feed']) ? doc['feed'] : {};
    items = all(channel['entry']);
  } else {
    throw new FeedError('malformed', 'Expected an arXiv listing (an RSS or Atom feed); this XML is neither.');
  }

  const papers: Paper[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const paper = isNode(item) ? parseItem(item) : 'empty item';
    if (typeof paper === 'string') {
      skipped.push({ index, reason: paper });
      return;
    }
    const dup = seen.get(paper.id);
    if (dup !== undefined) {
      skipped.push({ index, reason: `duplicate of item ${dup} (${paper.id})` });
      return;
    }
    seen.set(paper.id, index);
    papers.push(paper);
  });
  if (items.length > 0 && papers.length === 0) {
    const got = `a feed whose items name no arXiv paper (${items.length} ${items.length === 1 ? 'item' : 'items'}, the first: ${skipped[0]?.reason ?? 'empty'})`;
    throw new FeedError('unrecognised-format', `Expected an arXiv listing; got ${got}.`, got);
  }
  const result: Mutable<FeedParseResult> = { format: 'arxiv-listing', papers, skipped };
  if (items.length === 0) result.notice = emptyNotice(channel);
  return result;
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** "No new papers today in cs.CL" with the categories the listing names in its title ("cs.CL updates on arXiv.org"). */
function emptyNotice(channel: XmlNode): string {
  const title = collapseWhitespace(text(channel['title']));
  const m = /^(.+?)\s+updates on arXiv\.org$/i.exec(title);
  const where = m ? ` in ${preview(m[1]!, 80)}` : '';
  return `No new papers today${where}: arXiv announces papers Sunday to Thursday evenings (US Eastern), none on weekends and holidays.`;
}

const ANNOUNCE = /^\s*arXiv:\s*(\S+)\s+Announce Type:\s*([\w-]+)\s*/i;

function announceType(value: string): ArxivAnnounceType | undefined {
  const v = value.trim().toLowerCase();
  return (arxivAnnounceTypes as readonly string[]).includes(v) ? (v as ArxivAnnounceType) : undefined;
}

/** The link of an RSS item (`<link>url</link>`) or an Atom entry (`<link href rel="alternate"/>`). */
function itemLink(item: XmlNode): string {
  for (const link of all(item['link'])) {
    const href = attr([link], 'href');
    if (href !== undefined) {
      const rel = attr([link], 'rel');
      if (rel === undefined || rel === 'alternate') return href.trim();
    } else {
      const t = text([link]).trim();
      if (t) return t;
    }
  }
  return '';
}

function parseItem(item: XmlNode): Paper | string {
  const description = text(item['description'] ?? item['summary'] ?? item['encoded']);
  const announce = ANNOUNCE.exec(description);
  const guid = text(item['guid'] ?? item['id'])
    .trim()
    .replace(/^oai:arXiv\.org:/i, '');
  const link = itemLink(item);
  const ids =
    parseArxivId(guid) ??
    parseArxivId(link) ??
    (announce ? parseArxivId(announce[1]!) : undefined) ??
    (item['@about'] ? parseArxivId(String(item['@about'])) : undefined);
  if (!ids) return `not an arXiv paper: ${preview(guid || link || description) || 'no id, link or description'}`;
  // Listings before 2024 ended titles with "(arXiv:2301.00001v1 [cs.LG] UPDATED)".
  const title = withoutArxivSuffix(collapseWhitespace(text(item['title'])));
  if (!title) return `${ids.id}: no title`;
  let body = announce ? description.slice(announce[0].length) : description;
  body = body.replace(/^\s*Abstract:\s*/i, '');
  // Older listings wrapped the abstract in HTML paragraphs.
  if (/<\/?p[\s>]/i.test(body)) body = decodeHtmlEntities(withoutTags(body.replace(/<\/p>\s*<p>/gi, '\n\n')));
  const abstract = unwrapParagraphs(body);
  const type = announceType(text(item['announce_type'])) ?? (announce ? announceType(announce[2]!) : undefined);
  const doi = collapseWhitespace(text(item['DOI'] ?? item['doi'])).split(' ')[0] ?? '';
  const journalRef = collapseWhitespace(text(item['journal_reference'] ?? item['journal_ref']));
  const categories: string[] = [];
  for (const c of all(item['category'])) {
    const term = (attr([c], 'term') ?? text([c])).trim();
    for (const part of term.split(/[\s,;]+/)) if (/^[a-z-]+(?:\.[A-Za-z-]+)?$/.test(part) && !categories.includes(part)) categories.push(part);
  }
  const paper: Mutable<Paper> = {
    id: ids.id,
    arxivId: ids.id,
    title,
    authors: parseCreators(item),
    abstract,
    categories,
    links: { abs: arxivAbsUrl(ids.id), pdf: arxivPdfUrl(ids.id), hfPage: hfPaperUrl(ids.id), ...(doi ? { doi: `https://doi.org/${doi}` } : {}) },
    repos: extractRepoLinks({ abstract }),
    source: 'arxiv',
  };
  const version = ids.version ?? (announce ? parseArxivId(announce[1]!)?.version : undefined);
  if (version !== undefined) paper.version = version;
  if (categories[0]) paper.primaryCategory = categories[0];
  if (type) paper.announceType = type;
  if (doi) paper.doi = doi;
  if (journalRef) paper.journalRef = journalRef;
  const announced = announcedAt(text(item['pubDate'] ?? item['published'] ?? item['date']));
  // The listing's date is when this version was announced: the paper's first publication only for a version 1.
  if (announced) {
    if (version === 1 || (version === undefined && (type === 'new' || type === 'cross'))) paper.published = announced;
    else paper.updated = announced;
  }
  return paper;
}

/**
 * `title` without a trailing `(arXiv:ID [category] …)`, exactly as `/\s*\(arXiv:\S+\s*\[[^\]]*\][^)]*\)\s*$/i`
 * would remove it. That pattern backtracked over every `(arXiv:`, every split of `\S+` and every `[`: a title of
 * 10,000 characters took seconds. Here the end is read once, and each `(arXiv:`, leftmost first, is checked in
 * constant time with pointers that only move forward.
 */
function withoutArxivSuffix(title: string): string {
  const end = title.trimEnd().length - 1;
  if (title[end] !== ')') return title;
  // The closing `)` is the first after the `]` that ends the category, so that `]` lies after any other `)`. A `[`
  // opens the category when the first `]` after it is such a one: when it lies in (bracketBeforeParen, lastBracket).
  const lastParen = end > 0 ? title.lastIndexOf(')', end - 1) : -1;
  const lastBracket = end > 0 ? title.lastIndexOf(']', end - 1) : -1;
  const bracketBeforeParen = lastParen >= 0 ? title.lastIndexOf(']', lastParen) : -1;
  const works = (i: number) => title[i] === '[' && i > bracketBeforeParen && i < lastBracket;
  // Each `(arXiv:` starts further on, so these only move forward: the first `[` at or after a position (the length
  // when there is none), the first whitespace after the id's start, and the first non-whitespace after that.
  let open = -1;
  let space = 0;
  let next = 0;
  const opens = /\(arxiv:/gi;
  for (let m = opens.exec(title); m; m = opens.exec(title)) {
    const id = m.index + m[0].length;
    if (id >= title.length || isSpace(title[id]!)) continue;
    for (space = Math.max(space, id); space < title.length && !isSpace(title[space]!);) space++;
    for (next = Math.max(next, space); next < title.length && isSpace(title[next]!);) next++;
    const from = Math.max(id + 1, bracketBeforeParen + 1);
    if (open < from) {
      open = title.indexOf('[', from);
      if (open < 0) open = title.length;
    }
    // `\S+` then `\s*` then `[`: a `[` inside the id's run, or the first character after the spaces that end it.
    if ((open < space && works(open)) || (next > space && works(next))) return title.slice(0, m.index).trimEnd();
  }
  return title;
}

function isSpace(c: string): boolean {
  return /\s/.test(c);
}

/** HTML tags removed as `/<[^>]+>/g` would. No tag ends after the last `>`: a `<` there would be read to the end. */
function withoutTags(html: string): string {
  const end = html.lastIndexOf('>') + 1;
  return html.slice(0, end).replace(/<[^>]+>/g, '') + html.slice(end);
}

/** `dc:creator` holds every author, comma-joined ("A. One, B. Two, and C. Three"); Atom may use `<author><name>`. */
function parseCreators(item: XmlNode): Author[] {
  const names: string[] = [];
  for (const creator of all(item['creator'])) names.push(...splitNames(text([creator])));
  if (names.length === 0) for (const a of all(item['author'])) names.push(...splitNames(isNode(a) ? text(a['name']) : text([a])));
  return names.map((name) => ({ name }));
}

const SUFFIX = /^(?:Jr|Sr|II|III|IV)\.?$/;

function splitNames(value: string): string[] {
  const out: string[] = [];
  for (const raw of collapseWhitespace(value).split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*/)) {
    const name = raw.trim();
    if (!name) continue;
    if (SUFFIX.test(name) && out.length > 0) out[out.length - 1] += `, ${name}`;
    else out.push(name);
  }
  return out;
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };

/** The few HTML entities an abstract written as HTML uses, and numeric references. */
function decodeHtmlEntities(html: string): string {
  return html.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,6}));/gi, (match, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return HTML_ENTITIES[name.toLowerCase()] ?? match;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : match;
  });
}

const MONTHS: Readonly<Record<string, string>> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/** An RFC 822 date (`Thu, 24 Sep 2026 00:00:00 -0400`) or ISO 8601, as ISO 8601 with its own offset. */
export function announcedAt(value: string): string | undefined {
  const iso = isoTimestamp(value);
  if (iso) return iso;
  const m = /^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(?:([+-])(\d{2})(\d{2})|(GMT|UT|UTC|Z))?\s*$/.exec(
    value,
  );
  if (!m) return undefined;
  const month = MONTHS[m[2]!.toLowerCase()];
  if (!month) return undefined;
  const zone = m[7] ? `${m[7]}${m[8]}:${m[9]}` : 'Z';
  const day = Number(m[1]);
  const daysInMonth = new Date(Date.UTC(Number(m[3]), Number(month), 0)).getUTCDate();
  if (day < 1 || day > daysInMonth || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 60) return undefined;
  return `${m[3]}-${month}-${m[1]!.padStart(2, '0')}T${m[4]}:${m[5]}:${m[6] ?? '00'}${zone}`;
}

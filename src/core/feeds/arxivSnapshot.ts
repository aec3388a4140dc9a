/**
 * The arXiv metadata snapshot (Kaggle's `arxiv-metadata-oai-snapshot.json`): JSON Lines, one paper a line,
 * millions of lines and several gigabytes. It is read as a stream of byte chunks and filtered line by line, so only
 * the papers kept are ever in memory; a cheap test on the raw line (does it mention a wanted category or every
 * query word at all?) skips most lines without parsing their JSON.
 *
 * A line: `{"id":"0704.0001","authors":"C. Bal\\'azs, E. L. Berger","title":"…","categories":"hep-ph math.CO",
 * "abstract":"  …","versions":[{"version":"v1","created":"Mon, 2 Apr 2007 19:18:42 GMT"}],"update_date":"2008-11-13",
 * "authors_parsed":[["Balázs","Csaba",""]], "doi":…, "journal-ref":…, "comments":…}` (nulls where absent).
 */
import { parseArxivId } from '../arxivId';
import type { FeedParseResult, Paper, SkippedEntry } from '../paper';
import { announcedAt } from './arxivListing';
import { arxivRecordPaper, splitCategories } from './arxivRecord';
import { collapseWhitespace, unwrapParagraphs } from './feedText';
import { splitAuthorList } from './oaiPmh';
import { boundPaperText } from './paperBounds';

export interface SnapshotFilter {
  /** arXiv categories (`cs.LG`) or whole archives (`cs`, `math`): a paper in any of them is kept. Empty: all. */
  readonly categories?: readonly string[];
  /** First version submitted on or after this day (`YYYY-MM-DD`). */
  readonly from?: string;
  /** First version submitted on or before this day. */
  readonly until?: string;
  /** Words that must all appear in the title or abstract (case-insensitive). */
  readonly query?: string;
}

export interface SnapshotProgress {
  readonly lines: number;
  readonly bytes: number;
  readonly matched: number;
}

export interface SnapshotImportOptions {
  readonly signal?: AbortSignal;
  /** At most this many papers are kept (default 20,000); the count of further matches is still reported. */
  readonly maxPapers?: number;
  /** Called about every `progressEvery` lines (default 50,000). */
  readonly onProgress?: (progress: SnapshotProgress) => void;
  readonly progressEvery?: number;
}

export interface SnapshotImportResult extends FeedParseResult {
  readonly lines: number;
  readonly bytes: number;
  /** Lines that matched the filter, kept or not (past `maxPapers`). */
  readonly matched: number;
}

/** A line longer than this is not a paper (the longest real ones are about 10 KB). */
const MAX_LINE_CHARS = 1_000_000;

interface CompiledFilter {
  /** No condition at all: every JSON object line matches. */
  readonly empty: boolean;
  readonly test: (paper: RawLine) => boolean;
  /** A quick look at the raw line: false means it cannot match. */
  readonly maybe: (line: string) => boolean;
}

interface RawLine {
  readonly id?: unknown;
  readonly title?: unknown;
  readonly abstract?: unknown;
  readonly authors?: unknown;
  readonly authors_parsed?: unknown;
  readonly categories?: unknown;
  readonly versions?: unknown;
  readonly update_date?: unknown;
  readonly doi?: unknown;
  readonly 'journal-ref'?: unknown;
  readonly comments?: unknown;
}

function compile(filter: SnapshotFilter): CompiledFilter {
  const categories = (filter.categories ?? []).map((c) => c.trim()).filter(Boolean);
  const words = (filter.query ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const from = filter.from?.trim() || undefined;
  const until = filter.until?.trim() || undefined;
  const inCategory = (value: unknown) => {
    if (categories.length === 0) return true;
    if (typeof value !== 'string') return false;
    const cats = value.split(' ');
    return cats.some((c) => categories.some((want) => c === want || c.startsWith(`${want}.`)));
  };
  return {
    empty: categories.length === 0 && words.length === 0 && !from && !until,
    maybe: (line) => {
      if (categories.length > 0 && !categories.some((c) => line.includes(c))) return false;
      if (words.length === 0) return true;
      const lower = line.toLowerCase();
      return words.every((w) => lower.includes(w));
    },
    test: (raw) => {
      if (!inCategory(raw.categories)) return false;
      if (from || until) {
        const day = firstVersionDay(raw);
        if (!day || (from && day < from) || (until && day > until)) return false;
      }
      if (words.length > 0) {
        const text = `${typeof raw.title === 'string' ? raw.title : ''} ${typeof raw.abstract === 'string' ? raw.abstract : ''}`
          .toLowerCase()
          .replace(/\s+/g, ' ');
        if (!words.every((w) => text.includes(w))) return false;
      }
      return true;
    },
  };
}

/** The day the first version was submitted (`YYYY-MM-DD`), else the last update's. */
function firstVersionDay(raw: RawLine): string | undefined {
  const versions = Array.isArray(raw.versions) ? raw.versions : [];
  const created = versions.length > 0 && typeof versions[0] === 'object' && versions[0] !== null ? (versions[0] as { created?: unknown }).created : undefined;
  const iso = typeof created === 'string' ? announcedAt(created) : undefined;
  if (iso) return iso.slice(0, 10);
  return typeof raw.update_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw.update_date) ? raw.update_date : undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** One snapshot line as a paper, or the reason it is not one. */
export function snapshotLineToPaper(raw: RawLine): Paper | string {
  const ids = parseArxivId(str(raw.id));
  if (!ids) return `not an arXiv id: ${str(raw.id).slice(0, 40) || '(none)'}`;
  const title = collapseWhitespace(str(raw.title));
  if (!title) return `${ids.id}: no title`;
  const parsed = Array.isArray(raw.authors_parsed) ? raw.authors_parsed : undefined;
  const authors = parsed
    ? parsed
        .flatMap((a) =>
          Array.isArray(a)
            ? [{ name: collapseWhitespace([a[1], a[0], a[2]].filter((x): x is string => typeof x === 'string' && x.length > 0).join(' ')) }]
            : [],
        )
        .filter((a) => a.name.length > 0)
    : splitAuthorList(str(raw.authors));
  const abstract = unwrapParagraphs(str(raw.abstract));
  const comment = collapseWhitespace(str(raw.comments));
  const journalRef = collapseWhitespace(str(raw['journal-ref']));
  const doi = collapseWhitespace(str(raw.doi)).split(' ')[0] ?? '';
  const categories = splitCategories(str(raw.categories));
  const versions = Array.isArray(raw.versions) ? raw.versions : [];
  const dates = versions.map((v) => (typeof v === 'object' && v !== null ? announcedAt(str((v as { created?: unknown }).created)) : undefined));
  const paper = arxivRecordPaper(ids.id, { title, authors, abstract, categories, doi, comment });
  // An extract Marginalia wrote for a paper whose version was not known names none (see `paperToSnapshotLine`).
  if (versions.length > 0 && versions.every((v) => typeof v === 'object' && v !== null && typeof (v as { version?: unknown }).version === 'string'))
    paper.version = versions.length;
  if (categories[0]) paper.primaryCategory = categories[0];
  if (dates[0]) paper.published = dates[0];
  if (dates.length > 1 && dates.at(-1)) paper.updated = dates.at(-1)!;
  if (doi) paper.doi = doi;
  if (journalRef) paper.journalRef = journalRef;
  if (comment) paper.comment = comment;
  return boundPaperText(paper);
}

/** Whether a text's first line looks like a snapshot line (for recognising a file by content). */
export function looksLikeSnapshot(head: string): boolean {
  const line = head.slice(0, head.indexOf('\n') >= 0 ? head.indexOf('\n') : head.length).trim();
  return line.startsWith('{') && /"id"\s*:/.test(line) && /"(?:versions|authors_parsed|update_date)"\s*:/.test(line);
}

/**
 * Streams a snapshot: reads `chunks` (bytes, any split) line by line, keeps the papers `filter` accepts. Holds one
 * line and the kept papers at a time. Throws an AbortError when `signal` is aborted.
 */
export async function importSnapshot(
  chunks: AsyncIterable<Uint8Array>,
  filter: SnapshotFilter,
  options: SnapshotImportOptions = {},
): Promise<SnapshotImportResult> {
  const compiled = compile(filter);
  const maxPapers = options.maxPapers ?? 20_000;
  const every = options.progressEvery ?? 50_000;
  const decoder = new TextDecoder('utf-8');
  const papers: Paper[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Set<string>();
  let lines = 0;
  let bytes = 0;
  let matched = 0;
  let carry = '';
  let dropping = false;
  const take = (line: string) => {
    const index = lines++;
    if (lines % every === 0) options.onProgress?.({ lines, bytes, matched });
    if (line.length === 0 || (line.length === 1 && line === '\r')) return;
    if (!compiled.maybe(line)) return;
    // Past the cap with no filter, a line is counted without parsing it (a snapshot line is one JSON object).
    if (compiled.empty && papers.length >= maxPapers && line.charCodeAt(0) === 0x7b /* { */) {
      matched++;
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      if (skipped.length < 1000) skipped.push({ index, reason: 'not a JSON line' });
      return;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      if (skipped.length < 1000) skipped.push({ index, reason: 'not a JSON object' });
      return;
    }
    if (!compiled.test(raw as RawLine)) return;
    matched++;
    if (papers.length >= maxPapers) return;
    const paper = snapshotLineToPaper(raw as RawLine);
    if (typeof paper === 'string') {
      if (skipped.length < 1000) skipped.push({ index, reason: paper });
      return;
    }
    if (seen.has(paper.id)) return;
    seen.add(paper.id);
    papers.push(paper);
  };
  for await (const chunk of chunks) {
    if (options.signal?.aborted) throw new DOMException('The import was cancelled.', 'AbortError');
    bytes += chunk.byteLength;
    const text = decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      if (dropping) dropping = false;
      else take(carry.length > 0 ? carry + text.slice(start, nl) : text.slice(start, nl));
      carry = '';
      start = nl + 1;
    }
    if (!dropping) {
      carry += text.slice(start);
      if (carry.length > MAX_LINE_CHARS) {
        if (skipped.length < 1000) skipped.push({ index: lines, reason: `a line longer than ${MAX_LINE_CHARS} characters` });
        lines++;
        carry = '';
        dropping = true;
      }
    }
  }
  const rest = carry + decoder.decode();
  if (!dropping && rest.trim().length > 0) take(rest);
  options.onProgress?.({ lines, bytes, matched });
  const kept = papers.length;
  return {
    format: 'arxiv-snapshot',
    papers,
    skipped,
    lines,
    bytes,
    matched,
    ...(matched > kept ? { notice: `${matched} papers matched; the first ${kept} were kept. Narrow the filter to see the others.` } : {}),
  };
}

/** Reads a whole snapshot text already in memory (a small file, or its first lines), without a filter. */
export function parseSnapshotText(text: string, maxPapers = 20_000): FeedParseResult {
  const papers: Paper[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    if (papers.length >= maxPapers) return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      skipped.push({ index, reason: 'not a JSON line' });
      return;
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return void skipped.push({ index, reason: 'not a JSON object' });
    const paper = snapshotLineToPaper(raw as RawLine);
    if (typeof paper === 'string') return void skipped.push({ index, reason: paper });
    if (seen.has(paper.id)) return void skipped.push({ index, reason: `duplicate of ${paper.id}` });
    seen.add(paper.id);
    papers.push(paper);
  });
  return { format: 'arxiv-snapshot', papers, skipped };
}

/**
 * A paper as one snapshot line, so what an import kept (from a snapshot, or harvested over OAI-PMH) is saved as a
 * snapshot extract that `parseFeed` reads back. Undefined for a paper without an arXiv id (the snapshot has none).
 */
export function paperToSnapshotLine(paper: Paper): string | undefined {
  if (!paper.arxivId) return undefined;
  // The first version's date is the paper's `published`, the last one's its `updated`; without a known version
  // number the entries name no version, so none is made up when read back.
  const count = Math.max(paper.version ?? 1, paper.updated ? 2 : 1);
  const versions = paper.published
    ? Array.from({ length: count }, (_, i) => ({
        ...(paper.version !== undefined ? { version: `v${i + 1}` } : {}),
        created: i === count - 1 && i > 0 && paper.updated ? paper.updated : paper.published,
      }))
    : [];
  const line = {
    id: paper.arxivId,
    title: paper.title,
    authors: paper.authors.map((a) => a.name).join(', '),
    authors_parsed: paper.authors.map((a) => [a.name, '', '']),
    abstract: paper.abstract,
    categories: paper.categories.join(' '),
    versions,
    update_date: (paper.updated ?? paper.published)?.slice(0, 10) ?? null,
    doi: paper.doi ?? null,
    'journal-ref': paper.journalRef ?? null,
    comments: paper.comment ?? null,
  };
  return JSON.stringify(line);
}

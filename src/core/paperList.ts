/**
 * What the Papers list shows for a query: the text search (the index), then filters, then the chosen sort.
 * Pure, so it is unit-tested in Node and runs the same in the desktop and the browser extension host.
 */
import type { Paper } from './paper';
import type { Filters, LibraryStatus, PaperRow, Ranges, SortKey } from '../protocol/sidebar';

export interface ListQuery {
  readonly text: string;
  readonly filters: Filters;
  readonly sort: SortKey;
}

/** One hit of the text search, best first. */
export interface TextHit {
  readonly id: string;
  readonly score: number;
  /** Index terms that matched, lower-case, for highlighting. */
  readonly terms: readonly string[];
}

export interface TextSearch {
  search(text: string): readonly TextHit[];
}

export interface LibraryLookup {
  status(id: string): LibraryStatus | undefined;
  tags(id: string): readonly string[];
}

export const emptyLibrary: LibraryLookup = { status: () => undefined, tags: () => [] };

export interface ListResult {
  readonly ids: readonly string[];
  /** Matched terms by paper id (absent when the query has no text). */
  readonly terms: ReadonlyMap<string, readonly string[]>;
}

/** The day a paper counts as "of": featured day, else publication day. */
export function paperDay(paper: Paper): string | undefined {
  return paper.dailyDate ?? paper.published?.slice(0, 10);
}

export function hasCode(paper: Paper): boolean {
  return paper.repos.some((r) => r.kind === 'github' || r.kind === 'gitlab');
}

function matchesFilters(paper: Paper, filters: Filters, library: LibraryLookup): boolean {
  if (filters.hasCode && !hasCode(paper)) return false;
  if (filters.from || filters.to) {
    const day = paperDay(paper);
    if (!day) return false;
    if (filters.from && day < filters.from) return false;
    if (filters.to && day > filters.to) return false;
  }
  if (filters.category && !paper.categories.includes(filters.category)) return false;
  if (filters.status) {
    const status = library.status(paper.id);
    if (filters.status === 'in-library' ? !status : filters.status === 'not-in-library' ? status : status !== filters.status) return false;
  }
  if (filters.tag && !library.tags(paper.id).includes(filters.tag)) return false;
  return true;
}

/** Runs a query over a feed's papers (in feed order), with an optional text index. */
export function runListQuery(
  papers: readonly Paper[],
  byId: ReadonlyMap<string, Paper>,
  query: ListQuery,
  search: TextSearch | undefined,
  library: LibraryLookup = emptyLibrary,
): ListResult {
  const text = query.text.trim();
  const terms = new Map<string, readonly string[]>();
  let candidates: Paper[];
  let order = new Map<string, number>();
  if (text && search) {
    candidates = [];
    for (const hit of search.search(text)) {
      const paper = byId.get(hit.id);
      if (!paper) continue;
      candidates.push(paper);
      terms.set(hit.id, hit.terms);
      order.set(hit.id, order.size);
    }
  } else if (text) {
    // No index yet (still building): a plain substring scan keeps search usable meanwhile.
    const needle = text.toLowerCase();
    candidates = papers.filter((p) => p.title.toLowerCase().includes(needle) || p.abstract.toLowerCase().includes(needle) || p.authors.some((a) => a.name.toLowerCase().includes(needle)));
    for (const p of candidates) terms.set(p.id, [needle]);
  } else {
    candidates = [...papers];
  }
  order = order.size ? order : new Map(candidates.map((p, i) => [p.id, i]));
  const filtered = candidates.filter((p) => matchesFilters(p, query.filters, library));
  const rank = (p: Paper) => order.get(p.id) ?? 0;
  switch (query.sort) {
    case 'date':
      filtered.sort((a, b) => (paperDay(b) ?? '').localeCompare(paperDay(a) ?? '') || rank(a) - rank(b));
      break;
    case 'upvotes':
      filtered.sort((a, b) => (b.upvotes ?? -1) - (a.upvotes ?? -1) || rank(a) - rank(b));
      break;
    case 'relevance':
      // Search order when searching; the feed's own order (e.g. trending) otherwise.
      break;
  }
  return { ids: filtered.map((p) => p.id), terms };
}

/** Ranges of `text` where any of `terms` matches as a word prefix (case-insensitive). */
export function termRanges(text: string, terms: readonly string[]): Ranges {
  if (terms.length === 0 || !text) return [];
  const lower = text.toLowerCase();
  const ranges: [number, number][] = [];
  const wanted = [...new Set(terms.map((t) => t.toLowerCase()).filter(Boolean))];
  // Walk words; a word matches when it starts with a term (index terms are whole words or typed prefixes).
  const wordRe = /[\p{L}\p{N}]+/gu;
  for (let m = wordRe.exec(lower); m; m = wordRe.exec(lower)) {
    const word = m[0];
    let best = 0;
    for (const term of wanted) {
      if (term.includes(' ')) continue;
      if (word.startsWith(term) && term.length > best) best = term.length;
    }
    if (best > 0) ranges.push([m.index, m.index + (best === word.length ? word.length : best)]);
  }
  // Phrases (the substring fallback can give a multi-word needle).
  for (const term of wanted) {
    if (!term.includes(' ')) continue;
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) ranges.push([at, at + term.length]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** A window of `clean` (whitespace already collapsed) around its first match, or its beginning. */
export function snippet(clean: string, ranges: Ranges, width = 160): { text: string; highlights: Ranges } {
  const first = ranges[0];
  let start = 0;
  if (first && first[0] > width / 3) {
    start = first[0] - Math.floor(width / 4);
    const space = clean.lastIndexOf(' ', start);
    start = space > 0 ? space + 1 : start;
  }
  const end = Math.min(clean.length, start + width);
  const prefix = start > 0 ? '…' : '';
  const body = clean.slice(start, end) + (end < clean.length ? '…' : '');
  const shift = prefix.length - start;
  const highlights = ranges
    .filter(([s, e]) => s >= start && e <= end)
    .map(([s, e]) => [s + shift, e + shift] as const);
  return { text: prefix + body, highlights };
}

function shortAuthors(paper: Paper): string {
  const names = paper.authors.map((a) => a.name);
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} et al.` : names.join(', ');
}

/** The row the list shows for a paper, with highlights for the matched terms. */
export function toPaperRow(paper: Paper, terms: readonly string[] | undefined, status: LibraryStatus | undefined): PaperRow {
  const t = terms ?? [];
  const abstract = paper.abstract.replace(/\s+/g, ' ').trim();
  return {
    id: paper.id,
    title: paper.title,
    titleHighlights: termRanges(paper.title, t),
    authors: shortAuthors(paper),
    date: paperDay(paper),
    category: paper.primaryCategory ?? paper.categories[0],
    hasCode: hasCode(paper),
    upvotes: paper.upvotes,
    status,
    snippet: snippet(abstract, termRanges(abstract, t)),
  };
}

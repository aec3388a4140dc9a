/**
 * What the Papers list shows for a query: the text search (the index), then filters, then the chosen sort.
 * Pure, so it is unit-tested in Node and runs the same in the desktop and the browser extension host.
 */
import type { Paper } from './paper';
import type { SearchFilter } from './search/filters';
import { highlightRanges } from './search/highlight';
import type { PaperIndex } from './search/paperIndex';
import { queryTerms } from './search/tokenizer';
import type { Filters, LibraryStatus, PaperRow, Ranges, SortKey } from '../protocol/sidebar';

export interface ListQuery {
  readonly text: string;
  readonly filters: Filters;
  readonly sort: SortKey;
}

/** What the list highlights: whole index terms, and word prefixes (what the user is still typing). */
export interface Highlight {
  readonly terms: readonly string[];
  readonly prefixes: readonly string[];
}

/** The text search's answer: matching ids, best first, already filtered. */
export interface TextSearchResult {
  readonly ids: readonly string[];
  readonly highlight: Highlight;
}

export interface TextSearch {
  search(text: string, filters: Filters, library: LibraryLookup): TextSearchResult;
}

export interface LibraryLookup {
  status(id: string): LibraryStatus | undefined;
  tags(id: string): readonly string[];
}

export const emptyLibrary: LibraryLookup = { status: () => undefined, tags: () => [] };

export interface ListResult {
  readonly ids: readonly string[];
  readonly highlight: Highlight;
}

const noHighlight: Highlight = { terms: [], prefixes: [] };

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
  let candidates: Paper[];
  let highlight = noHighlight;
  if (text && search) {
    const result = search.search(text, query.filters, library);
    highlight = result.highlight;
    candidates = [];
    for (const id of result.ids) {
      const paper = byId.get(id);
      if (paper) candidates.push(paper);
    }
  } else if (text) {
    // No index yet (still building): a plain scan keeps search usable meanwhile.
    const words = queryTerms(text);
    const matches = (value: string) => {
      const lower = value.toLowerCase();
      return words.every((w) => lower.includes(w));
    };
    candidates = papers.filter((p) => matches(`${p.title} ${p.abstract} ${p.authors.map((a) => a.name).join(' ')}`));
    highlight = { terms: [], prefixes: words };
  } else {
    candidates = [...papers];
  }
  const order = new Map(candidates.map((p, i) => [p.id, i]));
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
  return { ids: filtered.map((p) => p.id), highlight };
}

/** A window of `clean` (whitespace already collapsed) around its first match, or its beginning. */
export function snippet(clean: string, ranges: Ranges, width = 160): { text: string; highlights: Ranges } {
  const first = ranges[0];
  let start = 0;
  // A narrow sidebar shows the first ~40 characters: start just before the match so it is among them.
  if (first && first[0] > 24) {
    start = first[0] - 20;
    const space = clean.lastIndexOf(' ', start);
    start = space > 0 && first[0] - space < 40 ? space + 1 : start;
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
export function toPaperRow(paper: Paper, highlight: Highlight, status: LibraryStatus | undefined): PaperRow {
  const abstract = paper.abstract.replace(/\s+/g, ' ').trim();
  return {
    id: paper.id,
    title: paper.title,
    titleHighlights: highlightRanges(paper.title, highlight.terms, highlight.prefixes),
    authors: shortAuthors(paper),
    date: paperDay(paper),
    category: paper.primaryCategory ?? paper.categories[0],
    hasCode: hasCode(paper),
    upvotes: paper.upvotes,
    status,
    snippet: snippet(abstract, highlightRanges(abstract, highlight.terms, highlight.prefixes)),
  };
}

/** The index's filter for what the list's filters say; library status and tags come in as a predicate. */
export function toSearchFilter(filters: Filters, library: LibraryLookup): SearchFilter | undefined {
  const { status, tag } = filters;
  const predicate =
    status || tag
      ? (id: string) => {
          const s = library.status(id);
          if (status === 'in-library' ? !s : status === 'not-in-library' ? s : status && s !== status) return false;
          return !tag || library.tags(id).includes(tag);
        }
      : undefined;
  const filter: SearchFilter = {
    hasCode: filters.hasCode ? true : undefined,
    from: filters.from,
    to: filters.to,
    categories: filters.category ? [filters.category] : undefined,
    predicate,
  };
  return Object.values(filter).some((v) => v !== undefined) ? filter : undefined;
}

/**
 * Search as you type over a `PaperIndex`: the last word completes as a prefix, filters are applied inside the
 * index, and a query that finds nothing is retried tolerating small typos before the list says "no papers match".
 */
export function indexTextSearch(index: PaperIndex): TextSearch {
  return {
    search(text, filters, library) {
      const filter = toSearchFilter(filters, library);
      let response = index.search(text, { prefix: true, limit: Infinity, matchDetails: false, filter });
      if (response.total === 0 && text.trim().length >= 4) response = index.search(text, { prefix: true, fuzzy: 0.2, limit: Infinity, matchDetails: false, filter });
      return { ids: response.hits.map((h) => h.id), highlight: { terms: response.terms, prefixes: [] } };
    },
  };
}

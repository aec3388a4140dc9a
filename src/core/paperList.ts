/**
 * What the Papers list shows for a query: the text search (the index), then filters, then the chosen sort.
 * Pure, so it is unit-tested in Node and runs the same in the desktop and the browser extension host.
 */
import type { Paper } from './paper';
import type { SearchFilter } from './search/filters';
import { highlightRanges } from './search/highlight';
import type { PaperIndex, SearchResponse } from './search/paperIndex';
import { queryTerms } from './search/tokenizer';
import { readableLatex } from './text/latexText';
import type { FeedFacets, FilterName, Filters, LibraryStatus, PaperRow, Ranges, SortKey } from './paperListTypes';

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
  /** The best `limit` matches. */
  readonly ids: readonly string[];
  /** How many papers match in all. */
  readonly total: number;
  readonly highlight: Highlight;
  /** `some` when no paper has all the words and these are the papers with some of them. */
  readonly match?: TextMatch;
}

/** `all`: every word of the query is in each paper. `some`: none has them all; papers with the most come first. */
export type TextMatch = 'all' | 'some';

export interface TextSearch {
  search(text: string, filters: Filters, library: LibraryLookup, limit?: number): TextSearchResult;
  /** The characters most likely to continue a term being typed (see `PaperIndex.nextCharacters`). */
  nextCharacters?(prefix: string, limit: number, coverage?: number): readonly string[];
}

export interface LibraryLookup {
  status(id: string): LibraryStatus | undefined;
  tags(id: string): readonly string[];
}

export const emptyLibrary: LibraryLookup = { status: () => undefined, tags: () => [] };

export interface ListResult {
  /** The first `limit` ids in list order. */
  readonly ids: readonly string[];
  /** How many papers the query matches in all. */
  readonly total: number;
  readonly highlight: Highlight;
  readonly match?: TextMatch;
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

/** Papers in date or upvote order, computed once per feed (the feed array is the cache key). */
const sortedOrders = new WeakMap<readonly Paper[], Map<SortKey, readonly Paper[]>>();

function sortPapers(papers: readonly Paper[], sort: SortKey): readonly Paper[] {
  if (sort === 'relevance') return papers;
  let byFeed = sortedOrders.get(papers);
  if (!byFeed) sortedOrders.set(papers, (byFeed = new Map()));
  let sorted = byFeed.get(sort);
  if (!sorted) {
    sorted = sortBy([...papers], sort);
    byFeed.set(sort, sorted);
  }
  return sorted;
}

/** Sorts in place by date or upvotes; ties keep the order they came in (Array.prototype.sort is stable). */
function sortBy(papers: Paper[], sort: SortKey): Paper[] {
  // Newest day first; within a day (a Daily Papers list is all one day), newest publication first.
  if (sort === 'date') papers.sort((a, b) => (paperDay(b) ?? '').localeCompare(paperDay(a) ?? '') || (b.published ?? '').localeCompare(a.published ?? ''));
  else if (sort === 'upvotes') papers.sort((a, b) => (b.upvotes ?? -1) - (a.upvotes ?? -1));
  return papers;
}

function hasFilters(filters: Filters): boolean {
  return Object.values(filters).some((v) => v !== undefined && v !== false && v !== '');
}

/**
 * Runs a query over a feed's papers (in feed order), with an optional text index. Sorted by relevance, only the
 * best `limit` ids are computed (a list shows a screenful; it asks for more as the user scrolls), while `total`
 * counts every match: on 100k papers a two-letter prefix matches tens of thousands.
 */
export function runListQuery(
  papers: readonly Paper[],
  byId: ReadonlyMap<string, Paper>,
  query: ListQuery,
  search: TextSearch | undefined,
  library: LibraryLookup = emptyLibrary,
  limit = Infinity,
): ListResult {
  const text = query.text.trim();
  const filtering = hasFilters(query.filters);
  const keep = (p: Paper) => matchesFilters(p, query.filters, library);
  if (text && search) {
    // The index applies the filters itself, so its ids need no second pass.
    const result = search.search(text, query.filters, library, query.sort === 'relevance' ? limit : Infinity);
    const match = result.match ? { match: result.match } : {};
    if (query.sort === 'relevance') return { ids: result.ids, total: result.total, highlight: result.highlight, ...match };
    const matched = result.ids.map((id) => byId.get(id)).filter((p): p is Paper => p !== undefined);
    return { ids: sortBy(matched, query.sort).map((p) => p.id), total: result.total, highlight: result.highlight, ...match };
  }
  if (text) {
    // No index yet (still building): a plain scan keeps search usable meanwhile.
    const words = queryTerms(text);
    const matches = (p: Paper) => {
      const lower = `${p.title} ${p.abstract} ${p.authors.map((a) => a.name).join(' ')} ${(p.libraryNotes ?? []).join(' ')}`.toLowerCase();
      return words.every((w) => lower.includes(w));
    };
    const found = sortBy(
      papers.filter((p) => matches(p) && (!filtering || keep(p))),
      query.sort,
    );
    return { ids: found.map((p) => p.id), total: found.length, highlight: { terms: [], prefixes: words } };
  }
  const ordered = sortPapers(papers, query.sort);
  const shown = filtering ? ordered.filter(keep) : ordered;
  const ids: string[] = [];
  for (let i = 0; i < shown.length && i < limit; i++) ids.push(shown[i]!.id);
  return { ids, total: shown.length, highlight: noHighlight };
}

/** What a feed's papers carry: the view disables or explains the filters and sorts that cannot apply. */
export function feedFacets(papers: readonly Paper[]): FeedFacets {
  let withDates = 0;
  let withUpvotes = 0;
  let withCode = 0;
  let firstDay: string | undefined;
  let lastDay: string | undefined;
  for (const paper of papers) {
    const day = paperDay(paper);
    if (day) {
      withDates++;
      if (!firstDay || day < firstDay) firstDay = day;
      if (!lastDay || day > lastDay) lastDay = day;
    }
    if (paper.upvotes !== undefined) withUpvotes++;
    if (hasCode(paper)) withCode++;
  }
  return { withDates, withUpvotes, withCode, ...(firstDay ? { firstDay, lastDay } : {}) };
}

/** The list's filters, each with the fields it sets. */
const FILTER_FIELDS: Readonly<Record<FilterName, readonly (keyof Filters)[]>> = {
  hasCode: ['hasCode'],
  dates: ['from', 'to'],
  category: ['category'],
  status: ['status'],
  tag: ['tag'],
};

/**
 * For a query that matches nothing: the filters that exclude everything, each one such that without it some paper
 * would match. When no single filter does (only together they exclude all), every filter set is named.
 */
export function excludingFilters(
  papers: readonly Paper[],
  byId: ReadonlyMap<string, Paper>,
  query: ListQuery,
  search: TextSearch | undefined,
  library: LibraryLookup = emptyLibrary,
): FilterName[] {
  const active = (Object.keys(FILTER_FIELDS) as FilterName[]).filter((name) =>
    FILTER_FIELDS[name].some((field) => {
      const value = query.filters[field];
      return value !== undefined && value !== false && value !== '';
    }),
  );
  const alone = active.filter((name) => {
    const filters: Record<string, unknown> = { ...query.filters };
    for (const field of FILTER_FIELDS[name]) delete filters[field];
    return runListQuery(papers, byId, { ...query, filters }, search, library, 1).total > 0;
  });
  return alone.length > 0 ? alone : active;
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
  const highlights = ranges.filter(([s, e]) => s >= start && e <= end).map(([s, e]) => [s + shift, e + shift] as const);
  return { text: prefix + body, highlights };
}

function shortAuthors(paper: Paper): string {
  const names = paper.authors.map((a) => a.name);
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} et al.` : names.join(', ');
}

/** The row the list shows for a paper, with highlights for the matched terms. */
export function toPaperRow(paper: Paper, highlight: Highlight, status: LibraryStatus | undefined): PaperRow {
  // The list cannot typeset: math as readable text (`$\omega$Test` → `ωTest`), highlights found in what it shows.
  const abstract = readableLatex(paper.abstract).replace(/\s+/g, ' ').trim();
  const title = readableLatex(paper.title);
  return {
    id: paper.id,
    title,
    titleHighlights: highlightRanges(title, highlight.terms, highlight.prefixes),
    authors: shortAuthors(paper),
    date: paperDay(paper),
    category: paper.primaryCategory ?? paper.categories[0],
    hasCode: hasCode(paper),
    upvotes: paper.upvotes,
    status,
    snippet: noteSnippet(paper, highlight) ?? snippet(abstract, highlightRanges(abstract, highlight.terms, highlight.prefixes)),
  };
}

/** The prefix of a snippet that shows one of the user's notes rather than the abstract. */
export const NOTE_SNIPPET_PREFIX = 'Your note: ';

/**
 * For a library paper whose notes match what was searched and whose abstract does not: the note with the most
 * matches, so the list shows why the paper was found.
 */
function noteSnippet(paper: Paper, highlight: Highlight): PaperRow['snippet'] | undefined {
  if (!paper.libraryNotes?.length || (highlight.terms.length === 0 && highlight.prefixes.length === 0)) return undefined;
  const abstract = readableLatex(paper.abstract).replace(/\s+/g, ' ').trim();
  const inAbstract = highlightRanges(abstract, highlight.terms, highlight.prefixes).length;
  let best: { text: string; ranges: Ranges } | undefined;
  for (const note of paper.libraryNotes) {
    const text = note.replace(/\s+/g, ' ').trim();
    const ranges = highlightRanges(text, highlight.terms, highlight.prefixes);
    if (ranges.length > (best?.ranges.length ?? 0)) best = { text, ranges };
  }
  if (!best || best.ranges.length <= inAbstract) return undefined;
  const shown = snippet(best.text, best.ranges, 160 - NOTE_SNIPPET_PREFIX.length);
  const shift = NOTE_SNIPPET_PREFIX.length;
  return { text: NOTE_SNIPPET_PREFIX + shown.text, highlights: shown.highlights.map(([s, e]) => [s + shift, e + shift] as const) };
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
 * Search as you type over a `PaperIndex`, as the list and the QuickPick do it:
 *
 * 1. every word must match (`and`), the last one completing as a prefix ("mutation te" finds papers with
 *    "mutation" and a word starting with "te"; a last word of one letter narrows nothing until the next key);
 * 2. nothing found and the query is long enough to hold a typo: the same, tolerating small typos;
 * 3. still nothing and there are several words: papers with any of them (`or`), the more words a paper has the
 *    higher it ranks (MiniSearch's score multiplies by the words matched), marked `some` so the list says so;
 *    then the same with typos.
 *
 * So a query that has answers with all its words never shows papers with only some of them, and one that has none
 * still shows the nearest papers instead of an empty list.
 */
export function searchAsYouType(
  index: PaperIndex,
  text: string,
  options: { readonly limit?: number; readonly filter?: SearchFilter } = {},
): { readonly response: SearchResponse; readonly match: TextMatch } {
  const base = { prefix: true, limit: options.limit ?? Infinity, matchDetails: false, filter: options.filter } as const;
  const typos = text.trim().length >= 4;
  let response = index.search(text, { ...base, combine: 'and' });
  if (response.total === 0 && typos) response = index.search(text, { ...base, combine: 'and', fuzzy: 0.2 });
  if (response.total > 0 || response.queryTerms.length < 2) return { response, match: 'all' };
  response = index.search(text, { ...base, combine: 'or' });
  if (response.total === 0 && typos) response = index.search(text, { ...base, combine: 'or', fuzzy: 0.2 });
  return { response, match: response.total > 0 ? 'some' : 'all' };
}

/** The list's text search over a `PaperIndex` (see `searchAsYouType`); filters are applied inside the index. */
export function indexTextSearch(index: PaperIndex): TextSearch {
  return {
    search(text, filters, library, limit = Infinity) {
      const { response, match } = searchAsYouType(index, text, { limit, filter: toSearchFilter(filters, library) });
      return { ids: response.hits.map((h) => h.id), total: response.total, highlight: { terms: response.terms, prefixes: [] }, match };
    },
    nextCharacters: (prefix, limit, coverage) => index.nextCharacters(prefix, limit, coverage),
  };
}

/**
 * The part of a paper the search index needs: plain, JSON-serialisable data, so the host can post it to a worker
 * (worker_threads on Node, a Web Worker in the browser) without sending whole papers.
 */
import type { Paper } from '../paper';

export interface IndexablePaper {
  readonly id: string;
  readonly title: string;
  /** Author names, comma-separated. */
  readonly authors: string;
  readonly abstract: string;
  /** Keywords (Hugging Face `ai_keywords`), comma-separated. */
  readonly keywords?: string;
  /** The day the paper counts as "of" (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), for the date filter. */
  readonly date?: string;
  /** arXiv categories, for the category filter. */
  readonly categories?: readonly string[];
  /** A GitHub or GitLab repository is linked, for the "has code" filter. */
  readonly hasCode?: boolean;
}

/** Searchable text fields, in the index's field order. */
export const SEARCH_FIELDS = ['title', 'authors', 'abstract', 'keywords'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** The indexable part of a paper. The date rule is the list's (`paperList.paperDay`): featured day, else published. */
export function toIndexable(paper: Paper): IndexablePaper {
  const date = paper.dailyDate ?? paper.published?.slice(0, 10) ?? paper.updated?.slice(0, 10);
  return {
    id: paper.id,
    title: paper.title,
    authors: paper.authors.map((a) => a.name).join(', '),
    abstract: paper.abstract,
    // The user's notes count as keywords: what they wrote about a paper says what it is about for them.
    keywords: [...(paper.aiKeywords ?? []), ...(paper.libraryNotes ?? [])].join(', ') || undefined,
    date,
    categories: paper.categories.length ? paper.categories : undefined,
    hasCode: paper.repos.some((r) => r.kind === 'github' || r.kind === 'gitlab'),
  };
}

/** Accepts either form so callers holding papers need not convert. */
export function asIndexable(paper: Paper | IndexablePaper): IndexablePaper {
  return Array.isArray(paper.authors) ? toIndexable(paper as Paper) : (paper as IndexablePaper);
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

/**
 * A date as a sortable integer `YYYYMMDD`; 0 when unknown. A missing month or day counts as the first (`lower`) or
 * the last (`upper`) of its period, so that a filter bound `2024` means the whole year on either side.
 */
export function dateKey(date: string | undefined, bound: 'lower' | 'upper' = 'lower'): number {
  const m = date ? DATE.exec(date) : null;
  if (!m) return 0;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : bound === 'lower' ? 1 : 12;
  const day = m[3] ? Number(m[3]) : bound === 'lower' ? 1 : 31;
  return year * 10000 + month * 100 + day;
}

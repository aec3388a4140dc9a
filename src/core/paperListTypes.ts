/**
 * What the paper list works with: a row as the list shows it, its filters, sorts and facets. Plain data, defined in
 * the core (which computes them) and re-exported by the sidebar's protocol (which carries them to the webview).
 */
import type { ReadingStatus } from './notes/noteModel';

/** Half-open character ranges `[start, end)` to highlight. */
export type Ranges = readonly (readonly [number, number])[];

/** A paper as one row of the list shows it. */
export interface PaperRow {
  readonly id: string;
  readonly title: string;
  readonly titleHighlights: Ranges;
  /** "A, B, C et al." */
  readonly authors: string;
  /** `YYYY-MM-DD` */
  readonly date?: string;
  readonly category?: string;
  readonly hasCode: boolean;
  readonly upvotes?: number;
  /** Library status when the paper is in the library. */
  readonly status?: LibraryStatus;
  /** A piece of the abstract around the first match, when searching. */
  readonly snippet?: { readonly text: string; readonly highlights: Ranges };
  /** Why the paper is relevant to this workspace (sorted by it): `matches: flash_attn, kv_cache; cites 2205.14135`. */
  readonly why?: string;
}

/** A paper's reading status, as the list shows it: the statuses a note's front matter holds. */
export type LibraryStatus = ReadingStatus;
/** `workspace`: relevant to the open workspace's code (ranked in a worker when first asked for). */
export type SortKey = 'relevance' | 'date' | 'upvotes' | 'workspace';

export interface Filters {
  readonly hasCode?: boolean;
  /** `YYYY-MM-DD`, inclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly category?: string;
  /** `in-library` matches any status; `not-in-library` the papers without a note. */
  readonly status?: LibraryStatus | 'in-library' | 'not-in-library';
  readonly tag?: string;
}

/** A filter of the list, by what the user sees: "Has code", the date range, "Category", "Status", "Tag". */
export type FilterName = 'hasCode' | 'dates' | 'category' | 'status' | 'tag';

/** What the feed's papers carry, so the view can say which filters and sorts cannot apply to it. */
export interface FeedFacets {
  /** Papers with a day (featured or published). */
  readonly withDates: number;
  readonly withUpvotes: number;
  readonly withCode: number;
  /** The first and last day among them, `YYYY-MM-DD`. */
  readonly firstDay?: string;
  readonly lastDay?: string;
}

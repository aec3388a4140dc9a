/**
 * Messages between the host and the Papers sidebar webview. Both sides `import type` this file only.
 * The webview starts the handshake with `ready`; the host answers with `feed` and replays it whenever the view
 * becomes visible again. Search runs in the host: the webview sends `query`, the host answers `results` with the
 * first rows, and the webview asks for more rows (`rows`) as the user scrolls, so 100k papers never cross at once.
 */

import type { FeedFacets, FilterName, Filters, LibraryStatus, PaperRow, Ranges, SortKey } from '../core/paperListTypes';

export type { FeedFacets, FilterName, Filters, LibraryStatus, PaperRow, Ranges, SortKey };

export interface QueryRequest {
  /** Increases with every query; answers to older queries are dropped. */
  readonly seq: number;
  readonly text: string;
  readonly filters: Filters;
  readonly sort: SortKey;
  /** How many rows the answer carries: the list's first screen (it asks for more rows as it draws them). */
  readonly count: number;
}

/** The first screen of the answer to a text not typed yet (see `lookahead`). */
export interface LookaheadAnswer {
  readonly text: string;
  readonly total: number;
  readonly rows: readonly PaperRow[];
  readonly tookMs: number;
  readonly match?: 'all' | 'some';
}

export interface SourceItem {
  readonly id: string;
  readonly label: string;
}

/** What the feed part of the view shows. */
export interface FeedSnapshot {
  readonly sources: readonly SourceItem[];
  readonly activeSourceId: string;
  readonly status: 'loading' | 'ready' | 'error';
  readonly label: string;
  /** Papers in the feed (0 while loading). */
  readonly total: number;
  /** Papers received so far while loading. */
  readonly loaded?: number;
  /** Error text for the user, when status is `error`. */
  readonly error?: string;
  /** Whether trying again may help. */
  readonly retryable?: boolean;
  /** The search index is still being built (search falls back to a plain scan meanwhile). */
  readonly indexing?: boolean;
  /** A note shown above the list: a cached copy's age, skipped entries. */
  readonly notice?: string;
  /** Values the filters offer. */
  readonly categories: readonly string[];
  readonly tags: readonly string[];
  /** What the feed's papers carry (dates, upvotes, code), when it is ready. */
  readonly facets?: FeedFacets;
  /** Where the ranking by this workspace is, once asked for (`Ranking by this workspace…`, what it read). */
  readonly workspace?: string;
}

/** Host → webview. */
export type HostToSidebar =
  /** The feed's state; sent on `ready`, on every change, and when the view becomes visible. */
  | { readonly type: 'feed'; readonly feed: FeedSnapshot }
  /**
   * The answer to a query: the matching count and the rows of its first screen. `match: 'some'` when no paper has
   * all the words, so the list shows the papers with some of them, those with the most words first.
   */
  | {
      readonly type: 'results';
      readonly seq: number;
      readonly total: number;
      readonly start: number;
      readonly rows: readonly PaperRow[];
      readonly tookMs: number;
      readonly match?: 'all' | 'some';
      /** When nothing matches but papers would without one of these filters: the filters that exclude everything. */
      readonly excludedBy?: readonly FilterName[];
    }
  /**
   * Answers to the texts the user is most likely to type next after query `seq` (that query and one more
   * character), sent after its `results`: the view shows one the moment its text is typed, and the host's
   * `results` for it follow as usual.
   */
  | { readonly type: 'lookahead'; readonly seq: number; readonly answers: readonly LookaheadAnswer[] }
  /** More rows of the current results, for scrolling. */
  | { readonly type: 'rows'; readonly seq: number; readonly start: number; readonly rows: readonly PaperRow[] }
  /** Put the cursor in the search box (command "Search Papers" while the view is open). */
  | { readonly type: 'focusSearch' }
  /** The answer to `ping`. */
  | { readonly type: 'pong'; readonly seq: number };

/** Webview → host. */
export type SidebarToHost =
  /** The webview attached its listener and wants the state. */
  | { readonly type: 'ready' }
  | ({ readonly type: 'query' } & QueryRequest)
  /** Rows `[start, start + count)` of the results of query `seq`. */
  | { readonly type: 'rows'; readonly seq: number; readonly start: number; readonly count: number }
  /**
   * Open a paper; `toSide` opens it beside the editor. Without `pinned` it opens as the preview (replaced by the
   * next paper previewed), as VS Code does with a single click, unless `workbench.editor.enablePreview` is off.
   */
  | { readonly type: 'open'; readonly id: string; readonly toSide?: boolean; readonly pinned?: boolean }
  | { readonly type: 'selectSource'; readonly id: string }
  /** Load the feed again (after an error, or to refresh). */
  | { readonly type: 'refresh' }
  /** Run the "Add Feed Source" flow. */
  | { readonly type: 'addSource' }
  /** Answered at once with `pong`: measures the round trip through VS Code that every query pays (bench:ui). */
  | { readonly type: 'ping'; readonly seq: number };

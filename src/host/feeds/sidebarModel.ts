import * as vscode from 'vscode';
import type { LoadedFeed } from '../../core/feeds/feedLoader';
import { describeSource } from '../../core/feeds/feedSource';
import type { Paper } from '../../core/paper';
import { LibraryLookup, TextSearch, excludingFilters, feedFacets, runListQuery, toPaperRow, type Highlight } from '../../core/paperList';
import { likelyNextTexts } from '../../core/search/lookahead';
import type { FeedFacets, FeedSnapshot, QueryRequest } from '../../protocol/sidebar';
import { Disposable } from '../dispose';
import type { WorkspaceRanking } from '../relevance/relevanceService';
import type { QueryResults, SidebarServices } from '../sidebarView';
import type { FeedService } from './feedService';

export interface SidebarModelDeps {
  readonly feeds: FeedService;
  /** The text index of the active feed, once built. */
  readonly search: () => TextSearch | undefined;
  readonly onDidChangeSearch: vscode.Event<void>;
  readonly library: LibraryLookup & { allTags(): readonly string[]; whenReady(): Promise<void>; readonly onDidChange: vscode.Event<void> };
  readonly open: (id: string, toSide: boolean, pinned: boolean) => Promise<void>;
  readonly addSource: () => Promise<void>;
  /** "Relevant to this workspace": asleep until the sort is chosen. */
  readonly relevance?: {
    request(): void;
    ranking(): WorkspaceRanking | undefined;
    status(): string | undefined;
    readonly onDidChange: vscode.Event<void>;
  };
}

function age(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 2) return 'a minute';
  if (minutes < 90) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/** Notes above the list: an old cached copy shown because loading failed, entries the parser skipped. */
export function feedNotice(feed: LoadedFeed, now: number): string | undefined {
  const notes: string[] = [];
  if (feed.result.notice) notes.push(feed.result.notice);
  if (feed.staleBecause) notes.push(`Offline copy from ${age(now - feed.fetchedAt)} ago. ${feed.staleBecause.message}`);
  const skipped = feed.result.skipped.length;
  if (skipped) {
    const first = feed.result.skipped[0]!;
    notes.push(`${skipped} ${skipped === 1 ? 'entry was' : 'entries were'} skipped (first: #${first.index + 1}, ${first.reason}).`);
  }
  return notes.length ? notes.join(' ') : undefined;
}

/** Adapts the feed, the search index and the library to what the Papers view shows. */
export class SidebarModel extends Disposable implements SidebarServices {
  private readonly _onDidChangeSnapshot = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeSnapshot = this._onDidChangeSnapshot.event;
  private readonly _onDidChangeResults = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeResults = this._onDidChangeResults.event;
  private byId = new Map<string, Paper>();
  private indexedFeed: readonly Paper[] = [];
  private categories: string[] = [];
  private facets: FeedFacets = feedFacets([]);

  constructor(private readonly deps: SidebarModelDeps) {
    super();
    this._register(
      deps.feeds.onDidChange(() => {
        this.reindex();
        this._onDidChangeSnapshot.fire();
      }),
    );
    this._register(
      deps.onDidChangeSearch(() => {
        this._onDidChangeSnapshot.fire();
        this._onDidChangeResults.fire();
      }),
    );
    this._register(
      deps.library.onDidChange(() => {
        this._onDidChangeSnapshot.fire();
        this._onDidChangeResults.fire();
      }),
    );
    if (deps.relevance) {
      this._register(
        deps.relevance.onDidChange(() => {
          this._onDidChangeSnapshot.fire();
          this._onDidChangeResults.fire();
        }),
      );
    }
    this.reindex();
  }

  private reindex(): void {
    const papers = this.deps.feeds.papers;
    if (papers === this.indexedFeed) return;
    this.indexedFeed = papers;
    this.byId = new Map(papers.map((p) => [p.id, p]));
    const counts = new Map<string, number>();
    for (const p of papers) for (const c of p.categories) counts.set(c, (counts.get(c) ?? 0) + 1);
    this.facets = feedFacets(papers);
    this.categories = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  }

  wake(): void {
    this.deps.feeds.ensureLoaded();
    // The library's statuses and tags show in the list; it says when it read them (onDidChange).
    void this.deps.library.whenReady();
  }

  isLoading(): boolean {
    return this.deps.feeds.state.kind === 'loading';
  }

  snapshot(): FeedSnapshot {
    const { feeds } = this.deps;
    const state = feeds.state;
    const now = new Date();
    const base = {
      sources: feeds.sources.map((s) => ({ id: s.id, label: describeSource(s, now) })),
      activeSourceId: state.source.id,
      label: state.label,
      categories: this.categories,
      tags: this.deps.library.allTags(),
      ...(this.deps.relevance?.status() ? { workspace: this.deps.relevance.status() } : {}),
    };
    switch (state.kind) {
      case 'loading':
        return { ...base, status: 'loading', total: 0, loaded: state.loaded };
      case 'error':
        return { ...base, status: 'error', total: 0, error: state.error.message, retryable: state.error.retryable };
      case 'ready':
        return {
          ...base,
          status: 'ready',
          total: state.feed.result.papers.length,
          indexing: state.feed.result.papers.length > 0 && !this.deps.search(),
          facets: this.facets,
          notice: feedNotice(state.feed, now.getTime()),
        };
    }
  }

  query(request: QueryRequest): QueryResults {
    this.reindex();
    const { library } = this.deps;
    if (request.sort === 'workspace' && this.deps.relevance) return this.workspaceQuery(request, this.deps.relevance);
    const search = request.text.trim() ? this.deps.search() : undefined;
    const run = (limit: number) => runListQuery(this.indexedFeed, this.byId, request, search, library, limit);
    // A few screens now; more only if the user scrolls past them.
    let result = run(Math.max(request.count * 2, 100));
    const excludedBy = result.total === 0 && this.indexedFeed.length > 0 ? excludingFilters(this.indexedFeed, this.byId, request, search, library) : undefined;
    return {
      total: result.total,
      match: result.match,
      ...(excludedBy?.length ? { excludedBy } : {}),
      rows: (start, count) => {
        if (start + count > result.ids.length && result.ids.length < result.total) result = run(Math.max((start + count) * 2, result.ids.length * 2));
        return result.ids.slice(start, start + count).map((id) => toPaperRow(this.byId.get(id)!, result.highlight, library.status(id)));
      },
    };
  }

  /**
   * Sorted by relevance to the workspace: the ranked papers in their order (each with its why), narrowed by the
   * text and the filters; nothing until the first ranking is done (the snapshot says where it is).
   */
  private workspaceQuery(request: QueryRequest, relevance: NonNullable<SidebarModelDeps['relevance']>): QueryResults {
    relevance.request();
    const ranking = relevance.ranking();
    if (!ranking) return { total: 0, rows: () => [] };
    const { library } = this.deps;
    const text = request.text.trim();
    let ids = ranking.ids;
    let highlight: Highlight = { terms: [], prefixes: [] };
    if (text || Object.values(request.filters).some((v) => v !== undefined && v !== false && v !== '')) {
      const matching = runListQuery(this.indexedFeed, this.byId, { ...request, sort: 'relevance' }, text ? this.deps.search() : undefined, library);
      const keep = new Set(matching.ids);
      ids = ids.filter((id) => keep.has(id));
      highlight = matching.highlight;
    }
    ids = ids.filter((id) => this.byId.has(id));
    return {
      total: ids.length,
      rows: (start, count) =>
        ids.slice(start, start + count).map((id) => ({ ...toPaperRow(this.byId.get(id)!, highlight, library.status(id)), why: ranking.why.get(id) })),
    };
  }

  likelyNextTexts(text: string, limit: number, coverage: number): string[] {
    const search = this.deps.search();
    if (!search?.nextCharacters) return [];
    return likelyNextTexts(text, (prefix) => search.nextCharacters!(prefix, limit, coverage));
  }

  open(id: string, toSide: boolean, pinned: boolean): Promise<void> {
    return this.deps.open(id, toSide, pinned);
  }

  selectSource(id: string): Promise<void> {
    return this.deps.feeds.select(id);
  }

  refresh(): Promise<void> {
    return this.deps.feeds.refresh(true);
  }

  addSource(): Promise<void> {
    return this.deps.addSource();
  }
}

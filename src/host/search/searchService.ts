import * as vscode from 'vscode';
import type { Paper } from '../../core/paper';
import type { TextHit, TextSearch } from '../../core/paperList';
import { Disposable } from '../dispose';
import type { FeedService } from '../feeds/feedService';

/**
 * The search index of the active feed. Rebuilt when the feed changes; until it is ready, `textSearch` is undefined
 * and the list falls back to a substring scan.
 * TODO(search): build the MiniSearch PaperIndex off the extension host's thread.
 */
export class SearchService extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;
  private papers: readonly Paper[] = [];
  private byId = new Map<string, Paper>();
  private search: TextSearch | undefined;

  constructor(
    private readonly feeds: FeedService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(feeds.onDidChange(() => this.sync()));
  }

  get textSearch(): TextSearch | undefined {
    return this.search;
  }

  private sync(): void {
    const papers = this.feeds.papers;
    if (papers === this.papers) return;
    this.papers = papers;
    this.byId = new Map(papers.map((p) => [p.id, p]));
    this.search = undefined;
    this.log.info(`search: ${papers.length} papers`);
    this._onDidChange.fire();
  }

  /** Papers for a query, best first (the QuickPick uses this). */
  searchPapers(text: string, limit: number): Paper[] {
    const q = text.trim();
    if (!q) return this.papers.slice(0, limit);
    if (this.search) return this.search.search(q).slice(0, limit).map((h: TextHit) => this.byId.get(h.id)).filter((p): p is Paper => !!p);
    const needle = q.toLowerCase();
    return this.papers.filter((p) => p.title.toLowerCase().includes(needle) || p.abstract.toLowerCase().includes(needle)).slice(0, limit);
  }

  /** Papers like this one ("more like this"). */
  related(_id: string, _limit: number): Paper[] {
    return [];
  }
}

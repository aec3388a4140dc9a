import * as vscode from 'vscode';
import { sourceCacheKey, stableHash } from '../../core/feeds/feedSource';
import type { Paper } from '../../core/paper';
import { TextSearch, indexTextSearch } from '../../core/paperList';
import { IndexCancelledError } from '../../core/search/chunked';
import { PaperIndex } from '../../core/search/paperIndex';
import { Disposable } from '../dispose';
import type { FeedService } from '../feeds/feedService';

/** Below this many papers, building is faster than reading a saved index back. */
const persistThreshold = 2000;

/**
 * The MiniSearch index of the active feed. Built in slices of ~12 ms so the extension host (shared by every
 * extension) never stalls, saved to global storage for big feeds and read back next time instead of rebuilt.
 * Until it is ready `textSearch` is undefined and the list falls back to a plain scan.
 */
export class SearchService extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires when the index of the active feed is ready (or gone). */
  readonly onDidChange = this._onDidChange.event;
  private papers: readonly Paper[] = [];
  private byId = new Map<string, Paper>();
  private index: PaperIndex | undefined;
  private building: AbortController | undefined;

  constructor(
    private readonly feeds: FeedService,
    private readonly storage: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(feeds.onDidChange(() => void this.sync()));
  }

  get textSearch(): TextSearch | undefined {
    return this.index ? indexTextSearch(this.index) : undefined;
  }

  /** Resolves when the index for the current feed is built (tests and benchmarks wait on it). */
  whenReady(): Promise<void> {
    if (this.index || this.papers.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = this.onDidChange(() => {
        if (this.index) {
          listener.dispose();
          resolve();
        }
      });
    });
  }

  private indexFile(): vscode.Uri | undefined {
    const state = this.feeds.state;
    if (state.kind !== 'ready' || this.papers.length < persistThreshold) return undefined;
    const key = `${sourceCacheKey(state.source)}-${stableHash(`${state.feed.fetchedAt}|${this.papers.length}`)}`;
    return vscode.Uri.joinPath(this.storage, `${key.replace(/[^\w.-]/g, '_')}.json`);
  }

  private async sync(): Promise<void> {
    const papers = this.feeds.papers;
    if (papers === this.papers) return;
    this.building?.abort();
    this.papers = papers;
    this.byId = new Map(papers.map((p) => [p.id, p]));
    this.index = undefined;
    this._onDidChange.fire();
    if (papers.length === 0) return;
    const controller = new AbortController();
    this.building = controller;
    const started = Date.now();
    try {
      const file = this.indexFile();
      const index = (file && (await this.load(file, controller))) || (await this.build(papers, file, controller));
      if (controller.signal.aborted) return;
      this.index = index;
      this.log.info(`search: ${papers.length} papers indexed in ${Date.now() - started} ms`);
      this._onDidChange.fire();
    } catch (error) {
      if (!(error instanceof IndexCancelledError)) this.log.error(`search: indexing failed: ${String(error)}`);
    } finally {
      if (this.building === controller) this.building = undefined;
    }
  }

  private async load(file: vscode.Uri, controller: AbortController): Promise<PaperIndex | undefined> {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
      return await PaperIndex.loadAsync(text, { signal: controller.signal });
    } catch (error) {
      if (error instanceof IndexCancelledError) throw error;
      return undefined; // Missing, stale format or damaged: rebuild.
    }
  }

  private async build(papers: readonly Paper[], file: vscode.Uri | undefined, controller: AbortController): Promise<PaperIndex> {
    const index = await PaperIndex.build(papers, { signal: controller.signal });
    if (file && !controller.signal.aborted) {
      void (async () => {
        const saved = JSON.stringify(await index.toJSONAsync({ signal: controller.signal }));
        await vscode.workspace.fs.createDirectory(this.storage);
        await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(saved));
      })().catch(() => undefined);
    }
    return index;
  }

  /** Papers for a query, best first (the QuickPick uses this). */
  searchPapers(text: string, limit: number): Paper[] {
    const q = text.trim();
    if (!q) return this.papers.slice(0, limit);
    const index = this.index;
    if (!index) {
      const needle = q.toLowerCase();
      return this.papers.filter((p) => p.title.toLowerCase().includes(needle) || p.abstract.toLowerCase().includes(needle)).slice(0, limit);
    }
    let response = index.search(q, { prefix: true, limit, matchDetails: false });
    if (response.total === 0 && q.length >= 4) response = index.search(q, { prefix: true, fuzzy: 0.2, limit, matchDetails: false });
    return response.hits.map((h) => this.byId.get(h.id)).filter((p): p is Paper => p !== undefined);
  }

  /** Papers like this one ("more like this"), from the active feed's index. */
  related(id: string, limit: number): Paper[] {
    return (this.index?.moreLikeThis(id, limit) ?? []).map((h) => this.byId.get(h.id)).filter((p): p is Paper => p !== undefined);
  }

  override dispose(): void {
    this.building?.abort();
    super.dispose();
  }
}

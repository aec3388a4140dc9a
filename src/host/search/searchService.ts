import * as vscode from 'vscode';
import { sourceCacheKey, stableHash } from '../../core/feeds/feedSource';
import type { Paper } from '../../core/paper';
import { TextSearch, indexTextSearch, searchAsYouType } from '../../core/paperList';
import { IndexCancelledError, type Scheduler } from '../../core/search/chunked';
import { indexViaWorker } from '../../core/search/indexWorker';
import { PaperIndex } from '../../core/search/paperIndex';
import { Disposable } from '../dispose';
import type { FeedService } from '../feeds/feedService';

import { startNodeIndexWorker } from './nodeIndexWorker';

/** Below this many papers, building is faster than reading a saved index back, and than starting a worker. */
const persistThreshold = 2000;

/** Yields the host's thread between slices; setImmediate (Node) loses no time to the timer clamp. */
const yieldThread: Scheduler =
  typeof setImmediate === 'function' ? () => new Promise((resolve) => setImmediate(resolve)) : () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The MiniSearch index of the active feed. Big feeds are indexed in a worker (on a Node extension host), which also
 * reads back and writes the saved copy in global storage; the host's thread (shared by every extension) only loads
 * the result in slices. Elsewhere, and for small feeds, it is built in slices on the host's thread. Until it is
 * ready `textSearch` is undefined and the list falls back to a plain scan.
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
    /** `dist/searchWorker.js`, for the worker; without it every index is built on the host's thread. */
    private readonly workerScript?: vscode.Uri,
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
      const viaWorker = file !== undefined ? await this.viaWorker(papers, file, controller) : undefined;
      const index = viaWorker?.index ?? ((file && (await this.load(file, controller))) || (await this.build(papers, file, controller)));
      if (controller.signal.aborted) return;
      this.index = index;
      const how = viaWorker ? (viaWorker.fromFile ? 'read back in a worker' : 'built in a worker') : 'on the host thread';
      this.log.info(`search: ${papers.length} papers indexed in ${Date.now() - started} ms (${how})`);
      this._onDidChange.fire();
    } catch (error) {
      if (!(error instanceof IndexCancelledError)) this.log.error(`search: indexing failed: ${String(error)}`);
    } finally {
      if (this.building === controller) this.building = undefined;
    }
  }

  /** Indexes in a worker, or undefined when there is none here (browser) or it failed (then the caller builds). */
  private async viaWorker(
    papers: readonly Paper[],
    file: vscode.Uri,
    controller: AbortController,
  ): Promise<{ index: PaperIndex; fromFile: boolean } | undefined> {
    if (!this.workerScript) return undefined;
    const port = await startNodeIndexWorker(this.workerScript.fsPath).catch(() => undefined);
    if (!port) return undefined;
    try {
      return await indexViaWorker(port, papers, {
        file: file.scheme === 'file' ? file.fsPath : undefined,
        signal: controller.signal,
        scheduler: yieldThread,
        onSaved: (error) => {
          if (error) this.log.warn(`search: could not save the index: ${error}`);
        },
      });
    } catch (error) {
      if (error instanceof IndexCancelledError) throw error;
      this.log.warn(`search: the index worker failed (${String(error)}); building on the host thread`);
      return undefined;
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
    const { response } = searchAsYouType(index, q, { limit });
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

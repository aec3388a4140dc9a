import * as vscode from 'vscode';
import { FeedLoadError, FeedLoader, LoadedFeed } from '../../core/feeds/feedLoader';
import { FeedSource, describeSource } from '../../core/feeds/feedSource';
import type { Paper } from '../../core/paper';
import { configSection, configuredSources, saveSources } from '../config';
import { Disposable } from '../dispose';
import { sidebarViewId } from '../sidebarView';

export type FeedState =
  | { readonly kind: 'loading'; readonly source: FeedSource; readonly label: string; readonly loaded: number }
  | { readonly kind: 'ready'; readonly source: FeedSource; readonly label: string; readonly feed: LoadedFeed }
  | { readonly kind: 'error'; readonly source: FeedSource; readonly label: string; readonly error: FeedLoadError };

const activeSourceKey = 'marginalia.activeSource';

/** Owns the user's feed sources, the active one, and its loaded papers. */
export class FeedService extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<FeedState>());
  /** Fires on every state change: loading, progress, ready, error. */
  readonly onDidChange = this._onDidChange.event;

  private _sources: FeedSource[];
  private _state: FeedState;
  private loading: AbortController | undefined;
  /** Whether any feed was loaded (or asked for) yet: nothing is, until something shows or needs papers. */
  private started = false;
  /** Papers seen in any feed this session, so a paper view still opens after the user switched sources. */
  private readonly known = new Map<string, Paper>();

  constructor(
    private readonly loader: FeedLoader,
    private readonly memento: vscode.Memento,
    report: (message: string) => void,
  ) {
    super();
    this._sources = configuredSources(report);
    const saved = memento.get<string>(activeSourceKey);
    const source = this._sources.find((s) => s.id === saved) ?? this._sources[0]!;
    this._state = { kind: 'loading', source, label: describeSource(source, new Date()), loaded: 0 };
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(`${configSection}.feeds`)) return;
        this._sources = configuredSources(report);
        if (!this.started) {
          // Nothing loaded yet: only which source loads first may have changed.
          const source = this._sources.find((s) => s.id === this.activeSource.id) ?? this._sources[0]!;
          this._state = { kind: 'loading', source, label: describeSource(source, new Date()), loaded: 0 };
        } else if (event.affectsConfiguration(`${configSection}.feeds.sources`) && !this._sources.some((s) => s.id === this.activeSource.id)) {
          void this.select(this._sources[0]!.id);
        } else if (!event.affectsConfiguration(`${configSection}.feeds.sources`)) {
          void this.refresh();
        }
      }),
    );
    // Trusted, the workspace's own sources count (Restricted Mode read the user's only).
    this._register(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this._sources = configuredSources(report);
      }),
    );
  }

  /**
   * Loads the "My library" source again when the library changes while it is the active one (a note written, a file
   * pulled), a moment after the last change.
   */
  followLibrary(onDidChange: vscode.Event<void>): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    this._register(
      onDidChange(() => {
        if (!this.started || this.activeSource.kind !== 'library') return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          timer = undefined;
          if (this.activeSource.kind === 'library') void this.load(this.activeSource, false);
        }, 300);
      }),
    );
    this._register({ dispose: () => timer && clearTimeout(timer) });
  }

  get sources(): readonly FeedSource[] {
    return this._sources;
  }

  get state(): FeedState {
    return this._state;
  }

  /** Whether the active feed was asked for yet (nothing is fetched before that). */
  get loadStarted(): boolean {
    return this.started;
  }

  get activeSource(): FeedSource {
    return this._state.source;
  }

  /** The papers of the active feed; empty while loading, after an error, and before anything asked for them. */
  get papers(): readonly Paper[] {
    return this._state.kind === 'ready' ? this._state.feed.result.papers : [];
  }

  /** A paper from any feed loaded this session. */
  paper(id: string): Paper | undefined {
    return this.known.get(id);
  }

  /**
   * A paper of the active source when that source is on this machine (a bundled sample, a file), loading it on first
   * need: the arXiv id in a file is known offline when the sample has it. A network feed is not woken for a lookup.
   */
  async localPaper(id: string): Promise<Paper | undefined> {
    const known = this.known.get(id);
    if (known || (this._state.kind !== 'loading' && this.started)) return known;
    if (this.activeSource.kind !== 'sample' && this.activeSource.kind !== 'file') return undefined;
    await this.whenSettled();
    return this.known.get(id);
  }

  remember(papers: readonly Paper[]): void {
    for (const paper of papers) this.known.set(paper.id, paper);
  }

  private setState(state: FeedState): void {
    this._state = state;
    this._onDidChange.fire(state);
  }

  /**
   * Loads the active source (today's cached copy when there is one) unless a load was asked for already: what the
   * Papers view, the pickers and the paper view call on first need, so that activating the extension fetches nothing.
   */
  ensureLoaded(): void {
    if (!this.started) void this.load(this.activeSource, false);
  }

  /** Loads the active source on first need (as `ensureLoaded`) and resolves once it is loaded or has failed. */
  async whenSettled(): Promise<void> {
    this.ensureLoaded();
    if (this._state.kind !== 'loading') return;
    await new Promise<void>((resolve) => {
      const listener = this.onDidChange((state) => {
        if (state.kind !== 'loading') {
          listener.dispose();
          resolve();
        }
      });
    });
  }

  /** Makes a source active and loads it. */
  async select(id: string): Promise<void> {
    const source = this._sources.find((s) => s.id === id);
    if (!source) throw new Error(`There is no feed source with the id "${id}".`);
    await this.memento.update(activeSourceKey, id);
    await this.load(source, false);
  }

  /** Loads the active source again; `refresh` skips today's cached copy. */
  async refresh(refresh = true): Promise<void> {
    await this.load(this.activeSource, refresh);
  }

  /**
   * Adds a source and makes it active. A file is read and checked first: one that is not a feed is refused (the
   * error says why) and never becomes a source that fails each time it is chosen.
   */
  async addSource(source: FeedSource): Promise<void> {
    if (source.kind === 'file') await this.loader.load(source);
    const others = this._sources.filter((s) => s.id !== source.id);
    this._sources = [...others, source];
    await saveSources(this._sources);
    await this.select(source.id);
  }

  async removeSource(id: string): Promise<void> {
    if (this._sources.length <= 1) throw new Error('Keep at least one feed source.');
    this._sources = this._sources.filter((s) => s.id !== id);
    await saveSources(this._sources);
    if (this.activeSource.id === id) await this.select(this._sources[0]!.id);
  }

  private async load(source: FeedSource, refresh: boolean): Promise<void> {
    this.started = true;
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    const label = describeSource(source, new Date());
    this.setState({ kind: 'loading', source, label, loaded: 0 });
    await vscode.window.withProgress({ location: { viewId: sidebarViewId } }, async () => {
      try {
        const feed = await this.loader.load(source, {
          signal: controller.signal,
          refresh,
          onProgress: (loaded) => {
            if (this.loading === controller) this.setState({ kind: 'loading', source, label, loaded });
          },
        });
        if (this.loading !== controller) return;
        this.remember(feed.result.papers);
        this.setState({ kind: 'ready', source, label, feed });
      } catch (error) {
        if (this.loading !== controller) return;
        const loadError = error instanceof FeedLoadError ? error : new FeedLoadError('malformed', String(error), true);
        this.setState({ kind: 'error', source, label, error: loadError });
      } finally {
        if (this.loading === controller) this.loading = undefined;
      }
    });
  }

  override dispose(): void {
    this.loading?.abort();
    super.dispose();
  }
}

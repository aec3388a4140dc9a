import * as vscode from 'vscode';
import { lookaheadKey } from '../core/search/lookahead';
import type { FeedSnapshot, FilterName, HostToSidebar, LookaheadAnswer, PaperRow, QueryRequest } from '../protocol/sidebar';
import { isSidebarMessage } from '../protocol/guards';
import { Disposable } from './dispose';
import { showError } from './errorMessages';
import { renderWebviewPage } from './webviewHtml';

import { sidebarViewId } from './contributions';

export { sidebarViewId };

/**
 * Runs `task` on the next turn of the event loop: setImmediate on Node, a MessageChannel in the browser extension
 * host (a web worker), where nested `setTimeout(0)`s are held back 4 ms each.
 */
const soon: (task: () => void) => void =
  typeof setImmediate === 'function'
    ? (task) => void setImmediate(task)
    : typeof MessageChannel === 'function'
      ? channelTurns()
      : (task) => void setTimeout(task, 0);

function channelTurns(): (task: () => void) => void {
  const channel = new MessageChannel();
  const tasks: (() => void)[] = [];
  channel.port1.onmessage = () => tasks.shift()?.();
  return (task) => {
    tasks.push(task);
    channel.port2.postMessage(undefined);
  };
}

/**
 * Which texts are looked ahead after each query: the likeliest next characters up to 95 % of the likelihood, 16 at
 * most (4 on average). The next keystroke is among them nearly always (see README); every text more is one more
 * answer on the way to the view, in front of the next query's.
 */
const lookaheadBreadth = 16;
const lookaheadCoverage = 0.95;
/** The host's time for one look ahead, at most (ms): it gives way to the next query as soon as one arrives anyway. */
const lookaheadBudgetMs = 80;
/** Sent before the others: the likeliest texts, for a user who types fast. */
const lookaheadFirstBatch = 4;

interface LookaheadRun {
  readonly todo: string[];
  answers: LookaheadAnswer[];
  sent: number;
  spentMs: number;
}

/** The results of one query, kept by the host so the webview can page through them. */
export interface QueryResults {
  readonly total: number;
  /** `some` when no paper has all the words and the results are the papers with some of them. */
  readonly match?: 'all' | 'some';
  /** Nothing matches, and these filters are why (see `excludingFilters`). */
  readonly excludedBy?: readonly FilterName[];
  /** Rows `[start, start + count)`. */
  rows(start: number, count: number): PaperRow[];
}

/** What the sidebar needs from the rest of the extension. */
export interface SidebarServices {
  /** The view was resolved (shown for the first time): start loading what it shows (the feed, the library). */
  wake(): void;
  snapshot(): FeedSnapshot;
  /** Whether the active feed is loading: it has no papers until it is done, and the view hides its list meanwhile. */
  isLoading(): boolean;
  readonly onDidChangeSnapshot: vscode.Event<void>;
  /** Fires when results may have changed without the feed changing (library status edited, index rebuilt). */
  readonly onDidChangeResults: vscode.Event<void>;
  query(request: QueryRequest): QueryResults;
  /**
   * The texts most likely to be typed after `text`, most likely first, at most `limit` and no more than it takes to
   * cover `coverage` (0-1) of the likelihood (none without an index).
   */
  likelyNextTexts(text: string, limit: number, coverage: number): string[];
  open(id: string, toSide: boolean, pinned: boolean): Promise<void>;
  selectSource(id: string): Promise<void>;
  refresh(): Promise<void>;
  addSource(): Promise<void>;
}

/** The Papers sidebar: a webview view over the active feed, searched by the host. */
export class SidebarView extends Disposable implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private lastQuery: QueryRequest | undefined;
  private results: QueryResults | undefined;
  /** The newest query not answered yet, and when it arrived; older ones waiting with it are dropped. */
  private pending: { readonly request: QueryRequest; readonly received: number } | undefined;
  /**
   * Results of the texts looked ahead after `lastQuery`, by `lookaheadKey`: the next query, when it is one of them,
   * is answered from here (the view has shown these rows already). Dropped when anything the results show changes.
   */
  private ahead = new Map<string, QueryResults>();
  /** Increases with every answer and every change: a look ahead started before it stops. */
  private generation = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: SidebarServices,
  ) {
    super();
    this._register(
      services.onDidChangeSnapshot(() => {
        this.forgetLookahead();
        this.postSnapshot();
      }),
    );
    this._register(
      services.onDidChangeResults(() => {
        this.forgetLookahead();
        // Not while the feed loads: the answer would be empty, and the list would give its row elements to other
        // papers when it fills again (a click on a row in that moment opened another paper). The view asks again
        // once the feed is there.
        if (this.lastQuery && !this.services.isLoading()) this.answer(this.lastQuery);
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.services.wake();
    view.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')] };
    view.webview.html = renderWebviewPage({ webview: view.webview, extensionUri: this.extensionUri, script: 'sidebar', title: 'Papers' });
    this._register(view.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)));
    // Messages to a hidden webview are dropped: replay the state when it shows again.
    this._register(
      view.onDidChangeVisibility(() => {
        if (view.visible) this.postSnapshot();
      }),
    );
    this._register(
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
      }),
    );
  }

  /** Reveals the view and puts the cursor in its search box. */
  async focusSearch(): Promise<boolean> {
    await vscode.commands.executeCommand(`${sidebarViewId}.focus`);
    if (!this.view) return false;
    this.post({ type: 'focusSearch' });
    return true;
  }

  get isVisible(): boolean {
    return this.view?.visible === true;
  }

  private post(message: HostToSidebar): void {
    void this.view?.webview.postMessage(message);
  }

  private postSnapshot(): void {
    if (this.view) this.post({ type: 'feed', feed: this.services.snapshot() });
  }

  /**
   * Queries are answered on the next turn of the event loop, newest only: when keystrokes arrive faster than they
   * are answered (a busy host), the ones already overtaken are never run. The wait is part of `tookMs`.
   */
  private enqueue(request: QueryRequest): void {
    const first = this.pending === undefined;
    this.pending = { request, received: performance.now() };
    if (first) soon(() => this.flush());
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) this.answer(pending.request, pending.received);
  }

  private answer(request: QueryRequest, received = performance.now()): void {
    const previous = this.lastQuery;
    const lookedAhead = previous && sameScope(previous, request) ? this.ahead.get(lookaheadKey(request.text)) : undefined;
    this.forgetLookahead();
    this.lastQuery = request;
    this.results = lookedAhead ?? this.services.query(request);
    // The first screen only: fewer rows to build, to copy across and to draw; the list asks for more as it scrolls.
    const rows = this.results.rows(0, Math.max(1, request.count));
    const { total, match, excludedBy } = this.results;
    this.post({
      type: 'results',
      seq: request.seq,
      total,
      start: 0,
      rows,
      tookMs: performance.now() - received,
      ...(match ? { match } : {}),
      ...(excludedBy?.length ? { excludedBy } : {}),
    });
    const generation = this.generation;
    soon(() => this.lookAhead(request, generation));
  }

  private forgetLookahead(): void {
    this.generation++;
    this.ahead.clear();
  }

  /**
   * Answers the texts the user is most likely to type next and sends their first screens: the most likely few at
   * once, the rest together. One text per turn of the event loop: a query that arrives meanwhile, or any change,
   * stops it.
   */
  private lookAhead(request: QueryRequest, generation: number, run?: LookaheadRun): void {
    if (generation !== this.generation || this.pending || !this.view?.visible) return;
    const state = run ?? { todo: this.services.likelyNextTexts(request.text, lookaheadBreadth, lookaheadCoverage), answers: [], sent: 0, spentMs: 0 };
    const text = state.todo.shift();
    if (text !== undefined) {
      const started = performance.now();
      const results = this.services.query({ ...request, text });
      const rows = results.rows(0, Math.max(1, request.count));
      this.ahead.set(lookaheadKey(text), results);
      const tookMs = performance.now() - started;
      state.spentMs += tookMs;
      state.answers.push({ text, total: results.total, rows, tookMs, ...(results.match ? { match: results.match } : {}) });
    }
    const done = state.todo.length === 0 || state.spentMs >= lookaheadBudgetMs;
    if (state.answers.length > 0 && (done || (state.sent === 0 && state.answers.length >= lookaheadFirstBatch))) {
      this.post({ type: 'lookahead', seq: request.seq, answers: state.answers });
      state.sent += state.answers.length;
      state.answers = [];
    }
    if (!done) soon(() => this.lookAhead(request, generation, state));
  }

  private onMessage(message: unknown): void {
    if (!isSidebarMessage(message)) {
      console.warn('[marginalia] ignored an invalid message from the Papers view');
      return;
    }
    const fail = showError;
    switch (message.type) {
      case 'ready':
        this.postSnapshot();
        break;
      case 'query':
        this.enqueue(message);
        break;
      case 'ping':
        // Only bench:ui pings; the production build ignores it.
        if (__TEST_HOOKS__) this.post({ type: 'pong', seq: message.seq });
        break;
      case 'rows':
        // Rows of a query still waiting its turn (the view showed its looked-ahead answer already): answer it now.
        if (this.pending?.request.seq === message.seq) this.flush();
        if (this.results && this.lastQuery?.seq === message.seq) {
          this.post({ type: 'rows', seq: message.seq, start: message.start, rows: this.results.rows(message.start, message.count) });
        }
        break;
      case 'open':
        this.services.open(message.id, message.toSide === true, message.pinned === true).catch(fail);
        break;
      case 'selectSource':
        this.services.selectSource(message.id).catch(fail);
        break;
      case 'refresh':
        this.services.refresh().catch(fail);
        break;
      case 'addSource':
        this.services.addSource().catch(fail);
        break;
    }
  }
}

/** Whether two queries differ in their text (and how many rows they want first) at most. */
function sameScope(a: QueryRequest, b: QueryRequest): boolean {
  return a.sort === b.sort && JSON.stringify(a.filters) === JSON.stringify(b.filters);
}

import * as vscode from 'vscode';
import { isCandidatePath, readBudgetFor } from '../../core/relevance/fileRules';
import type { WorkspaceFile } from '../../core/relevance/profile';
import { formatReasons, type RankedPaper } from '../../core/relevance/rank';
import { rankable, relevanceWorkerHandler, type FromRelevanceWorker, type ToRelevanceWorker } from '../../core/relevance/relevanceWorker';
import type { Paper } from '../../core/paper';
import { Disposable } from '../dispose';
import { readWorkspaceFiles } from './workspaceFiles';
import { errorText } from '../../core/errorText';
import { trustedSetting } from '../config';

/** The feed's papers in the order of their relevance to the workspace, each with its one-line why. */
export interface WorkspaceRanking {
  readonly ids: readonly string[];
  readonly why: ReadonlyMap<string, string>;
}

export interface RelevanceDeps {
  /** The active feed's papers (a new array when the feed changes). */
  readonly papers: () => readonly Paper[];
  readonly onDidChangePapers: vscode.Event<unknown>;
  /** Library tags of a paper. */
  readonly tags: (id: string) => readonly string[];
  /** `dist/relevanceWorker.js`; without it (the browser) the ranking runs on the host's thread. */
  readonly workerScript?: vscode.Uri;
  readonly log: vscode.LogOutputChannel;
}

/** How many papers the sort shows: the ones with the strongest signal; the rest share nothing with the workspace. */
const rankedLimit = 500;
/** Quiet time after the last file change before ranking again. */
const settleMs = 1500;
/** Papers per message to the worker (a message of 100k abstracts would hold both threads for long). */
const batchSize = 2000;

interface WorkerPort {
  post(message: ToRelevanceWorker): void;
  onMessage(listener: (message: FromRelevanceWorker) => void): void;
  terminate(): void;
}

async function startWorker(script: vscode.Uri | undefined): Promise<WorkerPort | undefined> {
  if (!script || typeof process === 'undefined' || !process.versions?.node) return undefined;
  try {
    const threads = await import('node:worker_threads');
    const worker = new threads.Worker(script.fsPath);
    worker.unref();
    return {
      post: (message) => worker.postMessage(message),
      onMessage: (listener) => worker.on('message', listener),
      terminate: () => void worker.terminate(),
    };
  } catch {
    return undefined;
  }
}

/** An in-thread stand-in for the worker where there is none (the browser extension host). */
function inThreadPort(): WorkerPort {
  let listener: (message: FromRelevanceWorker) => void = () => undefined;
  const handle = relevanceWorkerHandler((message) => listener(message));
  return { post: (message) => setTimeout(() => handle(message), 0), onMessage: (l) => (listener = l), terminate: () => undefined };
}

/**
 * "Relevant to this workspace": reads the workspace's files and ranks the active feed against them in a worker.
 * Asleep until `request()` (the user chose the sort); then it follows the feed and the files as they change.
 */
export class RelevanceService extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires when the ranking or its status changes. */
  readonly onDidChange = this._onDidChange.event;
  private requested = false;
  private port: Promise<WorkerPort> | undefined;
  private sentFeed: readonly Paper[] | undefined;
  private feedKey = 0;
  private seq = 0;
  private current: WorkspaceRanking | undefined;
  private rankedFeed: readonly Paper[] | undefined;
  private state = '';
  private readonly texts = new Map<string, WorkspaceFile>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: vscode.CancellationTokenSource | undefined;
  private readonly waiting = new Map<number, (message: FromRelevanceWorker) => void>();

  constructor(private readonly deps: RelevanceDeps) {
    super();
    // The feed service also fires while loading (progress): rank again only for new papers.
    this._register(
      deps.onDidChangePapers(() => {
        if (this.requested && deps.papers() !== this.rankedFeed) this.schedule(0);
      }),
    );
  }

  /** The ranking of the current feed, when ready. */
  ranking(): WorkspaceRanking | undefined {
    return this.rankedFeed === this.deps.papers() ? this.current : undefined;
  }

  /** Where it is, for the view: reading, ranking, what it read. Undefined until requested. */
  status(): string | undefined {
    return this.requested ? this.state : undefined;
  }

  /** The user asked for the sort: rank now (once), and again whenever the feed or a file changes. */
  request(): void {
    if (this.requested) return;
    this.requested = true;
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    const changed = (uri: vscode.Uri) => {
      const path = vscode.workspace.asRelativePath(uri, false);
      if (!isCandidatePath(path) && !path.endsWith('.gitignore')) return;
      this.texts.delete(uri.toString());
      this.schedule(settleMs);
    };
    this._register(watcher.onDidChange(changed));
    this._register(watcher.onDidCreate(changed));
    this._register(watcher.onDidDelete(changed));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule(0)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) this.schedule(settleMs);
      }),
    );
    this.schedule(0);
  }

  /** Resolves when the current ranking is done (tests wait on it). */
  whenReady(): Promise<void> {
    if (!this.timer && !this.running && this.ranking()) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = this.onDidChange(() => {
        if (!this.timer && !this.running && this.ranking()) {
          listener.dispose();
          resolve();
        }
      });
    });
  }

  private setState(text: string): void {
    this.state = text;
    this._onDidChange.fire();
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delayMs);
  }

  private async run(): Promise<void> {
    this.running?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.running = source;
    const started = Date.now();
    try {
      const papers = this.deps.papers();
      if (!vscode.workspace.workspaceFolders?.length) {
        this.finish(papers, { ids: [], why: new Map() }, 'Open a folder: papers are ranked by the code in it.');
        return;
      }
      this.setState('Ranking by this workspace: reading its files…');
      const budget = readBudgetFor(trustedSetting<unknown>('relevance.maxFiles'));
      const read = await readWorkspaceFiles(budget, this.texts, source.token);
      if (source.token.isCancellationRequested) return;
      this.setState(`Ranking by this workspace: ${read.files.length} files read, ranking ${papers.length} papers…`);
      const port = await (this.port ??= startWorker(this.deps.workerScript)
        .then((p) => p ?? inThreadPort())
        .then((p) => {
          p.onMessage((message) => this.waiting.get(message.seq)?.(message));
          return p;
        }));
      if (this.sentFeed !== papers) {
        this.sentFeed = papers;
        const feed = String(++this.feedKey);
        for (let i = 0; i < papers.length || i === 0; i += batchSize) {
          port.post({ type: 'papers', feed, first: i === 0, papers: papers.slice(i, i + batchSize).map(rankable) });
        }
      }
      const tags: [string, readonly string[]][] = [];
      for (const p of papers) {
        const t = this.deps.tags(p.id);
        if (t.length) tags.push([p.id, t]);
      }
      const seq = ++this.seq;
      const answer = await new Promise<FromRelevanceWorker>((resolve) => {
        this.waiting.set(seq, resolve);
        port.post({ type: 'rank', seq, feed: String(this.feedKey), files: read.files, tags, limit: rankedLimit });
      });
      this.waiting.delete(seq);
      if (source.token.isCancellationRequested) return;
      if (answer.type === 'error') throw new Error(answer.message);
      const unread = read.overBudget ? `; ${read.overBudget} more left unread (budget)` : '';
      this.deps.log.info(`relevance: ${papers.length} papers ranked by ${read.files.length} files in ${Date.now() - started} ms (scoring ${answer.tookMs} ms)`);
      this.finish(papers, toRanking(answer.ranked), `Ranked by ${read.files.length} files of this workspace${unread}.`);
    } catch (error) {
      this.deps.log.error(`relevance: ranking failed: ${String(error)}`);
      this.finish(this.deps.papers(), { ids: [], why: new Map() }, `Could not rank by this workspace: ${errorText(error)}`);
    } finally {
      if (this.running === source) this.running = undefined;
      source.dispose();
    }
  }

  private finish(papers: readonly Paper[], ranking: WorkspaceRanking, state: string): void {
    this.rankedFeed = papers;
    this.current = ranking;
    this.running = undefined;
    this.setState(state);
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.running?.cancel();
    void this.port?.then((p) => p.terminate());
    super.dispose();
  }
}

function toRanking(ranked: readonly RankedPaper[]): WorkspaceRanking {
  return { ids: ranked.map((r) => r.id), why: new Map(ranked.map((r) => [r.id, formatReasons(r.reasons)])) };
}

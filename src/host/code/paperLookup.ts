import * as vscode from 'vscode';
import { parseArxivId } from '../../core/arxivId';
import type { FeedCache, FeedLoader } from '../../core/feeds/feedLoader';
import { LookupQueue, withTimeout } from '../../core/links/lookupQueue';
import type { HoverLookup } from '../../core/links/paperHover';
import { originKey } from '../../core/feeds/feedSource';
import type { Paper } from '../../core/paper';

export interface PaperLookupDeps {
  /** Papers Marginalia already has: feeds loaded this session, recently opened papers, the library. */
  readonly known: (id: string) => Promise<Paper | undefined>;
  /** The extension's feed loader: its arXiv rate limit (one call per 3 s) is shared with the feeds. */
  readonly loader: FeedLoader;
  /** Papers looked up before, one entry per id, so they are known offline and in later sessions. */
  readonly store: FeedCache;
  readonly log: (message: string) => void;
}

/** Why a paper could not be opened by its arXiv id, in the user's terms; the paper view shows it with a Retry. */
export class PaperLookupError extends Error {
  override readonly name = 'PaperLookupError';
  constructor(
    readonly arxivId: string,
    /** `not-found`: arXiv answered and has no such paper; `unreachable`: arXiv could not be asked (offline?). */
    readonly reason: 'not-found' | 'unreachable',
    message: string,
  ) {
    super(message);
  }
}

/** The paper of a lookup's answer, or the `PaperLookupError` saying why there is none. */
function answerOrThrow(arxivId: string, found: HoverLookup): Paper {
  switch (found.state) {
    case 'found':
      return found.paper;
    case 'failed':
      throw new PaperLookupError(arxivId, 'unreachable', `${found.reason.replace(/\.$/, '')}. Are you offline?`);
    case 'not-found':
      throw new PaperLookupError(arxivId, 'not-found', `arXiv has no paper with the id ${arxivId}.`);
    case 'pending':
      throw new PaperLookupError(arxivId, 'unreachable', `arXiv did not answer in time for arXiv:${arxivId}.`);
  }
}

/** Kept per origin of the arXiv API endpoint: a paper a mirror (or any other server) answered never shows as arXiv's. */
const storeKey = (arxivId: string, origin: string) => `arxiv-${arxivId.replace(/\//g, '_')}-from-${originKey(origin)}`;

/**
 * Finds papers by arXiv id for hovers and links: known papers first, then earlier answers (kept in global storage),
 * then the arXiv API by `id_list`, with ids batched and cached by the feed loader. Never makes a hover wait long:
 * callers say how long they can wait and get "pending" after that, while the lookup finishes in the background.
 */
export class PaperLookup {
  private readonly queue: LookupQueue;

  constructor(private readonly deps: PaperLookupDeps) {
    this.queue = new LookupQueue({ fetchBatch: (ids) => this.fetch(ids) });
  }

  /** A paper known without asking arXiv (the caller's own papers, or one looked up before). */
  async known(arxivId: string): Promise<Paper | undefined> {
    const own = await this.deps.known(arxivId);
    // A library note alone gives a title and no abstract: an earlier arXiv answer, if kept, says more.
    if (own && own.source !== 'library') return own;
    return (await this.earlier(arxivId)) ?? own;
  }

  /** A paper arXiv answered for before (this session or an earlier one), without asking again and without `known`. */
  cached(arxivId: string): Promise<Paper | undefined> {
    return this.earlier(arxivId);
  }

  private async earlier(arxivId: string): Promise<Paper | undefined> {
    const earlier = this.queue.peek(arxivId);
    if (earlier?.state === 'found') return earlier.paper;
    const origin = this.deps.loader.origin('arxiv');
    const stored = await this.deps.store.read(storeKey(arxivId, origin)).catch(() => undefined);
    const paper = stored?.from !== origin ? undefined : stored.result.papers.find((p) => (p.arxivId ?? p.id) === arxivId);
    if (paper) this.queue.remember(paper, arxivId);
    return paper;
  }

  /** The paper, asking arXiv if needed; after `waitMs` the answer is `pending` and the lookup goes on. */
  async resolve(arxivId: string, waitMs: number): Promise<HoverLookup> {
    const known = await this.known(arxivId);
    // A library note alone: shown now, and asked of arXiv in the background so the next hover has the abstract.
    if (known?.source === 'library' && !this.queue.peek(arxivId)) void this.queue.lookup(arxivId);
    if (known) return { state: 'found', paper: known };
    return withTimeout<HoverLookup>(this.queue.lookup(arxivId), waitMs, { state: 'pending' });
  }

  /**
   * Queues lookups of other ids (the rest of a file's references, when the user hovers one of them), so they go
   * out in the same `id_list` request as the hovered one instead of one request each, 3 s apart.
   */
  prefetch(arxivIds: readonly string[]): void {
    for (const id of arxivIds.slice(0, 20)) {
      void this.known(id).then((paper) => {
        if (!paper && !this.queue.peek(id)) void this.queue.lookup(id);
      });
    }
  }

  /**
   * For opening a paper from a link: asks arXiv (with a progress notification) when the paper is not known here.
   * Undefined for ids that are not arXiv ids; throws a `PaperLookupError` saying whether arXiv has no such paper or
   * could not be asked. `retry` forgets an earlier "not found" or failure and asks arXiv again, not its cache.
   */
  async findForOpen(id: string, options: { readonly retry?: boolean } = {}): Promise<Paper | undefined> {
    const arxiv = parseArxivId(id);
    if (!arxiv) return undefined;
    if (options.retry) {
      this.queue.forget(arxiv.id);
      this.fresh.add(arxiv.id);
    }
    const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Looking up arXiv:${arxiv.id}…` }, () =>
      this.resolve(arxiv.id, 30_000),
    );
    return answerOrThrow(arxiv.id, found);
  }

  /**
   * arXiv's own record of a paper, which says its latest version (a paper from a Hugging Face feed does not): an
   * answer kept from before, else asked of arXiv with a progress notification. Throws as `findForOpen` does.
   */
  async arxivRecord(id: string): Promise<Paper | undefined> {
    const arxiv = parseArxivId(id);
    if (!arxiv) return undefined;
    const kept = await this.earlier(arxiv.id);
    if (kept) return kept;
    const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Asking arXiv for arXiv:${arxiv.id}…` }, () =>
      withTimeout<HoverLookup>(this.queue.lookup(arxiv.id), 30_000, { state: 'pending' }),
    );
    return answerOrThrow(arxiv.id, found);
  }

  /** Ids the user asked to look up again: their next request skips the loader's cached answer. */
  private readonly fresh = new Set<string>();

  private async fetch(ids: readonly string[]): Promise<readonly Paper[]> {
    const origin = this.deps.loader.origin('arxiv');
    const refresh = ids.some((id) => this.fresh.delete(id));
    const loaded = await this.deps.loader.load(
      { kind: 'arxiv', id: 'lookup', query: '', idList: ids, sortBy: 'relevance', maxResults: ids.length },
      { refresh },
    );
    const papers = loaded.result.papers.filter((p) => ids.includes(p.arxivId ?? p.id));
    await Promise.all(
      papers.map((p) =>
        this.deps.store
          .write(storeKey(p.arxivId ?? p.id, origin), {
            savedAt: loaded.fetchedAt,
            requestKey: 'lookup',
            from: origin,
            result: { format: 'arxiv-atom', papers: [p], skipped: [] },
          })
          .catch((error: unknown) => this.deps.log(`Could not keep the paper ${p.id}: ${String(error)}`)),
      ),
    );
    // An older cached answer (arXiv unreachable) that lacks an id says nothing about whether arXiv has it.
    if (loaded.staleBecause && papers.length < ids.length) throw loaded.staleBecause;
    return papers;
  }
}

/**
 * Ranking by the workspace in a worker, so the extension host's thread (shared by every extension) never cuts 100k
 * abstracts into words nor scores them. The worker keeps the feed's corpus between rankings: after a file changes,
 * only the profile is rebuilt and the papers scored again. Runtime-neutral: the port is injected.
 */
import { buildProfile, type WorkspaceFile } from './profile';
import { RelevanceCorpus, rankPapers, type RankablePaper, type RankedPaper } from './rank';

/** Caller → worker. */
export type ToRelevanceWorker =
  /** The papers of a new feed, in batches; `first` starts a new corpus under `feed`. */
  | { readonly type: 'papers'; readonly feed: string; readonly first: boolean; readonly papers: readonly RankablePaper[] }
  /** Rank the corpus of `feed` against these files. */
  | {
      readonly type: 'rank';
      readonly seq: number;
      readonly feed: string;
      readonly files: readonly WorkspaceFile[];
      readonly tags: readonly (readonly [string, readonly string[]])[];
      readonly limit: number;
    };

/** Worker → caller. */
export type FromRelevanceWorker =
  | { readonly type: 'ranked'; readonly seq: number; readonly ranked: readonly RankedPaper[]; readonly tookMs: number }
  | { readonly type: 'error'; readonly seq: number; readonly message: string };

/** The worker side: feed it every message the caller posts. */
export function relevanceWorkerHandler(post: (message: FromRelevanceWorker) => void): (message: ToRelevanceWorker) => void {
  let feed = '';
  let corpus = new RelevanceCorpus();
  return (message) => {
    if (message.type === 'papers') {
      if (message.first || message.feed !== feed) {
        feed = message.feed;
        corpus = new RelevanceCorpus();
      }
      for (const paper of message.papers) corpus.add(paper);
      return;
    }
    try {
      if (message.feed !== feed) throw new Error('the feed to rank was not sent');
      const started = Date.now();
      const ranked = rankPapers(corpus, buildProfile(message.files), { limit: message.limit, tags: new Map(message.tags) });
      post({ type: 'ranked', seq: message.seq, ranked, tookMs: Date.now() - started });
    } catch (error) {
      post({ type: 'error', seq: message.seq, message: error instanceof Error ? error.message : String(error) });
    }
  };
}

/** What ranking needs of a paper, and nothing more (what crosses to the worker). */
export function rankable(paper: { readonly id: string; readonly title: string; readonly abstract: string; readonly arxivId?: string }): RankablePaper {
  return { id: paper.id, title: paper.title, abstract: paper.abstract, ...(paper.arxivId ? { arxivId: paper.arxivId } : {}) };
}

/**
 * Looks papers up by arXiv id in batches: ids asked for within a short window go out in one request (the arXiv
 * API's `id_list`), each id is asked for once, answers are remembered, and failures are remembered for a while so
 * a hover over an id while offline does not send a request on every mouse move.
 *
 * Pure: the request itself (`fetchBatch`, the host's feed loader with its cache and rate limit) and the clock are
 * given. Callers get a promise per id and may stop waiting at any time; the lookup goes on and its answer is kept.
 */
import type { Paper } from '../paper';

export type LookupOutcome =
  { readonly state: 'found'; readonly paper: Paper } | { readonly state: 'not-found' } | { readonly state: 'failed'; readonly reason: string };

export interface LookupQueueDeps {
  /** Fetches papers by arXiv id (no versions); returns what arXiv has, in any order. */
  readonly fetchBatch: (ids: readonly string[]) => Promise<readonly Paper[]>;
  readonly now?: () => number;
  readonly schedule?: (run: () => void, ms: number) => void;
  /** How long ids are gathered before a request goes out. Default 50 ms. */
  readonly gatherMs?: number;
  /** Most ids in one request. Default 20. */
  readonly maxBatch?: number;
  /** How long a failure is remembered before the id is tried again. Default 60 s. */
  readonly retryFailedMs?: number;
  /** How long "arXiv has no such paper" is remembered (new papers appear). Default 1 h. */
  readonly retryMissingMs?: number;
}

interface Settled {
  readonly outcome: LookupOutcome;
  readonly at: number;
}

export class LookupQueue {
  private readonly settled = new Map<string, Settled>();
  private readonly inFlight = new Map<string, Promise<LookupOutcome>>();
  private waiting: { id: string; resolve: (outcome: LookupOutcome) => void }[] = [];
  private scheduled = false;
  private readonly now: () => number;
  private readonly schedule: (run: () => void, ms: number) => void;

  constructor(private readonly deps: LookupQueueDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.schedule = deps.schedule ?? ((run, ms) => void setTimeout(run, ms));
  }

  /** The answer already known for an id, without asking anyone. Expired failures count as unknown. */
  peek(id: string): LookupOutcome | undefined {
    const known = this.settled.get(id);
    if (!known) return undefined;
    if (known.outcome.state === 'found') return known.outcome;
    const ttl = known.outcome.state === 'failed' ? (this.deps.retryFailedMs ?? 60_000) : (this.deps.retryMissingMs ?? 3_600_000);
    return this.now() - known.at < ttl ? known.outcome : undefined;
  }

  /** Whether a request for this id is under way. */
  isPending(id: string): boolean {
    return this.inFlight.has(id);
  }

  /** Remembers a paper found elsewhere (a persisted earlier answer). */
  remember(paper: Paper, id = paper.arxivId ?? paper.id): void {
    this.settled.set(id, { outcome: { state: 'found', paper }, at: this.now() });
  }

  /** Forgets a remembered "not found" or failure, so the next lookup asks again (the user pressed Retry). */
  forget(id: string): void {
    if (this.settled.get(id)?.outcome.state !== 'found') this.settled.delete(id);
  }

  /** The paper for an arXiv id: the known answer, or one from the next batch. */
  lookup(id: string): Promise<LookupOutcome> {
    const known = this.peek(id);
    if (known) return Promise.resolve(known);
    const pending = this.inFlight.get(id);
    if (pending) return pending;
    const promise = new Promise<LookupOutcome>((resolve) => this.waiting.push({ id, resolve }));
    this.inFlight.set(id, promise);
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => void this.flush(), this.deps.gatherMs ?? 50);
    }
    return promise;
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const max = this.deps.maxBatch ?? 20;
    const batch = this.waiting.splice(0, max);
    if (this.waiting.length > 0) {
      this.scheduled = true;
      this.schedule(() => void this.flush(), 0);
    }
    if (batch.length === 0) return;
    const ids = [...new Set(batch.map((w) => w.id))];
    let outcomes: Map<string, LookupOutcome>;
    try {
      const papers = await this.deps.fetchBatch(ids);
      const byId = new Map<string, Paper>();
      for (const paper of papers) {
        const key = paper.arxivId ?? paper.id;
        if (ids.includes(key) && !byId.has(key)) byId.set(key, paper);
      }
      outcomes = new Map(ids.map((id) => [id, byId.has(id) ? { state: 'found', paper: byId.get(id)! } : { state: 'not-found' }]));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      outcomes = new Map(ids.map((id) => [id, { state: 'failed', reason }]));
    }
    const at = this.now();
    for (const [id, outcome] of outcomes) {
      this.settled.set(id, { outcome, at });
      this.inFlight.delete(id);
    }
    for (const w of batch) w.resolve(outcomes.get(w.id)!);
  }
}

/** Resolves with the promise's value, or with `fallback` once `ms` passed (the promise still runs). */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  fallback: T,
  schedule: (run: () => void, ms: number) => void = (run, t) => void setTimeout(run, t),
): Promise<T> {
  return new Promise<T>((resolve) => {
    let done = false;
    schedule(() => {
      if (!done) {
        done = true;
        resolve(fallback);
      }
    }, ms);
    promise.then(
      (value) => {
        if (!done) {
          done = true;
          resolve(value);
        }
      },
      () => {
        if (!done) {
          done = true;
          resolve(fallback);
        }
      },
    );
  });
}

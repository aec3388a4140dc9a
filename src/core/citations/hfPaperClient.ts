/**
 * Fetches a paper's Hugging Face paper page (`/api/papers/{arxivId}`) for the models, datasets and Spaces linked to
 * it: rate-limited, cached per endpoint origin, offline-safe like the Semantic Scholar client beside it. Nothing
 * calls it until the user opens a paper.
 */
import { endpointOrigin, originKey } from '../feeds/feedSource';
import type { HttpClient } from '../net/http';
import { Clock, RateLimiter, systemClock } from '../net/rateLimiter';
import type { CitationCache, CitationLoadOptions } from './citationClient';
import { HfLinkedRepos, parseHfLinkedRepos } from './hfLinkedRepos';
import { CitationError } from './semanticScholar';
import { rateLimitedGet, serviceError } from './serviceRequest';

const SERVICE = 'Hugging Face';
const DAY = 24 * 60 * 60 * 1000;

export interface HfPaperClientDeps {
  readonly http: HttpClient;
  readonly cache: CitationCache<HfLinkedRepos>;
  /** The Hub API base (`https://huggingface.co/api`), read on every request so a changed setting applies at once. */
  readonly endpoint: () => string;
  readonly clock?: Clock;
  readonly gapMs?: number;
  readonly timeoutMs?: number;
  readonly maxAgeMs?: number;
  readonly maxBytes?: number;
}

export interface LoadedHfLinks {
  readonly links: HfLinkedRepos;
  readonly fetchedAt: number;
  readonly fromCache: boolean;
  /** Set when this is an older copy shown because fetching failed: what failed. */
  readonly staleBecause?: CitationError;
}

/** The site the API base belongs to, where repository pages live: `https://huggingface.co/api` → `https://huggingface.co`. */
export function hfSiteOf(apiBase: string): string {
  return apiBase
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api$/, '');
}

export class HfPaperClient {
  private readonly clock: Clock;
  private readonly limiter: RateLimiter;
  private readonly inFlight = new Map<string, Promise<LoadedHfLinks>>();

  constructor(private readonly deps: HfPaperClientDeps) {
    this.clock = deps.clock ?? systemClock;
    this.limiter = new RateLimiter(deps.gapMs ?? 500, this.clock);
  }

  url(arxivId: string): string {
    return `${this.deps.endpoint().trim().replace(/\/+$/, '')}/papers/${encodeURIComponent(arxivId)}`;
  }

  cacheKey(arxivId: string): string {
    return `hf-${originKey(endpointOrigin(this.deps.endpoint()))}-paper-${arxivId.replace(/[^\w.-]/g, '_')}`;
  }

  load(arxivId: string, options: CitationLoadOptions = {}): Promise<LoadedHfLinks> {
    const key = this.cacheKey(arxivId);
    const running = this.inFlight.get(key);
    if (running && !options.refresh) return running;
    const task = this.loadUncoalesced(arxivId, key, options).finally(() => {
      if (this.inFlight.get(key) === task) this.inFlight.delete(key);
    });
    this.inFlight.set(key, task);
    return task;
  }

  private async loadUncoalesced(arxivId: string, key: string, options: CitationLoadOptions): Promise<LoadedHfLinks> {
    const from = endpointOrigin(this.deps.endpoint());
    const stored = await this.deps.cache.read(key).catch(() => undefined);
    const cached = stored?.from === from ? stored : undefined;
    const fresh = cached !== undefined && this.clock.now() - cached.savedAt < (this.deps.maxAgeMs ?? DAY);
    if (cached && fresh && !options.refresh) return { links: cached.page, fetchedAt: cached.savedAt, fromCache: true };
    try {
      const links = await this.fetchLinks(arxivId, options.signal);
      const fetchedAt = this.clock.now();
      await this.deps.cache.write(key, { savedAt: fetchedAt, from, page: links }).catch(() => undefined);
      return { links, fetchedAt, fromCache: false };
    } catch (error) {
      const failure = toHfError(error);
      if (cached && failure.kind !== 'cancelled' && failure.kind !== 'not-found') {
        return { links: cached.page, fetchedAt: cached.savedAt, fromCache: true, staleBecause: failure };
      }
      throw failure;
    }
  }

  private async fetchLinks(arxivId: string, signal: AbortSignal | undefined): Promise<HfLinkedRepos> {
    const response = await rateLimitedGet(this.deps.http, this.limiter, this.url(arxivId), signal, this.deps);
    if (response.status === 404) throw new CitationError('not-found', `${SERVICE} has no paper page for arXiv:${arxivId}.`, 404);
    if (response.status === 429) throw new CitationError('rate-limited', `${SERVICE} asks to wait before more requests; try again in a minute.`, 429);
    if (response.status !== 200) throw new CitationError('service-error', `${SERVICE} answered HTTP ${response.status}.`, response.status);
    return parseHfLinkedRepos(new TextDecoder().decode(response.body), hfSiteOf(this.deps.endpoint()));
  }
}

function toHfError(error: unknown): CitationError {
  return serviceError(error, SERVICE, `${SERVICE} links`);
}

/**
 * Fetches what cites a paper and what it cites from Semantic Scholar's graph API: rate-limited, cached per
 * endpoint origin, and offline-safe (the last copy is shown, with what failed, when the network does not answer).
 * Nothing calls it until the user opens a paper.
 */
import { endpointOrigin, originKey } from '../feeds/feedSource';
import type { HttpClient } from '../net/http';
import { Clock, RateLimiter, systemClock } from '../net/rateLimiter';
import { CitationDirection, CitationError, CitationPage, citationErrorOf, parseCitationPage } from './semanticScholar';
import { rateLimitedGet, serviceError } from './serviceRequest';

/** The public graph API; a setting (`marginalia.citations.semanticScholarApi`) may point elsewhere. */
export const defaultSemanticScholarApi = 'https://api.semanticscholar.org/graph/v1';

/** The fields the paper view shows: asking for fewer keeps answers small. */
export const citationFields = 'title,year,authors,citationCount,externalIds';

export interface CachedCitations<T = CitationPage> {
  /** When the page was fetched (ms since epoch). */
  readonly savedAt: number;
  /** The origin of the endpoint it came from; a copy from another origin is never shown. */
  readonly from: string;
  readonly page: T;
}

/** Where fetched pages are kept between sessions (the host uses global storage). */
export interface CitationCache<T = CitationPage> {
  read(key: string): Promise<CachedCitations<T> | undefined>;
  write(key: string, value: CachedCitations<T>): Promise<void>;
}

/** A cache in memory, for one session (and tests). */
export function memoryCitationCache<T = CitationPage>(): CitationCache<T> & { readonly entries: Map<string, CachedCitations<T>> } {
  const entries = new Map<string, CachedCitations<T>>();
  return {
    entries,
    read: async (key) => entries.get(key),
    write: async (key, value) => void entries.set(key, value),
  };
}

export interface CitationClientDeps {
  readonly http: HttpClient;
  readonly cache: CitationCache;
  /** The graph API base, read on every request so a changed setting applies at once. */
  readonly endpoint: () => string;
  readonly clock?: Clock;
  /** Gap between requests; S2's shared unauthenticated pool allows about one a second. */
  readonly gapMs?: number;
  readonly timeoutMs?: number;
  /** How long a fetched page is used without asking again. Default one day. */
  readonly maxAgeMs?: number;
  /** Papers per page. Default 100. */
  readonly limit?: number;
  readonly maxBytes?: number;
}

export interface LoadedCitations {
  readonly page: CitationPage;
  readonly fetchedAt: number;
  readonly fromCache: boolean;
  /** Set when this is an older copy shown because fetching failed: what failed. */
  readonly staleBecause?: CitationError;
}

export interface CitationLoadOptions {
  readonly signal?: AbortSignal;
  /** Ask again even when a fresh copy is cached (the Retry button). */
  readonly refresh?: boolean;
}

const DAY = 24 * 60 * 60 * 1000;

export class CitationClient {
  private readonly clock: Clock;
  private readonly limiter: RateLimiter;
  private readonly inFlight = new Map<string, Promise<LoadedCitations>>();

  constructor(private readonly deps: CitationClientDeps) {
    this.clock = deps.clock ?? systemClock;
    this.limiter = new RateLimiter(deps.gapMs ?? 1100, this.clock);
  }

  /** The URL of one direction's first page for an arXiv paper. */
  url(arxivId: string, direction: CitationDirection): string {
    const base = this.deps.endpoint().trim().replace(/\/+$/, '');
    return `${base}/paper/arXiv:${encodeURIComponent(arxivId)}/${direction}?fields=${citationFields}&limit=${this.deps.limit ?? 100}`;
  }

  /** The key a page is cached under: the endpoint's origin, the direction and the paper. */
  cacheKey(arxivId: string, direction: CitationDirection): string {
    return `s2-${originKey(endpointOrigin(this.deps.endpoint()))}-${direction}-${arxivId.replace(/[^\w.-]/g, '_')}`;
  }

  /** The first page of papers citing (`citations`) or cited by (`references`) an arXiv paper. */
  load(arxivId: string, direction: CitationDirection, options: CitationLoadOptions = {}): Promise<LoadedCitations> {
    const key = this.cacheKey(arxivId, direction);
    const running = this.inFlight.get(key);
    if (running && !options.refresh) return running;
    const task = this.loadUncoalesced(arxivId, direction, key, options).finally(() => {
      if (this.inFlight.get(key) === task) this.inFlight.delete(key);
    });
    this.inFlight.set(key, task);
    return task;
  }

  private async loadUncoalesced(arxivId: string, direction: CitationDirection, key: string, options: CitationLoadOptions): Promise<LoadedCitations> {
    const from = endpointOrigin(this.deps.endpoint());
    const stored = await this.deps.cache.read(key).catch(() => undefined);
    const cached = stored?.from === from ? stored : undefined;
    const fresh = cached !== undefined && this.clock.now() - cached.savedAt < (this.deps.maxAgeMs ?? DAY);
    if (cached && fresh && !options.refresh) return { page: cached.page, fetchedAt: cached.savedAt, fromCache: true };
    try {
      const page = await this.fetchPage(arxivId, direction, options.signal);
      const fetchedAt = this.clock.now();
      await this.deps.cache.write(key, { savedAt: fetchedAt, from, page }).catch(() => undefined);
      return { page, fetchedAt, fromCache: false };
    } catch (error) {
      const failure = toCitationError(error);
      // Offline or failing: the last good copy beats nothing, as long as the user is told.
      if (cached && failure.kind !== 'cancelled' && failure.kind !== 'not-found') {
        return { page: cached.page, fetchedAt: cached.savedAt, fromCache: true, staleBecause: failure };
      }
      throw failure;
    }
  }

  private async fetchPage(arxivId: string, direction: CitationDirection, signal: AbortSignal | undefined): Promise<CitationPage> {
    const url = this.url(arxivId, direction);
    const response = await rateLimitedGet(this.deps.http, this.limiter, url, signal, this.deps);
    const body = new TextDecoder().decode(response.body);
    if (response.status !== 200) throw citationErrorOf(response.status, body);
    return parseCitationPage(direction, body);
  }
}

/** Anything thrown while loading, as a `CitationError` with a message for the user. */
export function toCitationError(error: unknown): CitationError {
  return serviceError(error, 'Semantic Scholar', 'Citations');
}

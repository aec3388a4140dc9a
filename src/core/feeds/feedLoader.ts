/**
 * Loads a feed source: fetch (paged, rate-limited for arXiv) → parse → cache, and falls back to the last cached
 * copy when the network fails. Every failure becomes a `FeedLoadError` whose message is written for the user.
 */
import type { ArxivAnnounceType, FeedParseResult, Paper, SkippedEntry } from '../paper';
import { HttpClient, NetworkError, ResponseTooLargeError, formatMegabytes } from '../net/http';
import { Clock, RateLimiter, systemClock } from '../net/rateLimiter';
import { FeedError, notAFeedMessage } from './feedError';
import { libraryToFeed, parseLibrary } from '../library/parseLibrary';
import { decodeFeedBytes, parseFeed, type FeedHint } from './parseFeed';
import {
  FeedEndpoints,
  FeedSource,
  SampleFeed,
  arxivMaxPerCall,
  describeSource,
  endpointOrigin,
  originOf,
  feedCacheKey,
  hfPageSize,
  sourcePageUrl,
  sourceRequestKey,
} from './feedSource';

export interface CachedFeed {
  /** When the feed was fetched (ms since epoch). */
  readonly savedAt: number;
  /** The request key it answered (see `sourceRequestKey`). */
  readonly requestKey: string;
  /** The origin of the endpoint it was fetched from; a copy from another (or of unknown origin) is never shown. */
  readonly from?: string;
  readonly result: FeedParseResult;
}

/** Where fetched feeds are kept between sessions (the host uses global storage). */
export interface FeedCache {
  read(key: string): Promise<CachedFeed | undefined>;
  write(key: string, feed: CachedFeed): Promise<void>;
}

export type FeedLoadErrorKind = 'network' | 'timeout' | 'http' | 'service' | 'malformed' | 'cancelled' | 'file' | 'too-large';

export class FeedLoadError extends Error {
  override readonly name = 'FeedLoadError';
  constructor(
    readonly kind: FeedLoadErrorKind,
    message: string,
    /** Whether trying again later may help. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface LoadedFeed {
  readonly source: FeedSource;
  readonly result: FeedParseResult;
  /** When the papers were fetched (ms since epoch). */
  readonly fetchedAt: number;
  readonly fromCache: boolean;
  /** Set when this is an older cached copy shown because loading failed: what failed. */
  readonly staleBecause?: FeedLoadError;
}

export interface LoadOptions {
  readonly signal?: AbortSignal;
  /** Fetch even when today's copy is cached. */
  readonly refresh?: boolean;
  /** Called as pages arrive: papers so far. */
  readonly onProgress?: (loaded: number) => void;
}

export interface FeedLoaderDeps {
  readonly http: HttpClient;
  readonly cache: FeedCache;
  readonly endpoints: () => FeedEndpoints;
  /** Reads an imported feed file. */
  readonly readFile: (uri: string) => Promise<Uint8Array>;
  /** A bundled sample feed. */
  readonly loadSample: (feed: SampleFeed) => Promise<FeedParseResult>;
  /** The library's papers with their notes (the "My library" source); read fresh on every load, never cached. */
  readonly loadLibrary?: () => Promise<FeedParseResult>;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  /** Gap between arXiv API calls; arXiv asks for 3 s. */
  readonly arxivGapMs?: number;
  /** Upper bound on Hugging Face pages for a week or a month. */
  readonly maxHfPages?: number;
  /** The largest answer read from a feed's server, in bytes (read when each page is fetched). Default 20 MB. */
  readonly maxResponseBytes?: () => number;
  /**
   * Parses a feed's bytes; the host passes one that sends big ones to another thread. Throws `FeedError` as
   * `parseFeed` does. Default: `parseFeed` on this thread.
   */
  readonly parse?: (bytes: Uint8Array, hint: FeedHint) => Promise<FeedParseResult>;
}

/** What `parseFeed` calls the bibliographies `parseLibrary` reads. */
const LIBRARY_KINDS = new Set(['a BibTeX file', 'a CSL JSON library (a reference manager export)', 'a Zotero (Better BibTeX) JSON export']);

/** A real feed page is at most about 0.5 MB (200 arXiv entries); this is forty times that. */
export const defaultMaxResponseBytes = 20_000_000;

export class FeedLoader {
  private readonly clock: Clock;
  private readonly arxivLimiter: RateLimiter;
  private readonly parse: (bytes: Uint8Array, hint: FeedHint) => Promise<FeedParseResult>;

  constructor(private readonly deps: FeedLoaderDeps) {
    this.clock = deps.clock ?? systemClock;
    this.arxivLimiter = new RateLimiter(deps.arxivGapMs ?? 3000, this.clock);
    this.parse = deps.parse ?? (async (bytes, hint) => parseFeed(bytes, hint));
  }

  /** The origin a kind of source is fetched from now, for keying what is kept of its answers. */
  origin(kind: 'hf-daily' | 'arxiv'): string {
    const endpoints = this.deps.endpoints();
    return endpointOrigin(kind === 'arxiv' ? endpoints.arxiv : endpoints.huggingFace);
  }

  async load(source: FeedSource, options: LoadOptions = {}): Promise<LoadedFeed> {
    switch (source.kind) {
      case 'sample':
        return { source, result: await this.deps.loadSample(source.feed ?? 'page'), fetchedAt: this.clock.now(), fromCache: false };
      case 'file':
        return { source, result: await this.loadFile(source.uri), fetchedAt: this.clock.now(), fromCache: false };
      case 'library':
        if (!this.deps.loadLibrary) throw new FeedLoadError('file', 'The library cannot be read here.', false);
        return { source, result: await this.deps.loadLibrary(), fetchedAt: this.clock.now(), fromCache: false };
      case 'hf-daily':
      case 'arxiv':
        return this.loadRemote(source, options);
      case 'arxiv-new': {
        // The whole listing is fetched and kept; the source's announce types choose what is shown.
        const loaded = await this.loadRemote(source, options);
        return { ...loaded, result: withAnnounceTypes(loaded.result, source.announceTypes) };
      }
    }
  }

  private async loadFile(uri: string): Promise<FeedParseResult> {
    let bytes: Uint8Array;
    try {
      bytes = await this.deps.readFile(uri);
    } catch (error) {
      throw new FeedLoadError('file', `Could not read ${uri}: ${error instanceof Error ? error.message : String(error)}`, true);
    }
    try {
      return await this.parse(bytes, { fileName: uri });
    } catch (error) {
      // A bibliography (BibTeX, CSL-JSON) is not a feed, but its entries are papers to show.
      if (error instanceof FeedError && error.kind === 'unrecognised-format' && LIBRARY_KINDS.has(error.got ?? '')) {
        try {
          return libraryToFeed(await parseLibrary(decodeFeedBytes(bytes)));
        } catch (libraryError) {
          if (libraryError instanceof FeedError) throw new FeedLoadError('file', `${fileNameOf(uri)} could not be read: ${libraryError.message}`, false);
          throw toLoadError(libraryError, uri);
        }
      }
      // One short sentence that names the file once and fits the sidebar; trying again would not help.
      if (error instanceof FeedError && error.kind !== 'service-error') throw new FeedLoadError('file', notAFeedMessage(fileNameOf(uri), error), false);
      throw toLoadError(error, uri);
    }
  }

  private async loadRemote(source: FeedSource, options: LoadOptions): Promise<LoadedFeed> {
    const now = new Date(this.clock.now());
    const endpoints = this.deps.endpoints();
    const from = originOf(source, endpoints);
    const cacheKey = feedCacheKey(source, endpoints);
    const requestKey = sourceRequestKey(source, now);
    const stored = await this.deps.cache.read(cacheKey).catch(() => undefined);
    const cached = stored?.from === from ? stored : undefined;
    if (cached && !options.refresh && cached.requestKey === requestKey) {
      return { source, result: cached.result, fetchedAt: cached.savedAt, fromCache: true };
    }
    try {
      const result = await this.fetchAll(source, now, options);
      const fetchedAt = this.clock.now();
      await this.deps.cache.write(cacheKey, { savedAt: fetchedAt, requestKey, from, result }).catch(() => undefined);
      return { source, result, fetchedAt, fromCache: false };
    } catch (error) {
      const loadError = error instanceof FeedLoadError ? error : toLoadError(error, describeSource(source, now));
      // Offline or failing: the last good copy beats an empty list, as long as the user is told.
      if (cached && loadError.kind !== 'cancelled') {
        return { source, result: cached.result, fetchedAt: cached.savedAt, fromCache: true, staleBecause: loadError };
      }
      throw loadError;
    }
  }

  private async fetchAll(source: FeedSource, now: Date, options: LoadOptions): Promise<FeedParseResult> {
    const endpoints = this.deps.endpoints();
    const papers: Paper[] = [];
    const seen = new Set<string>();
    const skipped: SkippedEntry[] = [];
    let format: FeedParseResult['format'] | undefined;
    let totalResults: number | undefined;
    let notice: string | undefined;
    const maxPages = source.kind === 'arxiv' ? Math.ceil(source.maxResults / arxivMaxPerCall) : (this.deps.maxHfPages ?? 10);
    for (let page = 0; page < maxPages; page++) {
      const url = sourcePageUrl(source, endpoints, now, page);
      if (!url) break;
      const fetchPage = () => this.fetchPage(url, options.signal);
      const result =
        source.kind === 'arxiv' || source.kind === 'arxiv-new'
          ? await this.arxivLimiter.run(fetchPage, options.signal).catch(rethrowCancel)
          : await fetchPage();
      format ??= result.format;
      totalResults ??= result.totalResults;
      notice ??= result.notice;
      const offset = papers.length + skipped.length;
      for (const entry of result.skipped) skipped.push({ index: entry.index + offset, reason: entry.reason });
      for (const paper of result.papers) {
        if (seen.has(paper.id)) continue;
        seen.add(paper.id);
        papers.push(paper);
      }
      options.onProgress?.(papers.length);
      const pageSize = source.kind === 'arxiv' ? arxivMaxPerCall : hfPageSize;
      const received = result.papers.length + result.skipped.length;
      if (received < pageSize) break;
      if (totalResults !== undefined && papers.length + skipped.length >= totalResults) break;
    }
    return {
      format: format ?? (source.kind === 'arxiv' ? 'arxiv-atom' : source.kind === 'arxiv-new' ? 'arxiv-listing' : 'hf-daily-json'),
      papers,
      skipped,
      totalResults,
      ...(notice !== undefined && papers.length === 0 ? { notice } : {}),
    };
  }

  private async fetchPage(url: string, signal: AbortSignal | undefined): Promise<FeedParseResult> {
    const response = await this.deps.http
      .get(url, {
        signal,
        timeoutMs: this.deps.timeoutMs ?? 30_000,
        maxBytes: this.deps.maxResponseBytes?.() ?? defaultMaxResponseBytes,
        headers: { accept: 'application/json, application/atom+xml;q=0.9, */*;q=0.5' },
      })
      .catch((error: unknown) => {
        throw toLoadError(error, url);
      });
    const host = new URL(url).host;
    if (response.status >= 200 && response.status < 300) {
      try {
        return await this.parse(response.body, { httpStatus: response.status, contentType: response.contentType });
      } catch (error) {
        throw toLoadError(error, host);
      }
    }
    // arXiv answers some errors (HTTP 400) with an Atom error feed that says what was wrong: show its words.
    try {
      parseFeed(response.body, { httpStatus: response.status, contentType: response.contentType });
    } catch (error) {
      if (error instanceof FeedError && error.kind === 'service-error') throw new FeedLoadError('service', error.message, false);
    }
    throw httpError(response.status, host);
  }
}

/**
 * The papers of a listing whose announce type is one of `types` (papers without one are kept); when that leaves
 * none of a non-empty listing, a notice says how many the other types had.
 */
export function withAnnounceTypes(result: FeedParseResult, types: readonly ArxivAnnounceType[]): FeedParseResult {
  const papers = result.papers.filter((p) => p.announceType === undefined || types.includes(p.announceType));
  if (papers.length === result.papers.length) return result;
  const hidden = result.papers.length - papers.length;
  const notice =
    papers.length === 0
      ? `No ${types.join(' or ')} papers today; ${hidden} other${hidden === 1 ? ' was' : 's were'} announced (replacements or cross-lists this source does not show).`
      : result.notice;
  return { ...result, papers, ...(notice !== undefined ? { notice } : {}) };
}

function rethrowCancel(error: unknown): never {
  if (error instanceof FeedLoadError) throw error;
  throw new FeedLoadError('cancelled', 'Cancelled.', true);
}

function httpError(status: number, host: string): FeedLoadError {
  if (status === 429 || status === 503) return new FeedLoadError('http', `${host} is busy (HTTP ${status}). Try again in a minute.`, true);
  if (status === 404) return new FeedLoadError('http', `${host} has no such feed (HTTP 404). Check the source's date or query.`, false);
  if (status >= 500) return new FeedLoadError('http', `${host} had a server error (HTTP ${status}). Try again later.`, true);
  return new FeedLoadError('http', `${host} refused the request (HTTP ${status}).`, false);
}

/** Maps anything thrown while loading to a `FeedLoadError` with a message for the user. */
/** The last segment of a URI or path, decoded: what a user calls the file. */
export function fileNameOf(uri: string): string {
  const last =
    uri
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split(/[/\\]/)
      .pop() ?? uri;
  try {
    return decodeURIComponent(last) || uri;
  } catch {
    return last || uri;
  }
}

export function toLoadError(error: unknown, where: string): FeedLoadError {
  if (error instanceof FeedLoadError) return error;
  if (error instanceof ResponseTooLargeError) {
    return new FeedLoadError(
      'too-large',
      `The feed from ${hostOf(error.url)} is larger than ${formatMegabytes(error.maxBytes)}, the most Marginalia reads from a feed (setting marginalia.feeds.maxResponseMB); it was not loaded.`,
      false,
    );
  }
  if (error instanceof NetworkError) {
    if (error.kind === 'aborted') return new FeedLoadError('cancelled', 'Cancelled.', true);
    return new FeedLoadError(error.kind === 'timeout' ? 'timeout' : 'network', error.message, true);
  }
  if (error instanceof FeedError) {
    if (error.kind === 'service-error') return new FeedLoadError('service', error.message, false);
    return new FeedLoadError('malformed', `The feed from ${where} could not be read: ${error.message}`, true);
  }
  return new FeedLoadError('malformed', `The feed from ${where} could not be read: ${error instanceof Error ? error.message : String(error)}`, true);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Harvesting arXiv's OAI-PMH interface: GetRecord for one paper, ListRecords page after page by resumption token.
 * arXiv answers a client that asks too fast with HTTP 503 and `Retry-After` (seconds, or an HTTP date): we wait
 * as long as it says (capped), then ask again, a few times at most. OAI errors become FeedLoadErrors with the
 * server's words; network and HTTP failures too.
 */
import type { Paper } from '../paper';
import { HttpClient } from '../net/http';
import { Clock, systemClock } from '../net/rateLimiter';
import { FeedError } from './feedError';
import { FeedLoadError, toLoadError } from './feedLoader';
import { decodeFeedBytes } from './parseFeed';
import { OaiPage, parseOaiPmh } from './oaiPmh';

export type OaiMetadataPrefix = 'arXiv' | 'arXivRaw' | 'oai_dc';

/** arXiv's OAI-PMH endpoint since 2025 (`export.arxiv.org/oai2` before). */
export const defaultOaiEndpoint = 'https://oaipmh.arxiv.org/oai';

export interface OaiListRequest {
  readonly metadataPrefix: OaiMetadataPrefix;
  /** `YYYY-MM-DD`, inclusive. */
  readonly from?: string;
  readonly until?: string;
  /** An OAI set: `cs`, `physics:hep-th`, `math`. */
  readonly set?: string;
}

export interface OaiClientOptions {
  readonly http: HttpClient;
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  /** Retries after a 503 or 429 (default 5). */
  readonly maxRetries?: number;
  /** The longest wait a `Retry-After` may ask for (default 10 minutes); longer is an error. */
  readonly maxRetryWaitMs?: number;
  /** The wait when a 503 says nothing (default 10 s). */
  readonly defaultRetryMs?: number;
  readonly maxResponseBytes?: number;
  /** Told before each wait a 503 or 429 asks for, so a caller can say why nothing happens meanwhile. */
  readonly onRetry?: (waitMs: number, status: number) => void;
}

/** Milliseconds a `Retry-After` header asks for, or undefined when it says nothing usable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,7}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export function oaiUrl(endpoint: string, params: Readonly<Record<string, string | undefined>>): string {
  const url = new URL(endpoint);
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') url.searchParams.set(key, value);
  return url.toString();
}

export class OaiClient {
  private readonly clock: Clock;

  constructor(
    private readonly endpoint: string,
    private readonly options: OaiClientOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** One paper by arXiv id. */
  async getRecord(arxivId: string, metadataPrefix: OaiMetadataPrefix = 'arXiv', signal?: AbortSignal): Promise<Paper | undefined> {
    const page = await this.fetchPage(oaiUrl(this.endpoint, { verb: 'GetRecord', identifier: `oai:arXiv.org:${arxivId}`, metadataPrefix }), signal);
    return page.papers[0];
  }

  /** Every page of a ListRecords request, following resumption tokens until the last page. */
  async *listRecords(request: OaiListRequest, signal?: AbortSignal): AsyncGenerator<OaiPage> {
    let url = oaiUrl(this.endpoint, {
      verb: 'ListRecords',
      metadataPrefix: request.metadataPrefix,
      from: request.from,
      until: request.until,
      set: request.set,
    });
    const seen = new Set<string>();
    for (;;) {
      const page = await this.fetchPage(url, signal);
      yield page;
      const token = page.resumptionToken;
      if (!token) return;
      if (seen.has(token)) throw new FeedLoadError('service', 'The OAI-PMH server sent the same resumption token twice; the harvest stopped.', false);
      seen.add(token);
      // A resumption request carries the verb and the token only (OAI-PMH 2.0, section 3.5).
      url = oaiUrl(this.endpoint, { verb: 'ListRecords', resumptionToken: token });
    }
  }

  private async fetchPage(url: string, signal?: AbortSignal): Promise<OaiPage> {
    const maxRetries = this.options.maxRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      const response = await this.options.http
        .get(url, {
          signal,
          timeoutMs: this.options.timeoutMs ?? 60_000,
          maxBytes: this.options.maxResponseBytes ?? 100_000_000,
          headers: { accept: 'text/xml, application/xml;q=0.9, */*;q=0.5' },
        })
        .catch((error: unknown) => {
          throw toLoadError(error, url);
        });
      const host = new URL(url).host;
      if ((response.status === 503 || response.status === 429) && attempt < maxRetries) {
        const wait = retryAfterMs(response.retryAfter, this.clock.now()) ?? this.options.defaultRetryMs ?? 10_000;
        const cap = this.options.maxRetryWaitMs ?? 600_000;
        if (wait > cap)
          throw new FeedLoadError(
            'http',
            `${host} asks to wait ${Math.round(wait / 1000)} s before the next request (HTTP ${response.status}); try again later.`,
            true,
          );
        this.options.onRetry?.(wait, response.status);
        try {
          await this.clock.sleep(wait, signal);
        } catch {
          throw new FeedLoadError('cancelled', 'Cancelled.', true);
        }
        continue;
      }
      if (response.status < 200 || response.status >= 300) {
        throw new FeedLoadError(
          'http',
          `${host} answered HTTP ${response.status}${response.status === 503 || response.status === 429 ? ` after ${maxRetries} retries` : ''}.`,
          response.status >= 500 || response.status === 429,
        );
      }
      try {
        return parseOaiPmh(decodeFeedBytes(response.body));
      } catch (error) {
        if (error instanceof FeedError && error.kind === 'service-error') throw new FeedLoadError('service', error.message, false);
        throw toLoadError(error, host);
      }
    }
  }
}

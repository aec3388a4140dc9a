/**
 * What the two paper-graph clients (Semantic Scholar, the Hugging Face paper page) share: a JSON GET taken in turn
 * through the service's rate limiter, and the error a user is shown for anything that went wrong on the way.
 */
import { HttpClient, HttpResponse, NetworkError, ResponseTooLargeError } from '../net/http';
import type { RateLimiter } from '../net/rateLimiter';
import { CitationError } from './semanticScholar';

export interface ServiceRequestOptions {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
}

/** GETs `url` when the limiter gives this request its turn; a wait given up (the signal) is a cancellation. */
export function rateLimitedGet(
  http: HttpClient,
  limiter: RateLimiter,
  url: string,
  signal: AbortSignal | undefined,
  options: ServiceRequestOptions,
): Promise<HttpResponse> {
  return limiter
    .run(
      () => http.get(url, { signal, timeoutMs: options.timeoutMs ?? 20_000, maxBytes: options.maxBytes ?? 5_000_000, headers: { accept: 'application/json' } }),
      signal,
    )
    .catch((error: unknown) => {
      if (error instanceof NetworkError || error instanceof ResponseTooLargeError) throw error;
      throw new CitationError('cancelled', 'Cancelled.');
    });
}

/** Anything thrown while asking `service`, as a `CitationError` whose message names it (`what` for other failures). */
export function serviceError(error: unknown, service: string, what: string): CitationError {
  if (error instanceof CitationError) return error;
  if (error instanceof NetworkError) {
    if (error.kind === 'aborted') return new CitationError('cancelled', 'Cancelled.');
    return new CitationError('offline', `${service} could not be reached: ${error.message}`);
  }
  if (error instanceof ResponseTooLargeError) return new CitationError('too-large', `${service} sent more than Marginalia reads (${error.message})`);
  return new CitationError('service-error', `${what} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
}

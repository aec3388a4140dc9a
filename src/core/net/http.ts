/** The HTTP the core needs: one GET. The host and the CLI both give it `fetch`; tests give it a real server. */
import { concatBytes } from './bytes';

export interface HttpResponse {
  readonly status: number;
  readonly contentType?: string;
  readonly body: Uint8Array;
  /** The `Retry-After` header when the server sent one (seconds or an HTTP date), for 503 and 429 answers. */
  readonly retryAfter?: string;
}

export interface HttpGetOptions {
  readonly signal?: AbortSignal;
  /** Give up when no complete answer came within this many milliseconds. */
  readonly timeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Refuse a body longer than this many bytes (`ResponseTooLargeError`), without reading more of it. */
  readonly maxBytes?: number;
}

export interface HttpClient {
  /**
   * Resolves for every HTTP status; rejects with `NetworkError` when no answer came, `ResponseTooLargeError` when
   * the body passed `maxBytes`.
   */
  get(url: string, options?: HttpGetOptions): Promise<HttpResponse>;
}

/** Why a request got no HTTP answer. */
export type NetworkErrorKind = 'timeout' | 'aborted' | 'unreachable';

export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly kind: NetworkErrorKind,
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

/** A body was longer than the caller's `maxBytes`: the request was ended there, nothing of it kept. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(
    readonly maxBytes: number,
    readonly url: string,
  ) {
    super(`${safeHost(url)} sent more than ${formatMegabytes(maxBytes)}.`);
  }
}

/** `52 MB`, `0.5 MB`: how the limit is written in messages. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / 1_000_000;
  return `${mb >= 10 ? Math.round(mb) : Number(mb.toFixed(1))} MB`;
}

/**
 * The body, read piece by piece and given up as soon as it passes `maxBytes` (or when a content-length already
 * says it will): a 400 MB answer is never held whole.
 */
async function readBody(response: Response, maxBytes: number | undefined, url: string): Promise<Uint8Array> {
  if (maxBytes === undefined || !response.body) return new Uint8Array(await response.arrayBuffer());
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxBytes, url);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      chunks.length = 0;
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(maxBytes, url);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  return concatBytes(chunks, length);
}

/** An `HttpClient` over the global `fetch` (Node 20, browsers, VS Code's extension hosts). */
export function fetchHttpClient(fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis)): HttpClient {
  return {
    async get(url, options = {}) {
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) controller.abort();
      let timedOut = false;
      const timer = options.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, options.timeoutMs)
        : undefined;
      try {
        const response = await fetchImpl(url, { signal: controller.signal, headers: options.headers, redirect: 'follow' });
        // The body is read under the same timeout: a server that stalls mid-body is a timeout too.
        const body = await readBody(response, options.maxBytes, url);
        const retryAfter = response.headers.get('retry-after') ?? undefined;
        return {
          status: response.status,
          contentType: response.headers.get('content-type') ?? undefined,
          body,
          ...(retryAfter !== undefined ? { retryAfter } : {}),
        };
      } catch (error) {
        if (error instanceof ResponseTooLargeError) {
          controller.abort();
          throw error;
        }
        const host = safeHost(url);
        if (timedOut) throw new NetworkError('timeout', `${host} did not answer within ${Math.round((options.timeoutMs ?? 0) / 1000)} s.`, url);
        if (options.signal?.aborted) throw new NetworkError('aborted', 'Cancelled.', url);
        const detail = error instanceof Error ? describeCause(error) : String(error);
        throw new NetworkError('unreachable', `Could not reach ${host}${detail ? ` (${detail})` : ''}.`, url);
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Node's fetch hides the useful part (ECONNREFUSED, ECONNRESET, ENOTFOUND) in `cause`. */
function describeCause(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause && typeof cause === 'object') {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const message = (cause as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return error.message === 'fetch failed' ? '' : error.message;
}

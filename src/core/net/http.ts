/** The HTTP the core needs: one GET. The host and the CLI both give it `fetch`; tests give it a real server. */

export interface HttpResponse {
  readonly status: number;
  readonly contentType?: string;
  readonly body: Uint8Array;
}

export interface HttpGetOptions {
  readonly signal?: AbortSignal;
  /** Give up when no complete answer came within this many milliseconds. */
  readonly timeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpClient {
  /** Resolves for every HTTP status; rejects with `NetworkError` when no answer came. */
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
        const body = new Uint8Array(await response.arrayBuffer());
        return { status: response.status, contentType: response.headers.get('content-type') ?? undefined, body };
      } catch (error) {
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

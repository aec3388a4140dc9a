/**
 * Downloads a PDF into a cache folder so that a failed, partial or cancelled download never leaves a file behind:
 * the bytes are checked (a `%PDF-` header, the announced length, an end-of-file marker) before anything is written,
 * written under a temporary name, and only then renamed to the final name.
 *
 * Pure: the file system and `fetch` are given, so the host uses `vscode.workspace.fs` and tests use Node's `fs`.
 */
import { concatBytes } from '../net/bytes';

/** The few file operations the cache needs, relative to its folder. */
export interface PdfStore {
  /** Names of the files in the folder ([] when it does not exist yet). */
  list(): Promise<string[]>;
  write(name: string, data: Uint8Array): Promise<void>;
  /** Replaces `to` if it exists. */
  rename(from: string, to: string): Promise<void>;
  /** No error when the file is already gone. */
  delete(name: string): Promise<void>;
}

export type PdfDownloadErrorKind = 'network' | 'http' | 'not-pdf' | 'truncated' | 'cancelled' | 'too-large' | 'stalled';

export class PdfDownloadError extends Error {
  override readonly name = 'PdfDownloadError';
  constructor(
    readonly kind: PdfDownloadErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface DownloadProgress {
  readonly received: number;
  /** From `content-length`, when the server sent one. */
  readonly total?: number;
}

export interface PdfDownloadOptions {
  readonly url: string;
  readonly store: PdfStore;
  /** Final file name in the store. */
  readonly name: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DownloadProgress) => void;
  readonly fetch?: typeof fetch;
  /** Refuse bodies larger than this (default 200 MB): a PDF reader is not a general downloader. */
  readonly maxBytes?: number;
  /** Give up when the server sends nothing (no answer, no bytes) for this long. Default 30 s. */
  readonly idleTimeoutMs?: number;
}

/** Whether trying the same download again may work (the server or the network had a bad moment). */
export function isRetryable(error: PdfDownloadError): boolean {
  return error.kind === 'network' || error.kind === 'truncated' || error.kind === 'stalled';
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const EOF_MARKER = [0x25, 0x25, 0x45, 0x4f, 0x46]; // %%EOF

/** True when the bytes start with `%PDF-` (arXiv answers some robots with an HTML captcha page and status 200). */
export function startsWithPdfHeader(bytes: Uint8Array): boolean {
  return bytes.length >= PDF_MAGIC.length && PDF_MAGIC.every((b, i) => bytes[i] === b);
}

/** True when `%%EOF` occurs in the last `window` bytes: the usual sign that a PDF was not cut short. */
export function hasEofMarker(bytes: Uint8Array, window = 2048): boolean {
  const from = Math.max(0, bytes.length - window);
  outer: for (let i = bytes.length - EOF_MARKER.length; i >= from; i--) {
    for (let j = 0; j < EOF_MARKER.length; j++) if (bytes[i + j] !== EOF_MARKER[j]) continue outer;
    return true;
  }
  return false;
}

function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

/** A temporary name in the same folder, so the final rename never crosses file systems. */
function tempName(name: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `.${name}.${random}.part`;
}

/** Downloads `url` into `store/name`; resolves with the byte count, rejects with a `PdfDownloadError`. */
export async function downloadPdf(options: PdfDownloadOptions): Promise<number> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const maxBytes = options.maxBytes ?? 200 * 1024 * 1024;
  const idleMs = options.idleTimeoutMs ?? 30_000;
  const userSignal = options.signal;
  const cancelled = () => new PdfDownloadError('cancelled', 'The download was cancelled.');
  if (userSignal?.aborted) throw cancelled();
  // The request is ended by the user's cancel or by the watchdog, which every answer and every piece re-arms: a
  // server that sends its headers and then nothing must not leave the reader waiting for ever.
  const controller = new AbortController();
  const onUserAbort = () => controller.abort();
  userSignal?.addEventListener('abort', onUserAbort, { once: true });
  let stalled = false;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const rearm = (finished = false) => {
    if (watchdog !== undefined) clearTimeout(watchdog);
    if (finished) return;
    watchdog = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, idleMs);
  };
  const stalledError = () =>
    new PdfDownloadError('stalled', `${new URL(options.url).host} stopped sending the PDF (nothing for ${Math.round(idleMs / 1000)} s).`);
  try {
    rearm();
    return await download(options, doFetch, controller.signal, rearm, maxBytes, () => (stalled ? stalledError() : cancelled()));
  } finally {
    if (watchdog !== undefined) clearTimeout(watchdog);
    userSignal?.removeEventListener('abort', onUserAbort);
  }
}

async function download(
  options: PdfDownloadOptions,
  doFetch: typeof fetch,
  signal: AbortSignal,
  /** Called on each sign of life from the server; `true` once the body is all in. */
  onBytes: (finished?: boolean) => void,
  maxBytes: number,
  cancelled: () => PdfDownloadError,
): Promise<number> {
  let response: Response;
  try {
    response = await doFetch(options.url, { signal, redirect: 'follow', headers: { accept: 'application/pdf' } });
    onBytes();
  } catch (error) {
    if (isAbort(error, signal)) throw cancelled();
    throw new PdfDownloadError('network', `Could not reach ${new URL(options.url).host}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new PdfDownloadError('http', `The server answered ${response.status} ${response.statusText}`.trim() + '.');
  }
  const lengthHeader = response.headers.get('content-length');
  const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  if (total !== undefined && total > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new PdfDownloadError('too-large', `The PDF is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
  }

  const chunks: Uint8Array[] = [];
  let received = 0;
  let headerChecked = false;
  const notPdf = () =>
    new PdfDownloadError(
      'not-pdf',
      'The server sent a web page instead of a PDF (arXiv sometimes asks browsers to prove they are human). Try again later or open the paper in a browser.',
    );
  try {
    if (!response.body) throw new PdfDownloadError('truncated', 'The server sent no body.');
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        onBytes(true);
        break;
      }
      onBytes();
      chunks.push(value);
      received += value.length;
      if (received > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new PdfDownloadError('too-large', `The PDF is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
      }
      // Reject an HTML answer as soon as its first bytes are in, instead of downloading all of it.
      if (!headerChecked && received >= PDF_MAGIC.length) {
        headerChecked = true;
        if (!startsWithPdfHeader(concatBytes(chunks, received))) {
          await reader.cancel().catch(() => undefined);
          throw notPdf();
        }
      }
      options.onProgress?.({ received, total });
    }
  } catch (error) {
    if (error instanceof PdfDownloadError) throw error;
    if (isAbort(error, signal)) throw cancelled();
    throw new PdfDownloadError('truncated', `The download broke off after ${received} bytes: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (signal.aborted) throw cancelled();

  const bytes = concatBytes(chunks, received);
  if (!startsWithPdfHeader(bytes)) throw notPdf();
  if (total !== undefined && received !== total) throw new PdfDownloadError('truncated', `The download broke off after ${received} of ${total} bytes.`);
  // Without a length to compare, the end-of-file marker is the only sign the transfer completed.
  if (total === undefined && !hasEofMarker(bytes)) throw new PdfDownloadError('truncated', 'The PDF ends early (no end-of-file marker).');

  const temp = tempName(options.name);
  try {
    await options.store.write(temp, bytes);
    if (signal.aborted) throw cancelled();
    await options.store.rename(temp, options.name);
  } catch (error) {
    await options.store.delete(temp).catch(() => undefined);
    throw error;
  }
  return received;
}

/** Removes temporary files a crashed download may have left (they start with `.` and end with `.part`). */
export async function removeStaleParts(store: PdfStore): Promise<void> {
  for (const name of await store.list()) if (name.startsWith('.') && name.endsWith('.part')) await store.delete(name).catch(() => undefined);
}

/**
 * What to tell the user when a paper's PDF could not be downloaded and no copy is cached: offline (or the server
 * unreachable) is said plainly, since that is the usual cause on a train or behind a proxy.
 */
export function pdfDownloadFailureMessage(title: string, error: PdfDownloadError): string {
  const name = title.length > 80 ? `${title.slice(0, 78)}…` : title;
  if (error.kind === 'network')
    return `You are offline, or arXiv cannot be reached: the PDF of "${name}" could not be downloaded, and it is not in the cache. (${error.message})`;
  return `Could not download the PDF of "${name}": ${error.message}`;
}

/**
 * Starts pdf.js's worker in a thread of the extension host (pdfWorkerThread.ts) where the host runs on Node
 * (desktop, remote, code-server). In the browser extension host there are no threads to start: the webview then runs
 * pdf.js's worker itself, as it does when the `marginalia.pdf.worker` setting says `webview`.
 */
import type { EncodedMessage } from '../../core/pdf/messageCodec';
import type { FromPdfThread, ToPdfThread } from './pdfThreadProtocol';

export interface HostPdfWorker {
  /** True once pdf.js's worker module has run in the thread; false if the thread could not start. */
  readonly started: Promise<boolean>;
  /** The bytes of the file the next document opens. */
  setFile(bytes: Uint8Array): void;
  /** A message from the webview. */
  post(message: EncodedMessage): void;
  dispose(): void;
}

export interface HostPdfWorkerEvents {
  /** A message of pdf.js's worker for the webview. */
  message(message: EncodedMessage): void;
  /** The thread stopped or failed (after it started, or while starting). */
  failed(reason: string): void;
  /** A message could not be passed on; the thread goes on. */
  warning(reason: string): void;
}

/** Whether this extension host can run threads (the browser extension host cannot). */
export function canRunHostPdfWorker(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/** A new thread running `script` (dist/pdfWorkerThread.js), or undefined where threads cannot run. */
export async function startHostPdfWorker(script: string, events: HostPdfWorkerEvents): Promise<HostPdfWorker | undefined> {
  if (!canRunHostPdfWorker()) return undefined;
  let threads: typeof import('node:worker_threads');
  try {
    threads = await import('node:worker_threads');
  } catch {
    return undefined;
  }
  const worker = new threads.Worker(script, { name: 'pdf.js worker' });
  // Never keep the extension host alive for a reader that is closing.
  worker.unref();
  let disposed = false;
  let failed = false;
  let resolveStarted: (ok: boolean) => void = () => undefined;
  const started = new Promise<boolean>((resolve) => (resolveStarted = resolve));
  const fail = (reason: string) => {
    if (disposed || failed) return;
    failed = true;
    resolveStarted(false);
    events.failed(reason);
  };
  worker.on('message', (message: FromPdfThread) => {
    if (disposed) return;
    if (message.kind === 'started') resolveStarted(true);
    else if (message.kind === 'message') events.message({ json: message.json, bytes: message.bytes });
    else events.warning(message.message);
  });
  worker.on('error', (error) => fail(error instanceof Error ? error.message : String(error)));
  worker.on('exit', (code) => fail(`the thread stopped (exit code ${code})`));
  const send = (message: ToPdfThread, transfer: ArrayBuffer[] = []) => {
    if (disposed || failed) return;
    try {
      worker.postMessage(message, transfer);
    } catch {
      // A buffer Node will not move (one of its pools): copied instead.
      worker.postMessage(message);
    }
  };
  return {
    started,
    setFile(bytes) {
      // Moved, not copied, when the bytes are a buffer of their own (a view into a shared pool is copied).
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
      send({ kind: 'file', bytes }, own ? [bytes.buffer as ArrayBuffer] : []);
    },
    post(message) {
      send({ kind: 'message', ...message });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      resolveStarted(false);
      void worker.terminate();
    },
  };
}

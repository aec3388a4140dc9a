/**
 * The page's end of pdf.js's worker when the worker runs in a thread of the extension host (see
 * src/core/pdf/workerRelay.ts): a message port for pdf.js's `PDFWorker`, whose messages go to the host encoded
 * (src/core/pdf/messageCodec.ts) and come back as `pdfjs` messages. Give it to pdf.js as `new PDFWorker({ port })`
 * (one `PDFWorker` per port).
 */
import { decodeMessage, encodeOrReport, type EncodedMessage } from '../../src/core/pdf/messageCodec';

type Listener = (event: { data: unknown }) => void;

export class HostWorkerPort {
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly send: (message: EncodedMessage) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  postMessage(message: unknown): void {
    const encoded = encodeOrReport(message, this.onError);
    if (encoded) this.send(encoded);
  }

  /** pdf.js removes a document's listener by aborting its `signal` when the document ends. */
  addEventListener(_type: 'message', listener: Listener, options?: { signal?: AbortSignal }): void {
    if (options?.signal?.aborted) return;
    this.listeners.add(listener);
    options?.signal?.addEventListener('abort', () => this.listeners.delete(listener), { once: true });
  }

  removeEventListener(_type: 'message', listener: Listener): void {
    this.listeners.delete(listener);
  }

  /** A `pdfjs` message from the host. */
  receive(message: EncodedMessage): void {
    let data: unknown;
    try {
      data = decodeMessage(message.json, message.bytes);
    } catch (error) {
      this.onError(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    for (const listener of [...this.listeners]) listener({ data });
  }

  /** pdf.js calls this when its worker object is destroyed; the thread belongs to the host. */
  terminate(): void {
    this.listeners.clear();
  }
}

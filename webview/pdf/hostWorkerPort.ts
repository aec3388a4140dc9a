/**
 * The page's end of pdf.js's worker when the worker runs in a thread of the extension host (see
 * src/core/pdf/workerRelay.ts): a message port for pdf.js's `PDFWorker`, whose messages go to the host encoded
 * (src/core/pdf/messageCodec.ts), in batches (messageBatch.ts), and come back as `pdfjs` messages. Give it to pdf.js
 * as `new PDFWorker({ port })` (one `PDFWorker` per port).
 */
import { asError, errorText } from '../../src/core/errorText';
import { MessageBatcher } from '../../src/core/pdf/messageBatch';
import { decodeMessages, type EncodedMessage } from '../../src/core/pdf/messageCodec';

type Listener = (event: { data: unknown }) => void;

/** Raw deflate undone by the browser (`DecompressionStream`, also in Node 18+). */
export async function inflateRaw(bytes: ArrayBuffer): Promise<ArrayBuffer> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Response(stream).arrayBuffer();
}

export class HostWorkerPort {
  private readonly listeners = new Set<Listener>();
  /** The last message still being inflated, if any: later messages are delivered after it. */
  private backlog: Promise<void> | undefined;

  /** pdf.js's requests of one turn cross together (see messageBatch.ts): a burst of them is one webview message. */
  private readonly outbox: MessageBatcher;

  constructor(
    send: (message: EncodedMessage) => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.outbox = new MessageBatcher(send, onError, (flush) => queueMicrotask(flush));
  }

  postMessage(message: unknown): void {
    this.outbox.add(message);
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

  /**
   * A `pdfjs` message from the host. Deflated ones are inflated first (natively, off the page's thread); pdf.js gets
   * every message in the order the host sent them, so a message that comes after a deflated one waits for it.
   */
  receive(message: EncodedMessage): void {
    if (!message.deflated && !this.backlog) {
      this.deliver(message.json, message.bytes);
      return;
    }
    const bytes = message.deflated && message.bytes ? inflateRaw(message.bytes) : Promise.resolve(message.bytes);
    const next = Promise.all([this.backlog, bytes]).then(
      ([, inflated]) => this.deliver(message.json, inflated),
      (error: unknown) => this.onError(new Error(`a message of pdf.js's could not be inflated: ${errorText(error)}`)),
    );
    this.backlog = next;
    void next.then(() => {
      if (this.backlog === next) this.backlog = undefined;
    });
  }

  /** A batch of the host's messages (see messageBatch.ts), each to pdf.js in turn. */
  private deliver(json: string, bytes: ArrayBuffer | undefined): void {
    let batch: unknown[];
    try {
      batch = decodeMessages(json, bytes);
    } catch (error) {
      this.onError(asError(error));
      return;
    }
    // Each message on its own: one that pdf.js throws on does not keep the others (answers to other requests) from it.
    for (const data of batch) {
      for (const listener of [...this.listeners]) {
        try {
          listener({ data });
        } catch (error) {
          this.onError(asError(error));
        }
      }
    }
  }

  /** pdf.js calls this when its worker object is destroyed; the thread belongs to the host. */
  terminate(): void {
    this.listeners.clear();
  }
}

/**
 * pdf.js's worker away from the page that shows the PDF: the worker runs in a thread of the extension host, and its
 * messages travel encoded (see messageCodec.ts) through the host to the webview and back. This is the worker's end
 * of one page's channel, with no thread or VS Code in it: a message port for pdf.js's `WorkerMessageHandler`, fed
 * with the page's messages, posting the worker's. One thread serves every open reader, a relay each.
 *
 * The file itself never travels: the host gives the worker its bytes (`setFile`) and the page asks for the document
 * with a placeholder, which the relay swaps for those bytes. The relay also states what this side lacks (no
 * `OffscreenCanvas`, no `ImageDecoder`), whatever the page, which has both, asked for: images then come across as
 * pixels. When the page goes away without closing its documents (its webview reloaded or closed), `close` ends them
 * in the worker as the page would have (pdf.js's `Terminate`), so the shared thread does not keep them.
 */
import { decodeMessage, encodeMessage, type EncodedMessage } from './messageCodec';

/** The one-byte stand-in the page sends instead of the file. */
export const HOST_FILE_PLACEHOLDER = Uint8Array.of(0x25);

/** How long `close` waits for the worker to confirm it ended a document. */
const CLOSE_WAIT_MS = 5000;

/** What pdf.js's `WorkerMessageHandler.initializeFromPort` needs of a port. */
export interface WorkerSidePort {
  postMessage(message: unknown, transfer?: unknown[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface WorkerRelay {
  /** The port to give pdf.js's worker. */
  readonly port: WorkerSidePort;
  /** The bytes of the file the next document request opens. */
  setFile(bytes: Uint8Array): void;
  /** A message from the page. Throws if it cannot be decoded. */
  receive(message: EncodedMessage): void;
  /** Ends the documents the page left open; resolves with how many the worker ended. Nothing is posted after. */
  close(): Promise<number>;
}

/** The fields of pdf.js's worker messages the relay reads (pdfjs-dist 5.6, pinned). */
interface PdfjsMessage {
  action?: string;
  sourceName?: string;
  targetName?: string;
  callbackId?: number;
  data?: { docId?: unknown; data?: unknown; evaluatorOptions?: Record<string, unknown> } | null;
}

const asMessage = (m: unknown): PdfjsMessage => (m !== null && typeof m === 'object' ? (m as PdfjsMessage) : {});

/** `post` sends an encoded message of the worker's to the page; `onError` hears of one that could not be encoded. */
export function createWorkerRelay(post: (message: EncodedMessage) => void, onError: (error: Error) => void): WorkerRelay {
  const listeners = new Set<(event: { data: unknown }) => void>();
  let file: Uint8Array | undefined;
  let closed = false;
  /** Documents the page asked for and has not ended (pdf.js's docId; the worker's side is `<docId>_worker`). */
  const openDocs = new Set<string>();
  /** `Terminate`s sent by `close`, by callback id: resolved when the worker answers. */
  const ending = new Map<number, () => void>();
  let nextCallbackId = -1;

  const port: WorkerSidePort = {
    postMessage(message) {
      const m = asMessage(message);
      const done = m.callbackId !== undefined ? ending.get(m.callbackId) : undefined;
      if (done && m.sourceName?.endsWith('_worker')) {
        ending.delete(m.callbackId!);
        done();
        return;
      }
      if (closed) return;
      let encoded: EncodedMessage;
      try {
        encoded = encodeMessage(message);
      } catch (error) {
        onError(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      post(encoded);
    },
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
  };
  const deliver = (data: unknown) => {
    for (const listener of [...listeners]) listener({ data });
  };

  return {
    port,
    setFile(bytes) {
      file = bytes;
    },
    receive(encoded) {
      if (closed) return;
      const message = decodeMessage(encoded.json, encoded.bytes);
      const m = asMessage(message);
      if (m.action === 'GetDocRequest' && m.data) {
        const request = m.data;
        if (typeof request.docId === 'string') openDocs.add(request.docId);
        // The same bytes for a repeated request (a retry): pdf.js only reads them, so they are shared, not copied.
        if (file) request.data = file;
        request.evaluatorOptions = { ...request.evaluatorOptions, isOffscreenCanvasSupported: false, isImageDecoderSupported: false };
      } else if (m.action === 'Terminate' && typeof m.sourceName === 'string') {
        openDocs.delete(m.sourceName);
      }
      deliver(message);
    },
    async close() {
      if (closed) return 0;
      closed = true;
      file = undefined;
      const ended = [...openDocs].map(
        (docId) =>
          new Promise<number>((resolve) => {
            const callbackId = nextCallbackId--;
            const timer = setTimeout(() => {
              ending.delete(callbackId);
              resolve(0);
            }, CLOSE_WAIT_MS);
            ending.set(callbackId, () => {
              clearTimeout(timer);
              resolve(1);
            });
            deliver({ sourceName: docId, targetName: `${docId}_worker`, action: 'Terminate', callbackId, data: null });
          }),
      );
      openDocs.clear();
      const count = (await Promise.all(ended)).reduce((a, b) => a + b, 0);
      listeners.clear();
      return count;
    },
  };
}

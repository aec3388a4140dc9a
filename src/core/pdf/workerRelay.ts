/**
 * pdf.js's worker away from the page that shows the PDF: the worker runs in a thread of the extension host, and its
 * messages travel encoded (see messageCodec.ts), in batches (messageBatch.ts), through the host to the webview and
 * back. This is the worker's end of one page's channel, with no thread or VS Code in it: a message port for pdf.js's
 * `WorkerMessageHandler`, fed with the page's messages, posting the worker's. One thread serves every open reader, a
 * relay each.
 *
 * The file itself never travels: the host gives the worker its bytes (`setFile`) and the page asks for the document
 * with a placeholder, which the relay swaps for those bytes. The relay also states what this side lacks (no
 * `OffscreenCanvas`, no `ImageDecoder`), whatever the page, which has both, asked for: images then come across as
 * pixels. And it keeps the thread from doing on the page's word what the page could not do itself: the worker never
 * fetches a URL (no URL of the page's reaches the extension host's network) and never compiles code from a font
 * (`isEvalSupported` off). The CMaps, standard fonts and WebAssembly decoders pdf.js asks for come from the
 * extension's own files when the relay is given them (`assets`), else from the page: answered in the thread, a
 * request never waits on a page, nor on one that has gone (pdf.js keeps the decoders' requester per thread, not per
 * document). When the page goes away without closing its documents (its webview reloaded or closed), `close` ends them
 * in the worker as the page would have (pdf.js's `Terminate`), so the shared thread does not keep them.
 *
 * The worker may also run further ahead of the page on a page's operations and text than pdf.js lets it by itself
 * (`STREAM_WINDOWS`): see there.
 */
import { MessageBatcher } from './messageBatch';
import { decodeMessages, type EncodedMessage } from './messageCodec';

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
  /** A batch of the page's messages (messageBatch.ts). Throws if it cannot be decoded. */
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
  streamId?: number;
  stream?: number;
  desiredSize?: number;
  data?: { docId?: unknown; data?: unknown; evaluatorOptions?: Record<string, unknown> } | null;
}

/** pdf.js's stream messages (`StreamKind` in pdf.js 5.6's message handler, pinned). */
const STREAM_CANCEL = 1;
const STREAM_CANCEL_COMPLETE = 2;
const STREAM_CLOSE = 3;
const STREAM_ERROR = 5;
const STREAM_PULL = 6;

/**
 * How far pdf.js's worker may run ahead of the page on a stream, in that stream's units, by the action that starts it.
 * pdf.js lets it run as far as the page's stream asks (one chunk of about 1,000 operations for a page's operator list,
 * 100 items of text), then waits for the page to pull: a round trip per chunk. Between a browser worker and its page
 * that is well under a millisecond; here it crosses the extension host and VS Code's webview messaging both ways, and
 * took 60 ms at the median and up to 300 ms in bench:pdf's scroll (code-server on 2 cores), so a page of 12,000
 * operations waited a dozen times. The relay widens the window the page asks for, so the worker sends a page's
 * operations and its text as fast as it makes them, and still waits once this far ahead (16,000 operations, 10,000
 * text items: pdf.js cuts a text chunk when it holds as many items as the page wants).
 */
export const STREAM_WINDOWS: Readonly<Record<string, number>> = { GetOperatorList: 16, GetTextContent: 10_000 };

/** What the relay sets in every document request's evaluator options, whatever the page sent. */
export const THREAD_OPTIONS: Readonly<Record<string, unknown>> = {
  isOffscreenCanvasSupported: false,
  isImageDecoderSupported: false,
  isEvalSupported: false,
  useWorkerFetch: false,
  // The standard fonts' URL stays: pdf.js writes it into the CSS of fonts the page loads itself.
  cMapUrl: null,
  wasmUrl: null,
  iccUrl: null,
};

/** A file pdf.js asks for (`FetchBinaryData`): `kind` names the folder (`cMapUrl`, `standardFontDataUrl`, `wasmUrl`). */
export type AssetReader = (kind: string, filename: string) => Promise<Uint8Array>;

export interface RelayAssets {
  /** Reads the files pdf.js asks for; a request it cannot answer goes to the page (or fails, once the page is gone). */
  readonly read: AssetReader;
  /**
   * The `file:` URL of the folder of pdf.js's WebAssembly decoders: pdf.js `import`s its JavaScript JPEG 2000 decoder
   * from there when WebAssembly fails (else from whatever the page named).
   */
  readonly wasmFolderUrl?: string;
}

const asMessage = (m: unknown): PdfjsMessage => (m !== null && typeof m === 'object' ? (m as PdfjsMessage) : {});

/**
 * `post` sends an encoded message of the worker's to the page; `onError` hears of one that could not be encoded;
 * `assets` answers the worker's requests for pdf.js's data files in the thread.
 *
 * Why nothing is ever removed from the worker's side of the port, not even on close: pdf.js keeps, per thread, the
 * message handler of the last document opened to fetch its WebAssembly decoders through. When that document has
 * ended (another reader closed), a decoder another reader needs later is still asked for through it, and the answer
 * must reach it. So its listener stays, answers to file requests are given even after close, and a handler's
 * `signal` is not followed here (the page's port follows it: there, ended documents are let go).
 */
export function createWorkerRelay(
  post: (message: EncodedMessage) => void,
  onError: (error: Error) => void,
  assets?: RelayAssets,
  windows: Readonly<Record<string, number>> = STREAM_WINDOWS,
): WorkerRelay {
  const listeners = new Set<(event: { data: unknown }) => void>();
  let file: Uint8Array | undefined;
  let closed = false;
  /** Documents the page asked for and has not ended (pdf.js's docId; the worker's side is `<docId>_worker`). */
  const openDocs = new Set<string>();
  /** `Terminate`s sent by `close`, by callback id: resolved when the worker answers. */
  const ending = new Map<number, () => void>();
  let nextCallbackId = -1;
  /** The window of each open stream the relay widened, by the page's side of it (`d0:12`, pdf.js's names). */
  const widened = new Map<string, number>();
  const streamKey = (pageSide: string | undefined, streamId: number) => `${pageSide ?? ''}:${streamId}`;
  /** A message from the page that starts a stream, or pulls on one, asks for at least the stream's window. */
  const widen = (m: PdfjsMessage) => {
    if (typeof m.streamId !== 'number' || typeof m.desiredSize !== 'number') return;
    const key = streamKey(m.sourceName, m.streamId);
    let window: number | undefined;
    if (m.action !== undefined) {
      // Only for a document the page opened: a stream of no document would never be closed, and its key never let go.
      window = Object.hasOwn(windows, m.action) && m.sourceName !== undefined && openDocs.has(m.sourceName) ? windows[m.action] : undefined;
      if (window !== undefined) widened.set(key, window);
    } else if (m.stream === STREAM_PULL) window = widened.get(key);
    // The window, whatever the page asked for (a page of pdf.js's never asks for more).
    if (window !== undefined) m.desiredSize = window;
  };
  /** A stream ended by the worker (closed, failed, cancelled) or by the page (cancelled) needs no window. */
  const forget = (m: PdfjsMessage, pageSide: string | undefined) => {
    if (typeof m.streamId !== 'number') return;
    if (m.stream === STREAM_CLOSE || m.stream === STREAM_ERROR || m.stream === STREAM_CANCEL || m.stream === STREAM_CANCEL_COMPLETE) {
      widened.delete(streamKey(pageSide, m.streamId));
    }
  };

  // The worker's messages of one turn cross together (see messageBatch.ts); a timer, so that the answers to a batch
  // of the page's requests, which come a few promise turns apart, go back as one.
  const outbox = new MessageBatcher(post, onError, (flush) => setTimeout(flush, 0));
  const toPage = (message: unknown) => {
    if (closed) return;
    const m = asMessage(message);
    if (m.stream !== undefined) forget(m, m.targetName);
    outbox.add(message);
  };
  /** Answers pdf.js's request for a file from the extension's own copy, as the page would (pdf.js 5.6's reply). */
  const answerAsset = (read: AssetReader, m: PdfjsMessage, request: { kind?: unknown; filename?: unknown }) => {
    const reply = { sourceName: m.targetName, targetName: m.sourceName, callbackId: m.callbackId };
    void read(String(request.kind), String(request.filename)).then(
      (data) => deliver({ ...reply, callback: 1, data }),
      (error: unknown) => {
        if (!closed) toPage(m);
        // Nobody left to ask: pdf.js gets an error (it then does without the file) instead of waiting for ever.
        else deliver({ ...reply, callback: 2, reason: { name: 'UnknownErrorException', message: error instanceof Error ? error.message : String(error) } });
      },
    );
  };
  const port: WorkerSidePort = {
    postMessage(message) {
      const m = asMessage(message);
      const done = m.callbackId !== undefined ? ending.get(m.callbackId) : undefined;
      if (done && m.sourceName?.endsWith('_worker')) {
        ending.delete(m.callbackId!);
        done();
        return;
      }
      if (assets && m.action === 'FetchBinaryData' && m.callbackId !== undefined && m.data) {
        answerAsset(assets.read, m, m.data as { kind?: unknown; filename?: unknown });
        return;
      }
      toPage(message);
    },
    addEventListener: (_type, listener) => void listeners.add(listener),
    removeEventListener: (_type, listener) => void listeners.delete(listener),
  };
  const deliver = (data: unknown) => {
    for (const listener of [...listeners]) listener({ data });
  };

  /** One message from the page, on its way to the worker. */
  const receiveOne = (message: unknown) => {
    const m = asMessage(message);
    if (m.action === 'GetDocRequest' && m.data) {
      const request = m.data;
      if (typeof request.docId === 'string') openDocs.add(request.docId);
      // The same bytes for a repeated request (a retry): pdf.js only reads them, so they are shared, not copied.
      if (file) request.data = file;
      request.evaluatorOptions = { ...request.evaluatorOptions, ...THREAD_OPTIONS, wasmUrl: assets?.wasmFolderUrl ?? null };
    } else if (m.action === 'Terminate' && typeof m.sourceName === 'string') {
      openDocs.delete(m.sourceName);
      for (const key of [...widened.keys()]) if (key.startsWith(`${m.sourceName}:`)) widened.delete(key);
    }
    if (m.streamId !== undefined) {
      widen(m);
      forget(m, m.sourceName);
    }
    deliver(message);
  };

  return {
    port,
    setFile(bytes) {
      file = bytes;
    },
    receive(encoded) {
      if (closed) return;
      // Each message on its own: one that pdf.js's worker throws on does not keep the others from it.
      let failure: unknown;
      for (const message of decodeMessages(encoded.json, encoded.bytes)) {
        try {
          receiveOne(message);
        } catch (error) {
          failure ??= error;
        }
      }
      if (failure !== undefined) throw failure;
    },
    async close() {
      if (closed) return 0;
      closed = true;
      file = undefined;
      widened.clear();
      outbox.drop();
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
      // The listeners stay (see above); the relay goes when nothing of pdf.js's refers to its port any more.
      return (await Promise.all(ended)).reduce((a, b) => a + b, 0);
    },
  };
}

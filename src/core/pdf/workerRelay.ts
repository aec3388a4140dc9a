/**
 * pdf.js's worker away from the page that shows the PDF: the worker runs in a thread of the extension host, and its
 * messages travel encoded (see messageCodec.ts) through the host to the webview and back. This is the worker's end
 * of one page's channel, with no thread or VS Code in it: a message port for pdf.js's `WorkerMessageHandler`, fed
 * with the page's messages, posting the worker's. One thread serves every open reader, a relay each.
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
 */
import { decodeMessage, encodeOrReport, type EncodedMessage } from './messageCodec';

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
export function createWorkerRelay(post: (message: EncodedMessage) => void, onError: (error: Error) => void, assets?: RelayAssets): WorkerRelay {
  const listeners = new Set<(event: { data: unknown }) => void>();
  let file: Uint8Array | undefined;
  let closed = false;
  /** Documents the page asked for and has not ended (pdf.js's docId; the worker's side is `<docId>_worker`). */
  const openDocs = new Set<string>();
  /** `Terminate`s sent by `close`, by callback id: resolved when the worker answers. */
  const ending = new Map<number, () => void>();
  let nextCallbackId = -1;

  const toPage = (message: unknown) => {
    if (closed) return;
    const encoded = encodeOrReport(message, onError);
    if (encoded) post(encoded);
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
        request.evaluatorOptions = { ...request.evaluatorOptions, ...THREAD_OPTIONS, wasmUrl: assets?.wasmFolderUrl ?? null };
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
      // The listeners stay (see above); the relay goes when nothing of pdf.js's refers to its port any more.
      return (await Promise.all(ended)).reduce((a, b) => a + b, 0);
    },
  };
}

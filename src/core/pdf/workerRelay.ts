/**
 * pdf.js's worker away from the page that shows the PDF: the worker runs in a thread of the extension host, and its
 * messages travel encoded (see messageCodec.ts) through the host to the webview and back. This is the worker's end
 * of that channel, with no thread or VS Code in it: a message port for pdf.js's `WorkerMessageHandler`, fed with the
 * webview's messages, posting the worker's.
 *
 * The file itself never travels: the host gives the worker its bytes (`setFile`) and the page asks for the document
 * with a placeholder, which the relay swaps for those bytes. The relay also states what this side lacks (no
 * `OffscreenCanvas`, no `ImageDecoder`), whatever the page, which has both, asked for: images then come across as
 * pixels.
 */
import { decodeMessage, encodeMessage, type EncodedMessage } from './messageCodec';

/** The one-byte stand-in the page sends instead of the file. */
export const HOST_FILE_PLACEHOLDER = Uint8Array.of(0x25);

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
}

interface DocRequest {
  action: 'GetDocRequest';
  data: { data?: unknown; evaluatorOptions?: Record<string, unknown> };
}

function isDocRequest(message: unknown): message is DocRequest {
  const m = message as Partial<DocRequest> | null;
  return m !== null && typeof m === 'object' && m.action === 'GetDocRequest' && typeof m.data === 'object' && m.data !== null;
}

/** `post` sends an encoded message of the worker's to the page; `onError` hears of one that could not be encoded. */
export function createWorkerRelay(post: (message: EncodedMessage) => void, onError: (error: Error) => void): WorkerRelay {
  const listeners = new Set<(event: { data: unknown }) => void>();
  let file: Uint8Array | undefined;
  const port: WorkerSidePort = {
    postMessage(message) {
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
  return {
    port,
    setFile(bytes) {
      file = bytes;
    },
    receive(encoded) {
      const message = decodeMessage(encoded.json, encoded.bytes);
      if (isDocRequest(message)) {
        const request = message.data;
        // The same bytes for a repeated request (a retry): pdf.js only reads them, so they are shared, not copied.
        if (file) request.data = file;
        request.evaluatorOptions = { ...request.evaluatorOptions, isOffscreenCanvasSupported: false, isImageDecoderSupported: false };
      }
      for (const listener of [...listeners]) listener({ data: message });
    },
  };
}

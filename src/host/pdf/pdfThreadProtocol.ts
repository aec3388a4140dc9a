/**
 * Messages between the extension host and its pdf.js worker thread (pdfWorkerThread.ts). The thread serves every
 * open reader: each has a channel, numbered by the host.
 */
import type { EncodedMessage } from '../../core/pdf/messageCodec';

export type ToPdfThread =
  /** The bytes of the file the channel's next document request opens. */
  | { readonly kind: 'file'; readonly channel: number; readonly bytes: Uint8Array }
  /** A message of pdf.js's from the channel's webview, encoded. */
  | ({ readonly kind: 'message'; readonly channel: number } & EncodedMessage)
  /** The channel's webview is gone: end its documents. */
  | { readonly kind: 'close'; readonly channel: number };

export type FromPdfThread =
  /** pdf.js's worker module has run and listens. */
  | { readonly kind: 'started' }
  /** A message of pdf.js's worker for the channel's webview, encoded. */
  | ({ readonly kind: 'message'; readonly channel: number } & EncodedMessage)
  /** A message could not be encoded or decoded: the document it belongs to will not open. */
  | { readonly kind: 'error'; readonly channel: number; readonly message: string }
  /** The channel's documents have ended (`close`). */
  | { readonly kind: 'closed'; readonly channel: number; readonly documents: number };

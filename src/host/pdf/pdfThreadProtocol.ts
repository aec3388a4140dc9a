/** Messages between the extension host and its pdf.js worker thread (pdfWorkerThread.ts). */
import type { EncodedMessage } from '../../core/pdf/messageCodec';

export type ToPdfThread =
  /** The bytes of the file the next document request opens. */
  | { readonly kind: 'file'; readonly bytes: Uint8Array }
  /** A message of pdf.js's from the webview, encoded. */
  | ({ readonly kind: 'message' } & EncodedMessage);

export type FromPdfThread =
  /** pdf.js's worker module has run and listens. */
  | { readonly kind: 'started' }
  /** A message of pdf.js's worker for the webview, encoded. */
  | ({ readonly kind: 'message' } & EncodedMessage)
  /** A message could not be encoded or decoded: the document it belongs to will not open. */
  | { readonly kind: 'error'; readonly message: string };

/**
 * pdf.js set up for a VS Code webview: the worker runs off the main thread from a blob: URL (a worker script given
 * as a webview resource URL never loads on code-server), fonts, CMaps and WebAssembly decoders are fetched by the
 * main thread from the extension's resources and handed to the worker, and nothing is ever `eval`ed.
 */
import { pdfWorker } from './bootChannel';
import { GlobalWorkerOptions, PasswordResponses, getDocument, type PDFDataRangeTransport, type PDFDocumentProxy, type PDFWorker } from 'pdfjs-dist';

export interface PdfjsAssets {
  readonly workerUrl: string;
  readonly cMapUrl: string;
  readonly standardFontDataUrl: string;
  readonly wasmUrl: string;
  /** pdf.js's worker runs in a thread of the extension host (the page starts its own only if the host cannot). */
  readonly workerInHost?: boolean;
}

let worker: Promise<void> | undefined;

/** Starts the worker (once); call as early as possible so it loads while the host reads the file. */
export function startWorker(assets: PdfjsAssets): Promise<void> {
  worker ??= pdfWorker(assets.workerUrl).then((port) => {
    GlobalWorkerOptions.workerPort = port;
  });
  return worker;
}

export type OpenFailure = 'invalid' | 'password' | 'unknown' | 'too-large';
/** What pdf.js itself can report (a PDF too large to open is the host's finding). */
type PdfjsFailure = Exclude<OpenFailure, 'too-large'>;

/** Why a document did not open, for the message in the view. */
export function classifyOpenError(error: unknown): { reason: PdfjsFailure; message: string } {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'InvalidPDFException' || name === 'FormatError') return { reason: 'invalid', message };
  if (name === 'PasswordException' || /password/i.test(message)) return { reason: 'password', message };
  return { reason: 'unknown', message };
}

/**
 * Where pdf.js reads the file: all its bytes, a URL, a range transport that fetches pieces on demand, or the worker
 * in the extension host, which has the file (`data` is then a placeholder the host's side swaps for it).
 */
export type PdfInput =
  | { readonly data: Uint8Array }
  | { readonly url: string }
  | { readonly range: PDFDataRangeTransport }
  | { readonly data: Uint8Array; readonly worker: PDFWorker };

/**
 * Opens a document. `askPassword` is called when it is encrypted (again with `incorrect` after a wrong password);
 * resolving with null gives up, and the returned promise rejects with a `PasswordException`.
 */
export async function openDocument(
  input: PdfInput,
  assets: PdfjsAssets,
  askPassword: (incorrect: boolean) => Promise<string | null>,
): Promise<PDFDocumentProxy> {
  if (!('worker' in input)) await startWorker(assets);
  const task = getDocument({
    ...input,
    // From a range transport, only the ranges pdf.js asks for (the transport fills in the rest itself, later).
    ...('range' in input ? { disableAutoFetch: true, disableStream: true } : {}),
    cMapUrl: assets.cMapUrl,
    cMapPacked: true,
    standardFontDataUrl: assets.standardFontDataUrl,
    wasmUrl: assets.wasmUrl,
    // The main thread fetches CMaps, fonts and decoders: a blob worker's own requests are not webview requests.
    useWorkerFetch: false,
    isEvalSupported: false,
    enableXfa: false,
    verbosity: 0,
  });
  task.onPassword = (update: (password: string | Error) => void, reason: number) => {
    void askPassword(reason === PasswordResponses.INCORRECT_PASSWORD).then((password) => {
      if (password === null) {
        const error = new Error('No password was given.');
        error.name = 'PasswordException';
        update(error);
      } else update(password);
    });
  };
  return task.promise;
}

/**
 * pdf.js's main side as the reader's page runs it when pdf.js's worker is in the extension host's thread: a
 * `PDFWorker` on the page's port (webview/pdf/hostWorkerPort.ts) and documents asked for with the placeholder, for
 * the relay and thread tests. pdf.js's legacy build, which runs on Node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFWorker, getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { HOST_FILE_PLACEHOLDER } from '../../src/core/pdf/workerRelay';
import type { HostWorkerPort } from '../../webview/pdf/hostWorkerPort';

export const repoRoot = join(__dirname, '..', '..');
/** Fetched by the page and sent to the worker when it asks (pdf.js's FetchBinaryData), as in the reader. */
export const standardFontDataUrl = join(repoRoot, 'node_modules', 'pdfjs-dist', 'standard_fonts') + '/';

export const fixturePdf = (name: string) => new Uint8Array(readFileSync(join(repoRoot, 'test', 'fixtures', 'pdf', name)));

/** pdf.js's worker object on the page's port (one per port). */
export function pdfWorkerOn(port: HostWorkerPort): PDFWorker {
  return new PDFWorker({ port } as unknown as ConstructorParameters<typeof PDFWorker>[0]);
}

/** Opens the document the host gave the worker, as the reader does (`extra` overrides the reader's options). */
export function openFromHost(worker: PDFWorker, extra: Record<string, unknown> = {}) {
  return getDocument({
    data: HOST_FILE_PLACEHOLDER.slice(),
    worker,
    useWorkerFetch: false,
    isEvalSupported: false,
    verbosity: 0,
    standardFontDataUrl,
    ...extra,
  });
}

/** The text of page `n`, its items joined by spaces. */
export async function pageText(doc: PDFDocumentProxy, n: number): Promise<string> {
  return (await (await doc.getPage(n)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
}

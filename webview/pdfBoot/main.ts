/**
 * The PDF reader's boot script (see webview/pdf/bootChannel.ts): says `ready` and starts pdf.js's worker before the
 * main bundle has loaded.
 */
import type { PdfToHost } from '../../src/protocol/pdf';
import { bootEarly, pdfWorker } from '../pdf/bootChannel';
import { vscodeApi } from '../shared/vscodeApi';

bootEarly(() => {
  performance.mark('boot-ready');
  vscodeApi<PdfToHost, unknown>().post({ type: 'ready' });
});

// The worker URL comes on this script's own tag: the body, which holds the page's bootstrap data, is not parsed yet.
const workerUrl = document.currentScript?.dataset.workerUrl;
if (workerUrl) pdfWorker(workerUrl).catch(() => undefined);

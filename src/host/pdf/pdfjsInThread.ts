/**
 * pdf.js's worker (the legacy build, which runs on the Node of every VS Code this extension supports) for the
 * extension host's thread, with the native `JSON.stringify` kept (see nativeJson.ts). The order of the imports is the
 * order of evaluation: nativeJson.ts must come first.
 */
import { restoreNativeJson } from './nativeJson';
import { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.mjs';

restoreNativeJson();

export { WorkerMessageHandler };

/**
 * pdf.js's worker in a thread of the Node extension host (`dist/pdfWorkerThread.js`, a worker_thread): it parses the
 * PDF and prepares each page, and the webview only paints. The host gives it the file's bytes and relays the
 * webview's messages; the relay (core/pdf/workerRelay.ts) does the rest. Built from pdf.js's legacy build, which runs
 * on the Node of every VS Code this extension supports.
 */
import { parentPort } from 'node:worker_threads';
import { WorkerMessageHandler } from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import type { EncodedMessage } from '../../core/pdf/messageCodec';
import { createWorkerRelay } from '../../core/pdf/workerRelay';
import type { FromPdfThread, ToPdfThread } from './pdfThreadProtocol';

const port = parentPort;
if (!port) throw new Error('pdfWorkerThread.js runs as a worker_thread');

const send = (message: FromPdfThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const relay = createWorkerRelay(
  (encoded: EncodedMessage) => send({ kind: 'message', ...encoded }, encoded.bytes ? [encoded.bytes] : []),
  (error) => send({ kind: 'error', message: error.message }),
);
WorkerMessageHandler.initializeFromPort(relay.port);
port.on('message', (message: ToPdfThread) => {
  if (message.kind === 'file') {
    relay.setFile(message.bytes);
    return;
  }
  try {
    relay.receive(message);
  } catch (error) {
    send({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
});
send({ kind: 'started' });

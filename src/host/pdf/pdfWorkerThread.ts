/**
 * pdf.js's worker in a thread of the Node extension host (`dist/pdfWorkerThread.js`, a worker_thread): it parses
 * PDFs and prepares their pages, and the webviews only paint. One thread serves every open reader, each through a
 * channel with a relay of its own (core/pdf/workerRelay.ts); a thread that stays up keeps pdf.js's code compiled and
 * warm from one PDF to the next. The host gives it each file's bytes and relays the webviews' messages. Built from
 * pdf.js's legacy build, which runs on the Node of every VS Code this extension supports.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { WorkerMessageHandler } from './pdfjsInThread';
import { createWorkerRelay, type RelayAssets, type WorkerRelay } from '../../core/pdf/workerRelay';
import { deflateLarge } from './deflateMessage';
import type { FromPdfThread, ToPdfThread } from './pdfThreadProtocol';
import { errorText } from '../../core/errorText';

const port = parentPort;
if (!port) throw new Error('pdfWorkerThread.js runs as a worker_thread');

/** pdf.js's data files (dist/media/pdfjs in the extension): each kind of request reads one folder, by plain name. */
const assetRoot = (workerData as { assetRoot?: unknown } | null)?.assetRoot;
const folders: Record<string, string> = { cMapUrl: 'cmaps', standardFontDataUrl: 'standard_fonts', wasmUrl: 'wasm' };
const assets: RelayAssets | undefined =
  typeof assetRoot === 'string'
    ? {
        read: async (kind, filename) => {
          const folder = Object.hasOwn(folders, kind) ? folders[kind] : undefined;
          if (!folder || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(filename)) throw new Error(`not one of pdf.js's files: ${kind} ${filename}`);
          const bytes = await readFile(join(assetRoot, folder, filename));
          return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        },
        wasmFolderUrl: pathToFileURL(join(assetRoot, 'wasm') + '/').href,
      }
    : undefined;

const send = (message: FromPdfThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

// In a worker_thread an unhandled rejection ends the thread, and with it every reader's pdf.js; in a browser worker,
// where pdf.js usually runs, it is only logged. A rejection nobody awaited (a malformed request, a damaged PDF) is
// reported instead.
process.on('unhandledRejection', (reason) => {
  send({ kind: 'error', channel: 0, message: `unhandled in pdf.js: ${errorText(reason)}` });
});

const relays = new Map<number, WorkerRelay>();

function relayOf(channel: number): WorkerRelay {
  let relay = relays.get(channel);
  if (!relay) {
    relay = createWorkerRelay(
      (message) => {
        const encoded = deflateLarge(message);
        send({ kind: 'message', channel, ...encoded }, encoded.bytes ? [encoded.bytes] : []);
      },
      (error) => send({ kind: 'error', channel, message: error.message }),
      assets,
    );
    WorkerMessageHandler.initializeFromPort(relay.port);
    relays.set(channel, relay);
  }
  return relay;
}

port.on('message', (message: ToPdfThread) => {
  switch (message.kind) {
    case 'file':
      relayOf(message.channel).setFile(message.bytes);
      return;
    case 'message':
      try {
        relayOf(message.channel).receive(message);
      } catch (error) {
        send({ kind: 'error', channel: message.channel, message: errorText(error) });
      }
      return;
    case 'close': {
      const relay = relays.get(message.channel);
      relays.delete(message.channel);
      void (relay?.close() ?? Promise.resolve(0)).then((documents) => send({ kind: 'closed', channel: message.channel, documents }));
      return;
    }
  }
});
send({ kind: 'started' });

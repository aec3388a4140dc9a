/**
 * The search index worker for the Node extension host (`dist/searchWorker.js`, a worker_thread): builds or reads back
 * the index off the host's thread and writes the saved copy. The logic is the core's `indexWorkerHandler`; this
 * file only gives it the port and the file system.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { indexWorkerHandler, type ToIndexWorker } from '../../core/search/indexWorker';

const port = parentPort;
if (!port) throw new Error('searchWorker.js runs as a worker_thread');

const handle = indexWorkerHandler({
  post: (message) => port.postMessage(message),
  readFile: (file) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
  writeFile: (file, text) => {
    mkdirSync(dirname(file), { recursive: true });
    // Written aside and renamed, so a reader never sees half a file.
    writeFileSync(`${file}.tmp`, text);
    renameSync(`${file}.tmp`, file);
  },
});
port.on('message', (message: ToIndexWorker) => handle(message));

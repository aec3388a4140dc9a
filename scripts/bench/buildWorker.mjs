/**
 * Worker side of the benchmark's worker build: the core's `indexWorkerHandler`, as `dist/searchWorker.js` runs it
 * in the extension host (minus the file system: the benchmark saves nothing from here).
 */
import { parentPort, workerData } from 'node:worker_threads';

const core = await import(workerData.core);
const handle = core.indexWorkerHandler({
  post: (message) => parentPort.postMessage(message),
  readFile: () => undefined,
  writeFile: () => {},
});
parentPort.on('message', handle);

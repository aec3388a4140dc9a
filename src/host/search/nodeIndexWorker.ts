/**
 * Starts the search index worker where the extension host runs on Node (desktop, remote, code-server). In the
 * browser extension host there is no worker_threads: the caller builds in slices on its own thread instead.
 */
import type { IndexWorkerPort } from '../../core/search/indexWorker';
import { nodeWorkerThreads } from '../workerThreads';

/** A port to a new `searchWorker.js` worker_thread, or undefined when the host is not Node. */
export async function startNodeIndexWorker(script: string): Promise<IndexWorkerPort | undefined> {
  const threads = await nodeWorkerThreads();
  if (!threads) return undefined;
  const worker = new threads.Worker(script);
  // The host may be quitting while the worker writes; never keep it alive for that.
  worker.unref();
  let ended = false;
  return {
    post: (message) => worker.postMessage(message),
    listen(onMessage, onError) {
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', (code) => {
        if (!ended) onError(new Error(`the search index worker stopped (exit code ${code})`));
      });
    },
    terminate() {
      ended = true;
      void worker.terminate();
    },
  };
}

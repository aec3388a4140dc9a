/**
 * The workspace-relevance worker for the Node extension host (`dist/relevanceWorker.js`, a worker_thread). The logic
 * is the core's `relevanceWorkerHandler`; this file only gives it the port.
 */
import { parentPort } from 'node:worker_threads';
import { relevanceWorkerHandler, type ToRelevanceWorker } from '../../core/relevance/relevanceWorker';

const port = parentPort;
if (!port) throw new Error('relevanceWorker.js runs as a worker_thread');
const handle = relevanceWorkerHandler((message) => port.postMessage(message));
port.on('message', (message: ToRelevanceWorker) => handle(message));

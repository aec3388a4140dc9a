/**
 * The feed parser's thread in the Node extension host (`dist/feedWorker.js`, a worker_thread): parses one big feed
 * (an imported file of tens of MB, a large answer) so that the host's thread never stalls on it. The logic is the
 * core's `parseFeedRequest`; this file only wires it to the thread's port.
 */
import { parentPort } from 'node:worker_threads';
import { parseFeedRequest, type FeedParseRequest } from '../../core/feeds/feedParseWire';

const port = parentPort;
if (!port) throw new Error('feedWorker.js runs as a worker_thread');
port.on('message', (request: FeedParseRequest) => port.postMessage(parseFeedRequest(request)));

/**
 * Feeds parsed where they do not block the extension host: a big one (an imported file of tens of MB, a large
 * answer of a feed's server) goes to a thread of its own (`dist/feedWorker.js`), started for it and ended after;
 * a small one, and every one in the browser extension host (no worker_threads there), is parsed here.
 */
import { feedParseResult, type FeedParseOutcome } from '../../core/feeds/feedParseWire';
import { parseFeed, type FeedHint } from '../../core/feeds/parseFeed';
import type { FeedParseResult } from '../../core/paper';
import { nodeWorkerThreads } from '../workerThreads';

/** Below this a feed parses in a few milliseconds: a thread would cost more than it saves. */
export const offThreadParseBytes = 1_000_000;

export interface OffThreadParser {
  (bytes: Uint8Array, hint: FeedHint): Promise<FeedParseResult>;
}

/** A parser that sends feeds of `thresholdBytes` or more to a new thread running `script` (`dist/feedWorker.js`). */
export function offThreadFeedParser(script: string | undefined, thresholdBytes = offThreadParseBytes): OffThreadParser {
  return async (bytes, hint) => {
    if (!script || bytes.length < thresholdBytes) return parseFeed(bytes, hint);
    const outcome = await parseInThread(script, bytes, hint);
    return outcome ? feedParseResult(outcome) : parseFeed(bytes, hint);
  };
}

/** The outcome from a new thread, or undefined where threads cannot start (the browser): then the caller parses. */
async function parseInThread(script: string, bytes: Uint8Array, hint: FeedHint): Promise<FeedParseOutcome | undefined> {
  const threads = await nodeWorkerThreads();
  if (!threads) return undefined;
  let worker: import('node:worker_threads').Worker;
  try {
    worker = new threads.Worker(script);
  } catch {
    return undefined;
  }
  try {
    return await new Promise<FeedParseOutcome>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the feed parser's thread stopped (exit code ${code})`)));
      // A copy of its own, moved to the thread rather than copied again: the caller's bytes stay as they were.
      const own = bytes.slice();
      worker.postMessage({ bytes: own, hint }, [own.buffer]);
    });
  } finally {
    void worker.terminate();
  }
}

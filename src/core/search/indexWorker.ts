/**
 * Building (or reading back) the index in a worker, so the extension host's thread, which every extension shares,
 * never runs the build: measured at 100k papers, a build sliced on the host's own thread still stopped it for
 * 100-300 ms at a time, mostly in garbage collection of the build's allocations, which no slicing can cut.
 *
 * The worker (a worker_thread on Node; see `src/host/search/searchWorker.ts`) receives the papers in batches,
 * reads the saved index from disk if it is current or builds one, and posts it back in its chunks (each a string of
 * about a megabyte at most). The calling thread only assembles the chunks and runs `PaperIndex.loadAsync`, which
 * works in slices and leaves the postings encoded until a query needs them. Saving happens in the worker too,
 * after the index has been posted. Runtime-neutral: the port and the file access are injected.
 */
import { defaultScheduler, IndexCancelledError, type CancelSignal, type Scheduler } from './chunked';
import { checkEnvelope, IndexFormatError, type SerializedPaperIndex } from './format';
import { asIndexable, type IndexablePaper } from './indexablePaper';
import type { Paper } from '../paper';
import { PaperIndex, type PaperIndexOptions } from './paperIndex';
import { buildSerializedIndex } from './workerBuild';

/** The saved form's fields that are lists of chunks, posted one chunk per message. */
const CHUNKED = ['ids', 'signatures', 'terms', 'postings'] as const;
type ChunkedField = (typeof CHUNKED)[number];
type Envelope = Omit<SerializedPaperIndex, ChunkedField>;

/** Caller → worker. */
export type ToIndexWorker =
  /** More papers to index (the caller posts a few hundred at a time). */
  | { readonly type: 'papers'; readonly papers: readonly IndexablePaper[] }
  /**
   * All papers are posted: answer with the index. `file` is where a saved copy is read from (if current) and
   * written to (after building); `rebuild` skips reading it (the caller found the saved copy unusable).
   */
  | { readonly type: 'index'; readonly file?: string; readonly rebuild?: boolean; readonly options?: PaperIndexOptions }
  /**
   * The caller has taken the last chunk: post the next. The worker posts one chunk at a time because Node hands a
   * thread every message queued from a worker in one task, so chunks posted back to back would land in one long
   * block of the caller's thread (measured: 900 ms at 100k papers).
   */
  | { readonly type: 'next' };

/** Worker → caller. */
export type FromIndexWorker =
  | { readonly type: 'chunk'; readonly field: ChunkedField; readonly i: number; readonly text: string }
  /** The rest of the saved form; `fromFile` when it was read from disk rather than built. */
  | { readonly type: 'index'; readonly envelope: Envelope; readonly counts: Readonly<Record<ChunkedField, number>>; readonly fromFile: boolean }
  /** The built index was written to `file` (or could not be: `error`). */
  | { readonly type: 'saved'; readonly error?: string }
  | { readonly type: 'error'; readonly message: string };

/** What the worker side needs from its runtime. */
export interface IndexWorkerHost {
  post(message: FromIndexWorker): void;
  /** The text of a file, or undefined if it cannot be read. */
  readFile(file: string): string | undefined;
  writeFile(file: string, text: string): void;
}

/** The worker side: feed it every message the caller posts. */
export function indexWorkerHandler(host: IndexWorkerHost): (message: ToIndexWorker) => void {
  const papers: IndexablePaper[] = [];
  /** What is left to post of the current answer, one message per `next`; then what to do after the last. */
  let outbox: FromIndexWorker[] = [];
  let afterLast: (() => void) | undefined;
  const postNext = () => {
    const message = outbox.shift();
    if (message) host.post(message);
    if (outbox.length === 0 && afterLast) {
      const then = afterLast;
      afterLast = undefined;
      then();
    }
  };
  return (message) => {
    if (message.type === 'papers') {
      for (const paper of message.papers) papers.push(paper);
      return;
    }
    if (message.type === 'next') {
      postNext();
      return;
    }
    try {
      let saved: SerializedPaperIndex | undefined;
      if (message.file && !message.rebuild) {
        const text = host.readFile(message.file);
        if (text !== undefined) {
          try {
            saved = checkEnvelope(JSON.parse(text));
            if (saved.documentCount !== papers.length) saved = undefined;
          } catch {
            saved = undefined; // Damaged, foreign or of another version: build instead.
          }
        }
      }
      const fromFile = saved !== undefined;
      const built = saved ?? buildSerializedIndex({ papers, options: message.options });
      const envelope = Object.fromEntries(Object.entries(built).filter(([key]) => !(CHUNKED as readonly string[]).includes(key))) as Envelope;
      const counts = Object.fromEntries(CHUNKED.map((f) => [f, built[f].length])) as Record<ChunkedField, number>;
      // The envelope first (small), then one chunk per `next` from the caller.
      outbox = CHUNKED.flatMap((field) => built[field].map((text, i): FromIndexWorker => ({ type: 'chunk', field, i, text })));
      afterLast =
        message.file && !fromFile
          ? () => {
              try {
                host.writeFile(message.file as string, JSON.stringify(built));
                host.post({ type: 'saved' });
              } catch (error) {
                host.post({ type: 'saved', error: error instanceof Error ? error.message : String(error) });
              }
            }
          : undefined;
      host.post({ type: 'index', envelope, counts, fromFile });
      if (outbox.length === 0) postNext();
    } catch (error) {
      host.post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };
}

/** The caller's view of a worker. */
export interface IndexWorkerPort {
  post(message: ToIndexWorker): void;
  /** Registers the one listener for the worker's messages and errors. */
  listen(onMessage: (message: FromIndexWorker) => void, onError: (error: Error) => void): void;
  terminate(): void;
}

export interface IndexViaWorkerOptions {
  /** Where the worker reads a saved copy from and writes a new one to. */
  readonly file?: string;
  readonly signal?: CancelSignal;
  /** How the calling thread yields between batches and load slices (Node: `setImmediate`). */
  readonly scheduler?: Scheduler;
  /** Papers per message to the worker. Default 500. */
  readonly batch?: number;
  readonly options?: PaperIndexOptions;
  /** Called when the worker has written the saved copy (or failed to); the worker is terminated then. */
  readonly onSaved?: (error?: string) => void;
}

export interface WorkerIndex {
  readonly index: PaperIndex;
  /** The index was read from the saved copy rather than built. */
  readonly fromFile: boolean;
}

/**
 * Indexes `papers` in the worker behind `port` and loads the result on this thread in slices. Terminates the
 * worker when done (after it has saved, when it saves). A saved copy the worker found but this thread cannot load
 * is replaced by a fresh build.
 */
export async function indexViaWorker(
  port: IndexWorkerPort,
  papers: readonly (Paper | IndexablePaper)[],
  options: IndexViaWorkerOptions = {},
): Promise<WorkerIndex> {
  const { scheduler = defaultScheduler, batch = 500, signal } = options;
  let chunks: Record<ChunkedField, string[]> = { ids: [], signatures: [], terms: [], postings: [] };
  let waiting: { resolve: (value: { envelope: Envelope; fromFile: boolean }) => void; reject: (error: Error) => void } | undefined;
  /** The answer being received: its envelope, and how many chunks are still to come. */
  let incoming: { envelope: Envelope; fromFile: boolean; left: number } | undefined;
  let failure: Error | undefined;
  /** The worker is still writing the saved copy: end it when it says it is done. */
  let saving = false;
  let saved = false;
  let ended = false;
  const done = () => {
    ended = true;
    port.terminate();
  };
  /** Asks for the next chunk on a later turn, so each chunk's copy is its own short task on this thread. */
  const askNext = () =>
    void scheduler().then(() => {
      if (ended) return;
      if (signal?.aborted) waiting?.reject(new IndexCancelledError());
      else port.post({ type: 'next' });
    });
  const received = () => {
    if (!incoming || incoming.left > 0) return;
    const { envelope, fromFile } = incoming;
    incoming = undefined;
    waiting?.resolve({ envelope, fromFile });
  };
  port.listen(
    (message) => {
      switch (message.type) {
        case 'index': {
          const left = CHUNKED.reduce((sum, f) => sum + message.counts[f], 0);
          incoming = { envelope: message.envelope, fromFile: message.fromFile, left };
          if (left > 0) askNext();
          else received();
          break;
        }
        case 'chunk':
          if (!incoming) break;
          if (chunks[message.field][message.i] === undefined) incoming.left--;
          chunks[message.field][message.i] = message.text;
          if (incoming.left > 0) askNext();
          else received();
          break;
        case 'saved':
          saved = true;
          options.onSaved?.(message.error);
          if (saving) done();
          break;
        case 'error':
          waiting?.reject(new Error(`index worker: ${message.message}`));
          break;
      }
    },
    (error) => {
      failure = error;
      waiting?.reject(error);
    },
  );
  const request = (file: string | undefined, rebuild: boolean) =>
    new Promise<{ envelope: Envelope; fromFile: boolean }>((resolve, reject) => {
      if (failure) return reject(failure);
      chunks = { ids: [], signatures: [], terms: [], postings: [] };
      waiting = { resolve, reject };
      port.post({ type: 'index', file, rebuild, options: options.options });
    });
  try {
    for (let start = 0; start < papers.length; start += batch) {
      if (signal?.aborted) throw new IndexCancelledError();
      // Converted batch by batch: the whole feed at once would be one long burst of allocation on this thread.
      port.post({ type: 'papers', papers: papers.slice(start, start + batch).map(asIndexable) });
      await scheduler();
    }
    let answer = await request(options.file, false);
    let index: PaperIndex;
    try {
      index = await PaperIndex.loadAsync({ ...answer.envelope, ...chunks } as SerializedPaperIndex, { ...options.options, scheduler, signal });
    } catch (error) {
      if (!(error instanceof IndexFormatError) || !answer.fromFile) throw error;
      answer = await request(options.file, true);
      index = await PaperIndex.loadAsync({ ...answer.envelope, ...chunks } as SerializedPaperIndex, { ...options.options, scheduler, signal });
    }
    // A built index is being written by the worker: let it finish, then end it.
    if (options.file && !answer.fromFile && !saved) saving = true;
    else done();
    return { index, fromFile: answer.fromFile };
  } catch (error) {
    done();
    throw error;
  }
}

/**
 * Long jobs (building, loading) cut into slices so the calling thread stays responsive: the extension host serves
 * every extension from one thread, and a multi-second build there would freeze them all.
 *
 * Only what every runtime has is used (Promise, setTimeout, performance or Date): the same code runs on the host's
 * thread, in a Node worker_thread and in a Web Worker.
 */

/** Gives the thread back to its event loop once; resolves when the job may continue. */
export type Scheduler = () => Promise<void>;

/** Cancellation, satisfied by an `AbortSignal`. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export interface ChunkOptions {
  /** How to yield between slices; defaults to `setTimeout(0)`. In Node, `setImmediate` wastes less time. */
  readonly scheduler?: Scheduler;
  /**
   * Work per slice in milliseconds. Defaults to 10: well under the 50 ms a user notices, leaving room for a garbage
   * collection pause landing in the same slice, or for a busy machine stretching it.
   */
  readonly sliceMs?: number;
  /** Clock in milliseconds; injectable for tests. */
  readonly now?: () => number;
  /** Checked between steps; when aborted the job stops with `IndexCancelledError`. */
  readonly signal?: CancelSignal;
  /** Called after each slice with the steps done so far and the total, when known. */
  readonly onProgress?: (done: number, total: number) => void;
}

export class IndexCancelledError extends Error {
  constructor() {
    super('Search index job cancelled');
    this.name = 'AbortError';
  }
}

export const defaultScheduler: Scheduler = () => new Promise((resolve) => setTimeout(resolve, 0));

export function defaultClock(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/**
 * Runs `steps` to the end, yielding to the scheduler whenever a slice has used its time. A step should be small
 * (one paper, a few hundred terms): the slice can overrun by one step.
 */
export async function runChunked(steps: Iterator<unknown>, total: number, options: ChunkOptions = {}): Promise<void> {
  const { scheduler = defaultScheduler, sliceMs = 10, now = defaultClock, signal, onProgress } = options;
  let done = 0;
  let sliceStart = now();
  for (;;) {
    if (signal?.aborted) throw new IndexCancelledError();
    if (steps.next().done) break;
    done++;
    if (now() - sliceStart >= sliceMs) {
      onProgress?.(done, total);
      await scheduler();
      sliceStart = now();
    }
  }
  onProgress?.(done, total);
  // End on a yield, so that jobs run one after another (build, then compact) never join their slices.
  await scheduler();
}

/** Runs `steps` to the end synchronously (in a worker, or for small inputs). */
export function runAll(steps: Iterator<unknown>): void {
  while (!steps.next().done) {
    // Each step does its work when it is pulled.
  }
}

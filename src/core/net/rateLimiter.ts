/** Keeps a minimum gap between calls to one service (arXiv asks for 3 seconds between API calls). */

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new Error('Cancelled.'));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('Cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export class RateLimiter {
  private last = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly minGapMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Runs `task` when its turn comes, at least `minGapMs` after the previous task started. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const turn = this.queue.then(async () => {
      const wait = this.last + this.minGapMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait, signal);
      this.last = this.clock.now();
    });
    // A cancelled wait must not block the ones queued after it.
    this.queue = turn.catch(() => undefined);
    return turn.then(task);
  }
}

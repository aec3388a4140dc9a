/**
 * One render at a time, most wanted first. pdf.js's worker is a single thread and canvas work happens on the main
 * thread, so running renders in parallel only delays the page the reader is looking at. Tasks are keyed: asking
 * again for a key updates its priority instead of queuing it twice. The next task is chosen in a microtask after the
 * requests, so a batch of requests made together (the pages around a jump) starts with its most wanted, not with
 * whichever was asked for first.
 */
export interface QueueTask {
  /** Lower runs first. */
  readonly priority: number;
  readonly run: () => Promise<void>;
}

export class RenderQueue {
  private readonly pending = new Map<string, QueueTask & { readonly seq: number }>();
  private running: string | undefined;
  private seq = 0;
  private idleWaiters: (() => void)[] = [];
  private pumpQueued = false;

  request(key: string, task: QueueTask): void {
    if (this.running === key) return;
    const existing = this.pending.get(key);
    this.pending.set(key, { ...task, seq: existing?.seq ?? this.seq++ });
    if (this.running || this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  cancel(key: string): void {
    this.pending.delete(key);
  }

  /** Drops every pending task whose key starts with `prefix` (a zoom change makes them all stale). */
  cancelWhere(predicate: (key: string) => boolean): void {
    for (const key of [...this.pending.keys()]) if (predicate(key)) this.pending.delete(key);
  }

  isQueued(key: string): boolean {
    return this.pending.has(key) || this.running === key;
  }

  /** Resolves when nothing is pending or running. */
  whenIdle(): Promise<void> {
    if (!this.running && this.pending.size === 0 && !this.pumpQueued) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    if (this.running) return;
    let best: [string, QueueTask & { seq: number }] | undefined;
    for (const entry of this.pending) {
      if (!best || entry[1].priority < best[1].priority || (entry[1].priority === best[1].priority && entry[1].seq < best[1].seq)) best = entry;
    }
    if (!best) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    const [key, task] = best;
    this.pending.delete(key);
    this.running = key;
    task
      .run()
      .catch((error: unknown) => console.error('[marginalia] render failed', error))
      .finally(() => {
        this.running = undefined;
        this.pump();
      });
  }
}

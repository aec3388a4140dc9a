/**
 * Per key, one run at a time, and at most one waiting behind it: requests made while a run is under way share a
 * single follow-up run, which starts when that one ends and so sees everything that happened before they were made.
 *
 * For re-reading a file on change events. Reads started one after the other can finish in the other order, so two
 * overlapping re-reads could leave the older text as the result, and with no later event nothing would correct it.
 * Run one at a time, the last run always starts after the last change it was asked about.
 */
export class CoalescingRuns<K, O> {
  private readonly slots = new Map<K, { tail: Promise<void>; waiting?: { options: O; promise?: Promise<void> } }>();

  /**
   * @param run does the work for a key; its rejection reaches the callers of that run only.
   * @param merge combines the options of requests that share a run.
   */
  constructor(
    private readonly run: (key: K, options: O) => Promise<void>,
    private readonly merge: (a: O, b: O) => O,
  ) {}

  /** Resolves when a run that started after this call has finished. */
  request(key: K, options: O): Promise<void> {
    const slot = this.slots.get(key);
    if (slot?.waiting?.promise) {
      slot.waiting.options = this.merge(slot.waiting.options, options);
      return slot.waiting.promise;
    }
    const waiting: { options: O; promise?: Promise<void> } = { options };
    const promise = (slot?.tail ?? Promise.resolve()).then(() => {
      // From here on it is running: later requests wait for the next run.
      const current = this.slots.get(key);
      if (current?.waiting === waiting) current.waiting = undefined;
      return this.run(key, waiting.options);
    });
    waiting.promise = promise;
    const tail = promise.then(
      () => undefined,
      () => undefined,
    );
    this.slots.set(key, { tail, waiting });
    void tail.then(() => {
      if (this.slots.get(key)?.tail === tail) this.slots.delete(key);
    });
    return promise;
  }

  /** Whether a key has a run under way or waiting (for tests). */
  busy(key: K): boolean {
    return this.slots.has(key);
  }
}

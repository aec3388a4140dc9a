import assert from 'node:assert/strict';
import { CoalescingRuns } from '../../src/core/coalescingRuns';

/** A read whose answer the test releases by hand, in any order. */
interface Pending {
  readonly key: string;
  readonly value: number;
  release(): void;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('coalescing runs (re-reads of a file, one at a time)', () => {
  it('never lets an older read land after a newer one, whatever order the reads finish in', async () => {
    // The "file" changes while reads are under way; each run reads the file when it starts and applies it when released.
    let file = 1;
    let applied = 0;
    const pending: Pending[] = [];
    const runs = new CoalescingRuns<string, boolean>(
      (key) =>
        new Promise<void>((resolve) => {
          const value = file;
          pending.push({ key, value, release: () => ((applied = value), resolve()) });
        }),
      (a, b) => a || b,
    );
    const first = runs.request('a', false);
    await tick();
    file = 2;
    const second = runs.request('a', false);
    file = 3;
    const third = runs.request('a', true);
    await tick();
    assert.equal(pending.length, 1, 'one run at a time');
    assert.equal(second, third, 'requests made while a run is under way share the next run');
    pending.shift()!.release();
    await first;
    await tick();
    assert.equal(pending.length, 1);
    assert.equal(pending[0]!.value, 3, 'the follow-up run reads the newest state');
    pending.shift()!.release();
    await third;
    assert.equal(applied, 3);
    await tick();
    assert.equal(runs.busy('a'), false);
  });

  it('runs different keys independently and merges the options of shared runs', async () => {
    const seen: [string, boolean][] = [];
    const gates: (() => void)[] = [];
    const runs = new CoalescingRuns<string, boolean>(
      (key, notify) =>
        new Promise<void>((resolve) => {
          seen.push([key, notify]);
          gates.push(resolve);
        }),
      (a, b) => a || b,
    );
    void runs.request('a', false);
    void runs.request('b', false);
    await tick();
    assert.deepEqual(
      seen,
      [
        ['a', false],
        ['b', false],
      ],
      'both keys run at once',
    );
    const shared = runs.request('a', false);
    void runs.request('a', true);
    for (const open of gates.splice(0)) open();
    await tick();
    await tick();
    assert.deepEqual(seen.at(-1), ['a', true], 'a shared run notifies when any of its requests asked to');
    for (const open of gates.splice(0)) open();
    await shared;
  });

  it('passes a failed run to its callers and keeps serving the key', async () => {
    let fail = true;
    const runs = new CoalescingRuns<string, null>(
      async () => {
        if (fail) throw new Error('unreadable');
      },
      () => null,
    );
    await assert.rejects(runs.request('a', null), /unreadable/);
    fail = false;
    await runs.request('a', null);
    await tick();
    assert.equal(runs.busy('a'), false);
  });
});

import assert from 'node:assert/strict';
import { IndexCancelledError, runChunked } from '../../src/core/search/chunked';
import { PaperIndex } from '../../src/core/search/paperIndex';
import { buildSerializedIndex } from '../../src/core/search/workerBuild';
import { toIndexable } from '../../src/core/search/indexablePaper';
import { allPapers } from './searchFixtures';

/** A clock that moves only when read: each read is 1 ms of "work", so slices can be checked without real time. */
function fakeClock(): { now: () => number; time: () => number } {
  let t = 0;
  return { now: () => ++t, time: () => t };
}

describe('PaperIndex: chunked build', () => {
  it('yields whenever a slice has used its time, never later than one step', async () => {
    const clock = fakeClock();
    const slices: number[] = [];
    let sliceStart = clock.time();
    const index = await PaperIndex.build(allPapers, {
      sliceMs: 5,
      now: clock.now,
      scheduler: async () => {
        slices.push(clock.time() - sliceStart);
        sliceStart = clock.time();
      },
    });
    assert.equal(index.size, allPapers.length);
    assert.ok(slices.length >= allPapers.length / 6, `${slices.length} slices`);
    // Each step reads the clock once (1 ms of fake time): a slice ends within one step of its 5 ms budget.
    assert.ok(Math.max(...slices) <= 6, `longest slice ${Math.max(...slices)} ms`);
  });

  it('yields to the real event loop with the default scheduler', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      const index = await PaperIndex.build([...allPapers, ...allPapers.map((p) => ({ ...p, id: `copy-${p.id}` }))], { sliceMs: 1 });
      assert.equal(index.size, allPapers.length * 2);
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks > 1, `timers ran ${ticks} times during the build`);
  });

  it('reports progress up to the total', async () => {
    const seen: [number, number][] = [];
    await PaperIndex.build(allPapers, { sliceMs: 0, scheduler: () => Promise.resolve(), onProgress: (done, total) => seen.push([done, total]) });
    assert.ok(seen.length > 1);
    assert.ok(seen.every(([, total]) => total === allPapers.length));
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i][0] >= seen[i - 1][0]);
    assert.deepEqual(seen.at(-1), [allPapers.length, allPapers.length]);
  });

  it('is cancelled by an aborted signal, between slices', async () => {
    const controller = new AbortController();
    const index = new PaperIndex();
    let slices = 0;
    const building = index.addAllAsync(allPapers, {
      sliceMs: 0,
      signal: controller.signal,
      scheduler: async () => {
        if (++slices === 3) controller.abort();
      },
    });
    await assert.rejects(building, (e: unknown) => e instanceof IndexCancelledError && e.name === 'AbortError');
    assert.ok(index.size > 0 && index.size < allPapers.length, `${index.size} papers added before cancelling`);
  });

  it('does not start when the signal is already aborted', async () => {
    await assert.rejects(PaperIndex.build(allPapers, { signal: { aborted: true } }), IndexCancelledError);
  });

  it('runChunked counts steps and checks the clock only between steps', async () => {
    const clock = fakeClock();
    let yields = 0;
    function* steps(): Generator<void> {
      for (let i = 0; i < 20; i++) yield;
    }
    await runChunked(steps(), 20, { sliceMs: 4, now: clock.now, scheduler: async () => void yields++ });
    assert.ok(yields >= 4 && yields <= 6, `${yields} yields`);
  });
});

describe('buildSerializedIndex (for workers)', () => {
  it('turns plain paper data into a saved index that loads to the same index', () => {
    const input = { papers: allPapers.map(toIndexable) };
    // What crosses to a worker and back is structured-cloneable data.
    const saved = buildSerializedIndex(structuredClone(input));
    const fromWorker = PaperIndex.load(structuredClone(saved));
    const direct = new PaperIndex();
    direct.addAll(allPapers);
    for (const q of ['gaussian splatting', 'testing', 'agents']) assert.deepEqual(fromWorker.search(q), direct.search(q));
    assert.deepEqual(fromWorker.moreLikeThis('2507.11061'), direct.moreLikeThis('2507.11061'));
  });

  it('reports progress', () => {
    const seen: number[] = [];
    buildSerializedIndex({ papers: allPapers.map(toIndexable) }, (done) => seen.push(done), 50);
    assert.deepEqual(seen, [50, 100, 150, allPapers.length]);
  });
});

import assert from 'node:assert/strict';
import { IndexCancelledError } from '../../src/core/search/chunked';
import { indexViaWorker, indexWorkerHandler, type FromIndexWorker, type IndexWorkerPort, type ToIndexWorker } from '../../src/core/search/indexWorker';
import { PaperIndex } from '../../src/core/search/paperIndex';
import { allPapers } from './searchFixtures';

/** A worker in this thread: messages are structured-cloned and delivered on a later turn, as between threads. */
function fakeWorker(files: Map<string, string>) {
  const stats = { terminated: false, posted: 0, reads: 0, writes: 0 };
  let toCaller: ((m: FromIndexWorker) => void) | undefined;
  const handle = indexWorkerHandler({
    post: (m) => setImmediate(() => toCaller?.(structuredClone(m))),
    readFile: (file) => {
      stats.reads++;
      return files.get(file);
    },
    writeFile: (file, text) => {
      stats.writes++;
      files.set(file, text);
    },
  });
  const port: IndexWorkerPort = {
    post: (m: ToIndexWorker) => {
      stats.posted++;
      const copy = structuredClone(m);
      setImmediate(() => handle(copy));
    },
    listen: (onMessage) => {
      toCaller = onMessage;
    },
    terminate: () => {
      stats.terminated = true;
      toCaller = undefined;
    },
  };
  return { port, stats };
}

const top = (index: PaperIndex, q: string) => index.search(q, { prefix: true, limit: 10 }).hits.map((h) => [h.id, h.score]);

describe('indexing in a worker', () => {
  const queries = ['gaussian splatting', 'mutation test', 'reinforcement learning', 'mamba'];
  let reference: PaperIndex;
  before(async () => {
    reference = await PaperIndex.build(allPapers);
  });

  it('gives the same index as a build on this thread, and ends the worker', async () => {
    const { port, stats } = fakeWorker(new Map());
    const { index, fromFile } = await indexViaWorker(port, allPapers, { batch: 40 });
    assert.equal(fromFile, false);
    assert.equal(index.size, allPapers.length);
    for (const q of queries) assert.deepEqual(top(index, q), top(reference, q), q);
    assert.ok(stats.posted >= Math.ceil(allPapers.length / 40), 'papers go over in batches');
    assert.ok(stats.terminated);
  });

  it('saves the built index in the worker and reads it back next time', async () => {
    const files = new Map<string, string>();
    const first = fakeWorker(files);
    let saved: string | undefined = 'not yet';
    await indexViaWorker(first.port, allPapers, { file: '/idx.json', onSaved: (error) => (saved = error) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(saved, undefined, 'saved without error');
    assert.ok(files.has('/idx.json'));
    assert.ok(first.stats.terminated, 'the worker ends after saving');
    const second = fakeWorker(files);
    const { index, fromFile } = await indexViaWorker(second.port, allPapers, { file: '/idx.json' });
    assert.equal(fromFile, true);
    assert.equal(second.stats.writes, 0);
    for (const q of queries) assert.deepEqual(top(index, q), top(reference, q), q);
  });

  it('builds instead of using a damaged or stale saved copy', async () => {
    const files = new Map([['/idx.json', '{"format":"marginalia-search-index","version":3,"broken":']]);
    const { index, fromFile } = await indexViaWorker(fakeWorker(files).port, allPapers, { file: '/idx.json' });
    assert.equal(fromFile, false);
    assert.equal(index.size, allPapers.length);
    // A saved copy of other papers (another count) is not used either.
    const fewer = await indexViaWorker(fakeWorker(files).port, allPapers.slice(0, 20), { file: '/idx.json' });
    assert.equal(fewer.fromFile, false);
    assert.equal(fewer.index.size, 20);
  });

  it('takes the answer one chunk per task, asking for each, and stops asking when cancelled', async () => {
    // Chunks posted back to back would reach a Node thread in one task (one long block); the worker posts the next
    // only when asked, and the caller asks from a later turn.
    const { port, stats } = fakeWorker(new Map());
    const seen: string[] = [];
    const listen = port.listen.bind(port);
    port.listen = (onMessage, onError) => listen((m) => (seen.push(m.type), onMessage(m)), onError);
    const post = port.post.bind(port);
    let asked = 0;
    port.post = (m) => (m.type === 'next' && asked++, post(m));
    const { index } = await indexViaWorker(port, allPapers);
    const chunks = seen.filter((t) => t === 'chunk').length;
    assert.ok(chunks >= 4, `the answer comes in chunks (${chunks})`);
    assert.equal(asked, chunks, 'one request per chunk');
    assert.equal(seen.indexOf('index'), 0, 'the envelope comes first');
    assert.equal(index.size, allPapers.length);
    assert.ok(stats.terminated);

    const cancelled = fakeWorker(new Map());
    const controller = new AbortController();
    const listenC = cancelled.port.listen.bind(cancelled.port);
    cancelled.port.listen = (onMessage, onError) =>
      listenC((m) => {
        onMessage(m);
        if (m.type === 'chunk') controller.abort();
      }, onError);
    await assert.rejects(indexViaWorker(cancelled.port, allPapers, { signal: controller.signal }), IndexCancelledError);
    assert.ok(cancelled.stats.terminated);
  });

  it('stops when cancelled and ends the worker', async () => {
    const { port, stats } = fakeWorker(new Map());
    const controller = new AbortController();
    const job = indexViaWorker(port, allPapers, { batch: 10, signal: controller.signal });
    controller.abort();
    await assert.rejects(job, IndexCancelledError);
    assert.ok(stats.terminated);
  });
});

/**
 * Big feeds are parsed in a thread of their own (`dist/feedWorker.js`), so the extension host's thread keeps
 * answering while a 40 MB import is read. The thread is the real one: the worker is bundled with esbuild here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { FeedError } from '../../src/core/feeds/feedError';
import { parseFeed } from '../../src/core/feeds/parseFeed';
import { offThreadFeedParser } from '../../src/host/feeds/offThreadParse';

/** A real day of Hugging Face papers repeated, with ids of its own, to `copies` times its size. */
function bigHfFeed(copies: number): Uint8Array {
  const day = JSON.parse(readFileSync('test/fixtures/hf/hf_daily_2025-07-22.json', 'utf8')) as { paper: { id: string } }[];
  const items: unknown[] = [];
  for (let c = 0; c < copies; c++) {
    day.forEach((item, i) => items.push({ ...item, paper: { ...item.paper, id: `2501.${String(10000 + c * day.length + i)}` } }));
  }
  return new TextEncoder().encode(JSON.stringify(items));
}

/** The longest the event loop went without a turn while `work` ran. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const value = await work();
    stallMs = Math.max(stallMs, performance.now() - last);
    return { value, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe('feeds parsed off the host’s thread', function () {
  this.timeout(120_000);
  let dir = '';
  let script = '';
  const big = bigHfFeed(300);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marginalia-feed-worker-'));
    script = join(dir, 'feedWorker.js');
    await build({ entryPoints: ['src/host/feeds/feedWorker.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'silent' });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('parses a big feed in its own thread: the same papers, and the host’s thread never stalls for long', async () => {
    assert.ok(big.length > 25_000_000, `a feed of ${(big.length / 1e6).toFixed(0)} MB`);
    const here = await longestStall(async () => parseFeed(big));
    const there = await longestStall(() => offThreadFeedParser(script)(big, { fileName: 'big.json' }));
    assert.equal(here.value.papers.length, 300 * 16);
    assert.equal(there.value.papers.length, here.value.papers.length);
    assert.deepEqual(there.value.papers[1234], here.value.papers[1234]);
    // On this thread the parse is one long stall; from the thread, the loop keeps turning (a copy of the bytes only).
    assert.ok(here.stallMs > 250, `parsed here, the thread stalled ${here.stallMs.toFixed(0)} ms`);
    assert.ok(
      there.stallMs < here.stallMs / 3,
      `parsed in a thread, the longest stall was ${there.stallMs.toFixed(0)} ms (here: ${here.stallMs.toFixed(0)} ms)`,
    );
  });

  it('gives the same error as here for a big file that is no feed', async () => {
    const junk = new TextEncoder().encode(`[${'{"not":"a paper"},'.repeat(200_000)}{}]`);
    const here = (() => {
      try {
        parseFeed(junk, { fileName: 'junk.json' });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    assert.ok(here instanceof FeedError);
    await assert.rejects(
      offThreadFeedParser(script)(junk, { fileName: 'junk.json' }),
      (error: unknown) => error instanceof FeedError && error.kind === here.kind && error.message === here.message,
    );
  });

  it('parses small feeds and every feed without a thread script on this thread', async () => {
    const small = readFileSync('test/fixtures/hf/hf_daily_2025-07-22.json');
    const missing = join(dir, 'no-such-worker.js');
    // A script that does not exist would fail if it were started: small feeds never start one.
    assert.equal((await offThreadFeedParser(missing)(small, {})).papers.length, parseFeed(small).papers.length);
    const twoMegabytes = bigHfFeed(25);
    assert.equal((await offThreadFeedParser(undefined)(twoMegabytes, {})).papers.length, 400);
  });
});

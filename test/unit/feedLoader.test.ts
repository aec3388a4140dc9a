import assert from 'node:assert/strict';
import { FeedCache, CachedFeed, FeedLoadError, FeedLoader } from '../../src/core/feeds/feedLoader';
import { describeSource, sourceCacheKey, validateSource, type FeedSource } from '../../src/core/feeds/feedSource';
import { fetchHttpClient } from '../../src/core/net/http';
import type { Clock } from '../../src/core/net/rateLimiter';
import { FixtureServer, startFixtureServer } from '../support/fixtureServer';

class MemoryCache implements FeedCache {
  readonly entries = new Map<string, CachedFeed>();
  async read(key: string) {
    return this.entries.get(key);
  }
  async write(key: string, feed: CachedFeed) {
    this.entries.set(key, feed);
  }
}

/** A clock whose "now" the test sets; sleeping really waits, so rate limiting is observable on the server. */
function clockAt(iso: string): Clock & { set(iso: string): void } {
  let offset = Date.parse(iso) - Date.now();
  return {
    now: () => Date.now() + offset,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    set(value: string) {
      offset = Date.parse(value) - Date.now();
    },
  };
}

const hfDay = (date: string): FeedSource => ({ kind: 'hf-daily', id: `hf-${date}`, period: 'day', date, sort: 'trending' });
const arxiv = (query: string): FeedSource => ({ kind: 'arxiv', id: 'ax', query, sortBy: 'submittedDate', maxResults: 100 });

describe('FeedLoader against recorded feeds over HTTP on 127.0.0.1', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(async () => {
    await server.close();
  });

  function loader(options: { base?: string; cache?: MemoryCache; clock?: Clock; timeoutMs?: number; arxivGapMs?: number; maxResponseBytes?: number } = {}) {
    const base = options.base ?? server.url;
    return new FeedLoader({
      http: fetchHttpClient(),
      cache: options.cache ?? new MemoryCache(),
      endpoints: () => ({ huggingFace: `${base}/hf/api`, arxiv: `${base}/arxiv/api/query` }),
      readFile: async () => {
        throw new Error('no files here');
      },
      loadSample: async () => ({ format: 'daily-papers-text', papers: [], skipped: [] }),
      clock: options.clock ?? clockAt('2025-07-22T12:00:00Z'),
      timeoutMs: options.timeoutMs ?? 5000,
      arxivGapMs: options.arxivGapMs ?? 0,
      ...(options.maxResponseBytes !== undefined ? { maxResponseBytes: () => options.maxResponseBytes! } : {}),
    });
  }

  it('loads a Hugging Face day and caches it for the rest of the day', async () => {
    const cache = new MemoryCache();
    const l = loader({ cache });
    const first = await l.load(hfDay('2025-07-22'));
    assert.equal(first.result.papers.length, 16);
    assert.equal(first.fromCache, false);
    assert.ok(first.result.papers.some((p) => p.repos.some((r) => r.url === 'https://github.com/Alibaba-NLP/WebWalker')));
    const before = server.requests.length;
    const second = await l.load(hfDay('2025-07-22'));
    assert.equal(second.fromCache, true);
    assert.equal(server.requests.length, before, 'the second load must not hit the network');
    const refreshed = await l.load(hfDay('2025-07-22'), { refresh: true });
    assert.equal(refreshed.fromCache, false);
    assert.equal(server.requests.length, before + 1);
  });

  it('asks Hugging Face for the current day when no date is set, and again the next day', async () => {
    const clock = clockAt('2026-06-12T08:00:00Z');
    const cache = new MemoryCache();
    const l = loader({ cache, clock });
    const source: FeedSource = { kind: 'hf-daily', id: 'today', period: 'day', sort: 'trending' };
    const today = await l.load(source);
    assert.equal(today.result.papers.length, 30);
    assert.match(server.requests.at(-1)!.path, /date=2026-06-12/);
    clock.set('2026-06-13T08:00:00Z');
    const tomorrow = await l.load(source);
    assert.equal(tomorrow.fromCache, false);
    assert.match(server.requests.at(-1)!.path, /date=2026-06-13/);
  });

  it('loads an arXiv query and an empty arXiv result', async () => {
    const l = loader();
    const feed = await l.load(arxiv('all:testing'));
    assert.equal(feed.result.papers.length, 100);
    assert.equal(feed.result.format, 'arxiv-atom');
    const empty = await loader().load({ kind: 'arxiv', id: 'e', query: '', idList: ['0000.0000'], sortBy: 'relevance', maxResults: 10 });
    assert.equal(empty.result.papers.length, 0);
  });

  it('keeps at least the arXiv gap between API calls', async () => {
    const l = loader({ arxivGapMs: 1000 });
    const start = server.requests.length;
    await Promise.all([l.load(arxiv('au:del_maestro')), l.load(arxiv('all:testing'))]);
    const calls = server.requests.slice(start);
    assert.equal(calls.length, 2);
    // Seen from the server, the gap shrinks by however late the first request arrived (a loaded machine): allow for it.
    assert.ok(calls[1]!.at - calls[0]!.at >= 800, `calls were ${calls[1]!.at - calls[0]!.at} ms apart`);
  });

  it("turns an arXiv error feed, HTTP 200 (classic) or 400 (current), into a service error with arXiv's words", async () => {
    for (const id of ['INVALIDID', 'abc']) {
      await assert.rejects(loader().load({ kind: 'arxiv', id: 'x', query: '', idList: [id], sortBy: 'relevance', maxResults: 1 }), (error: unknown) => {
        assert.ok(error instanceof FeedLoadError);
        assert.equal(error.kind, 'service');
        assert.match(error.message, new RegExp(`incorrect id format for ${id}`));
        return true;
      });
    }
  });

  it('refuses an endless answer past the size limit, having read no more than the limit of it', async () => {
    const before = server.streamed();
    const rssBefore = process.memoryUsage().rss;
    await assert.rejects(loader({ base: `${server.url}/endless`, maxResponseBytes: 2_000_000, timeoutMs: 3000 }).load(hfDay('2025-07-22')), (e: unknown) => {
      assert.ok(e instanceof FeedLoadError);
      assert.equal(e.kind, 'too-large');
      assert.equal(e.retryable, false);
      assert.match(
        e.message,
        /^The feed from 127\.0\.0\.1:\d+ is larger than 2 MB, the most Marginalia reads from a feed \(setting marginalia\.feeds\.maxResponseMB\); it was not loaded\.$/,
      );
      return true;
    });
    // What the server got out before the client hung up: the limit plus what sockets and fetch hold in buffers.
    const sent = server.streamed() - before;
    assert.ok(sent < 40_000_000, `the server sent ${sent} bytes`);
    assert.ok(process.memoryUsage().rss - rssBefore < 200_000_000, 'the body was not kept');
  });

  it('refuses an answer whose length already says it is past the limit, without reading it', async () => {
    const before = server.streamed();
    const started = Date.now();
    await assert.rejects(loader({ base: `${server.url}/too-long`, maxResponseBytes: 20_000_000, timeoutMs: 3000 }).load(hfDay('2025-07-22')), (e: unknown) => {
      assert.ok(e instanceof FeedLoadError);
      assert.equal(e.kind, 'too-large');
      assert.match(e.message, /larger than 20 MB/);
      return true;
    });
    assert.ok(server.streamed() - before < 20_000_000, `the server sent ${server.streamed() - before} bytes`);
    assert.ok(Date.now() - started < 10_000);
  });

  it('still loads a real feed under the default limit', async () => {
    const loaded = await loader({ maxResponseBytes: 1_000_000 }).load(hfDay('2025-07-22'));
    assert.ok(loaded.result.papers.length > 0);
  });

  it('reports a timeout, a dropped connection, an HTTP error and a truncated body clearly', async () => {
    await assert.rejects(loader({ base: `${server.url}/slow/3000`, timeoutMs: 300 }).load(hfDay('2025-07-22')), (e: unknown) => {
      assert.ok(e instanceof FeedLoadError);
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /did not answer within/);
      return true;
    });
    await assert.rejects(loader({ base: `${server.url}/drop` }).load(hfDay('2025-07-22')), (e: unknown) => {
      assert.ok(e instanceof FeedLoadError);
      assert.equal(e.kind, 'network');
      assert.match(e.message, /Could not reach 127\.0\.0\.1/);
      return true;
    });
    await assert.rejects(loader({ base: `${server.url}/status/503` }).load(hfDay('2025-07-22')), (e: unknown) => {
      assert.ok(e instanceof FeedLoadError);
      assert.equal(e.kind, 'http');
      assert.match(e.message, /HTTP 503/);
      assert.equal(e.retryable, true);
      return true;
    });
    await assert.rejects(loader({ base: `${server.url}/garbage` }).load(hfDay('2025-07-22')), (e: unknown) => {
      assert.ok(e instanceof FeedLoadError);
      assert.equal(e.kind, 'malformed');
      return true;
    });
  });

  it('shows the last cached copy, marked stale, when the network fails', async () => {
    const cache = new MemoryCache();
    const clock = clockAt('2026-06-12T08:00:00Z');
    const source: FeedSource = { kind: 'hf-daily', id: 'today', period: 'day', sort: 'trending' };
    await loader({ cache, clock }).load(source);
    clock.set('2026-06-13T08:00:00Z');
    const offline = await loader({ cache, clock, base: `${server.url}/drop` }).load(source);
    assert.equal(offline.fromCache, true);
    assert.equal(offline.result.papers.length, 30);
    assert.ok(offline.staleBecause instanceof FeedLoadError);
    assert.equal(offline.staleBecause.kind, 'network');
  });

  it('never shows a feed cached from another server, not even as the offline copy', async () => {
    const cache = new MemoryCache();
    const other = await startFixtureServer();
    try {
      // A workspace once pointed the endpoints at its own server: its feed went into the shared cache.
      const planted = await loader({ cache, base: other.url }).load(hfDay('2025-07-22'));
      assert.equal(planted.fromCache, false);
      assert.equal(cache.entries.size, 1);
      // The real endpoint, offline: no feed rather than the other server's.
      await assert.rejects(
        loader({ cache, base: 'http://127.0.0.1:9' }).load(hfDay('2025-07-22')),
        (e: unknown) => e instanceof FeedLoadError && e.kind === 'network',
      );
      // Online: fetched from it, not taken from the cache.
      const before = server.requests.length;
      const real = await loader({ cache }).load(hfDay('2025-07-22'));
      assert.equal(real.fromCache, false);
      assert.equal(server.requests.length, before + 1);
      assert.equal(cache.entries.size, 2, 'one copy per origin');
    } finally {
      await other.close();
    }
  });

  it('ignores a cached copy that does not say where it came from', async () => {
    const cache = new MemoryCache();
    const l = loader({ cache });
    await l.load(hfDay('2025-07-22'));
    const [key, entry] = [...cache.entries][0]!;
    cache.entries.set(key, { savedAt: entry.savedAt, requestKey: entry.requestKey, result: entry.result });
    const before = server.requests.length;
    assert.equal((await l.load(hfDay('2025-07-22'))).fromCache, false);
    assert.equal(server.requests.length, before + 1);
  });

  it('reports an unreachable server (nothing listening)', async () => {
    await assert.rejects(loader({ base: 'http://127.0.0.1:9' }).load(hfDay('2025-07-22')), (e: unknown) => e instanceof FeedLoadError && e.kind === 'network');
  });

  it('cancels a slow load', async () => {
    const controller = new AbortController();
    const pending = loader({ base: `${server.url}/slow/5000` }).load(hfDay('2025-07-22'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(pending, (e: unknown) => e instanceof FeedLoadError && e.kind === 'cancelled');
  });
});

describe('RateLimiter', () => {
  it('starts each task at least the gap after the previous one started, in order', async () => {
    const { RateLimiter } = await import('../../src/core/net/rateLimiter');
    let now = 0;
    const sleeps: number[] = [];
    const clock: Clock = {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    };
    const limiter = new RateLimiter(3000, clock);
    const starts: number[] = [];
    await Promise.all([0, 1, 2].map((i) => limiter.run(async () => starts.push(now * 10 + i))));
    assert.deepEqual(starts, [0, 30001, 60002]);
    assert.deepEqual(sleeps, [3000, 3000]);
  });
});

describe('the bundled sample sources', () => {
  it('loads the sample a source names, the saved page by default', async () => {
    const asked: string[] = [];
    const l = new FeedLoader({
      http: fetchHttpClient(),
      cache: { read: async () => undefined, write: async () => undefined },
      endpoints: () => ({ huggingFace: 'http://127.0.0.1:9', arxiv: 'http://127.0.0.1:9' }),
      readFile: async () => new Uint8Array(),
      loadSample: async (feed) => {
        asked.push(feed);
        return { format: feed === 'hf-day' ? 'hf-daily-json' : 'daily-papers-text', papers: [], skipped: [] };
      },
    });
    const page = validateSource({ kind: 'sample', id: 'sample' });
    const day = validateSource({ kind: 'sample', id: 'sample-hf-day', feed: 'hf-day' });
    assert.ok(page.ok && day.ok);
    assert.equal((await l.load(page.source)).result.format, 'daily-papers-text');
    assert.equal((await l.load(day.source)).result.format, 'hf-daily-json');
    assert.deepEqual(asked, ['page', 'hf-day']);
    assert.notEqual(sourceCacheKey(page.source), sourceCacheKey(day.source));
    assert.equal(describeSource(day.source, new Date()), 'Sample: Hugging Face day (recorded 2025-07-22)');
    assert.deepEqual(validateSource({ kind: 'sample', id: 's', feed: 'other' }), { ok: false, reason: '"feed" must be page or hf-day' });
  });
});

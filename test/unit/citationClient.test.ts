import assert from 'node:assert/strict';
import { CitationClient, memoryCitationCache } from '../../src/core/citations/citationClient';
import { CitationError, type CitationErrorKind, type CitationPage } from '../../src/core/citations/semanticScholar';
import { fetchHttpClient } from '../../src/core/net/http';
import type { Clock } from '../../src/core/net/rateLimiter';
import { FixtureServer, startFixtureServer } from '../support/fixtureServer';

/** A clock that only moves when told, or when the rate limiter sleeps (each sleep is recorded). */
function manualClock(): Clock & { advance(ms: number): void; readonly sleeps: number[] } {
  let now = Date.UTC(2026, 7, 1);
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms) => void (now += ms),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const isCitationError = (kind: CitationErrorKind, message: RegExp) => (e: unknown) => e instanceof CitationError && e.kind === kind && message.test(e.message);

describe('Semantic Scholar client over HTTP', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(async () => {
    await server.close();
  });

  function client(
    options: {
      endpoint?: () => string;
      clock?: ReturnType<typeof manualClock>;
      cache?: ReturnType<typeof memoryCitationCache<CitationPage>>;
      gapMs?: number;
    } = {},
  ) {
    const cache = options.cache ?? memoryCitationCache();
    const clock = options.clock ?? manualClock();
    const endpoint = options.endpoint ?? (() => `${server.url}/s2/graph/v1`);
    return { cache, clock, client: new CitationClient({ http: fetchHttpClient(), cache, clock, endpoint, gapMs: options.gapMs ?? 1000, timeoutMs: 5000 }) };
  }
  const served = (from: number) => server.requests.slice(from).map((r) => r.path);

  it('asks for the arXiv paper’s citations and references with only the fields it shows', async () => {
    const { client: s2 } = client();
    const before = server.requests.length;
    const citations = await s2.load('2304.01234', 'citations');
    const references = await s2.load('2304.01234', 'references');
    assert.deepEqual(served(before), [
      '/s2/graph/v1/paper/arXiv:2304.01234/citations?fields=title,year,authors,citationCount,externalIds&limit=100',
      '/s2/graph/v1/paper/arXiv:2304.01234/references?fields=title,year,authors,citationCount,externalIds&limit=100',
    ]);
    assert.equal(citations.fromCache, false);
    assert.deepEqual(
      citations.page.papers.map((p) => p.arxivId ?? p.doi),
      ['2607.22410', '2607.22154', '10.1039/d6nr00839a'],
    );
    assert.equal(references.page.papers[0]!.title, 'Timekeeping with electron spin states in diamond');
  });

  it('keeps a gap between requests', async () => {
    const { client: s2, clock } = client({ gapMs: 1000 });
    await s2.load('2304.00001', 'citations');
    await s2.load('2304.00001', 'references');
    await s2.load('2304.00002', 'citations');
    assert.deepEqual(clock.sleeps, [1000, 1000]);
  });

  it('answers from the cache for a day, then asks again; Retry (refresh) asks at once', async () => {
    const { client: s2, clock } = client();
    const before = server.requests.length;
    await s2.load('2304.00003', 'citations');
    clock.advance(60 * 60 * 1000);
    const cached = await s2.load('2304.00003', 'citations');
    assert.equal(cached.fromCache, true);
    assert.equal(served(before).length, 1);
    await s2.load('2304.00003', 'citations', { refresh: true });
    assert.equal(served(before).length, 2);
    clock.advance(25 * 60 * 60 * 1000);
    assert.equal((await s2.load('2304.00003', 'citations')).fromCache, false);
    assert.equal(served(before).length, 3);
  });

  it('asks once for two views opening the same paper at the same time', async () => {
    const { client: s2 } = client();
    const before = server.requests.length;
    const [a, b] = await Promise.all([s2.load('2304.00004', 'references'), s2.load('2304.00004', 'references')]);
    assert.equal(a, b);
    assert.equal(served(before).length, 1);
  });

  it('keys the cache by the endpoint’s origin: a copy from another server is not shown', async () => {
    let endpoint = `${server.url}/s2/graph/v1`;
    const { client: s2, cache } = client({ endpoint: () => endpoint });
    await s2.load('2304.00005', 'citations');
    const firstKey = s2.cacheKey('2304.00005', 'citations');
    assert.ok(cache.entries.has(firstKey));
    assert.match(firstKey, /127\.0\.0\.1/);
    // The same host on another port is another origin; nothing listens there: no answer and no copy to show.
    endpoint = 'http://127.0.0.1:9/s2/graph/v1';
    assert.notEqual(s2.cacheKey('2304.00005', 'citations'), firstKey);
    await assert.rejects(s2.load('2304.00005', 'citations'), isCitationError('offline', /could not be reached/));
  });

  it('offline: the last copy, with what failed; without one, a clear error', async () => {
    let endpoint = `${server.url}/s2/graph/v1`;
    const { client: s2 } = client({ endpoint: () => endpoint });
    await s2.load('2304.00006', 'references');
    // Same origin, a path that drops the connection: the server is "offline" for this request.
    endpoint = `${server.url}/drop/s2/graph/v1`;
    const stale = await s2.load('2304.00006', 'references', { refresh: true });
    assert.equal(stale.fromCache, true);
    assert.equal(stale.staleBecause?.kind, 'offline');
    assert.equal(stale.page.papers.length, 3);
    await assert.rejects(s2.load('2304.00007', 'references'), isCitationError('offline', /Semantic Scholar could not be reached/));
  });

  it('S2’s 404 for an unknown paper, in its words (recorded cassette), and nothing cached', async () => {
    const { client: s2, cache } = client();
    await assert.rejects(s2.load('0000.0000', 'citations'), isCitationError('not-found', /does not know this paper \(Paper with id 0 not found\)/));
    assert.equal(cache.entries.size, 0);
  });

  it('a busy or broken server says so', async () => {
    await assert.rejects(
      client({ endpoint: () => `${server.url}/status/429/s2/graph/v1` }).client.load('2304.00008', 'citations'),
      isCitationError('rate-limited', /wait/),
    );
    await assert.rejects(
      client({ endpoint: () => `${server.url}/status/503/s2/graph/v1` }).client.load('2304.00008', 'citations'),
      isCitationError('service-error', /HTTP 503/),
    );
    await assert.rejects(
      client({ endpoint: () => `${server.url}/garbage/s2/graph/v1` }).client.load('2304.00008', 'citations'),
      isCitationError('malformed', /not JSON/),
    );
  });

  it('a cancelled load rejects as cancelled', async () => {
    const controller = new AbortController();
    const pending = client({ endpoint: () => `${server.url}/slow/2000/s2/graph/v1` }).client.load('2304.00009', 'citations', { signal: controller.signal });
    controller.abort();
    await assert.rejects(pending, isCitationError('cancelled', /Cancelled/));
  });
});

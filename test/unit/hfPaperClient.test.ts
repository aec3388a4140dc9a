import assert from 'node:assert/strict';
import { memoryCitationCache } from '../../src/core/citations/citationClient';
import type { HfLinkedRepos } from '../../src/core/citations/hfLinkedRepos';
import { HfPaperClient, hfSiteOf } from '../../src/core/citations/hfPaperClient';
import { CitationError, type CitationErrorKind } from '../../src/core/citations/semanticScholar';
import { fetchHttpClient } from '../../src/core/net/http';
import type { Clock } from '../../src/core/net/rateLimiter';
import { FixtureServer, startFixtureServer } from '../support/fixtureServer';

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

describe('Hugging Face paper page client over HTTP', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(async () => {
    await server.close();
  });

  function client(endpoint: () => string = () => `${server.url}/hf/api`) {
    const cache = memoryCitationCache<HfLinkedRepos>();
    const clock = manualClock();
    return { cache, clock, client: new HfPaperClient({ http: fetchHttpClient(), cache, clock, endpoint, gapMs: 500, timeoutMs: 5000 }) };
  }
  const served = (from: number) => server.requests.slice(from).map((r) => r.path);

  it('asks for the paper page and links the repositories under the configured site', async () => {
    const { client: hf } = client();
    const before = server.requests.length;
    const loaded = await hf.load('2608.09888');
    assert.deepEqual(served(before), ['/hf/api/papers/2608.09888']);
    assert.equal(loaded.fromCache, false);
    assert.deepEqual(
      loaded.links.repos.map((r) => r.url),
      [`${server.url}/hf/datasets/WhySoCodius/in-context-grid-reasoning`],
    );
    assert.deepEqual(loaded.links.totals, { model: 0, dataset: 1, space: 0 });
  });

  it('the site of an API base', () => {
    assert.equal(hfSiteOf('https://huggingface.co/api'), 'https://huggingface.co');
    assert.equal(hfSiteOf(' https://hf-mirror.example/api/ '), 'https://hf-mirror.example');
    assert.equal(hfSiteOf('https://proxy.example/hf'), 'https://proxy.example/hf');
  });

  it('caches per origin for a day, keeps a gap between requests, asks once for simultaneous views', async () => {
    const { client: hf, clock, cache } = client();
    const before = server.requests.length;
    const [a, b] = await Promise.all([hf.load('2608.00001'), hf.load('2608.00001')]);
    assert.equal(a, b);
    assert.equal((await hf.load('2608.00001')).fromCache, true);
    assert.equal(served(before).length, 1);
    await hf.load('2608.00002');
    assert.deepEqual(clock.sleeps, [500]);
    assert.match([...cache.entries.keys()][0]!, /^hf-127\.0\.0\.1-\d+-[\w]+-paper-2608\.00001$/);
    clock.advance(25 * 60 * 60 * 1000);
    assert.equal((await hf.load('2608.00001')).fromCache, false);
  });

  it('offline: the last copy with what failed; without one, a clear error', async () => {
    let endpoint = `${server.url}/hf/api`;
    const { client: hf } = client(() => endpoint);
    await hf.load('2608.00003');
    endpoint = `${server.url}/drop/hf/api`;
    const stale = await hf.load('2608.00003', { refresh: true });
    assert.equal(stale.staleBecause?.kind, 'offline');
    assert.equal(stale.links.repos.length, 1);
    await assert.rejects(hf.load('2608.00004'), isCitationError('offline', /Hugging Face could not be reached/));
  });

  it('no paper page (404), a busy or a broken server each say so', async () => {
    await assert.rejects(
      client(() => `${server.url}/status/404/hf/api`).client.load('2608.00005'),
      isCitationError('not-found', /no paper page for arXiv:2608\.00005/),
    );
    await assert.rejects(client(() => `${server.url}/status/429/hf/api`).client.load('2608.00005'), isCitationError('rate-limited', /wait/));
    await assert.rejects(client(() => `${server.url}/garbage/hf/api`).client.load('2608.00005'), isCitationError('malformed', /not JSON/));
  });
});

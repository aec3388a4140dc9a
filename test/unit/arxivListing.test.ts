import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { announcedAt, parseArxivListing } from '../../src/core/feeds/arxivListing';
import { FeedError } from '../../src/core/feeds/feedError';
import { CachedFeed, FeedCache, FeedLoader, withAnnounceTypes } from '../../src/core/feeds/feedLoader';
import {
  arxivListingDay,
  describeSource,
  sourceCacheKey,
  sourcePageUrl,
  sourceRequestKey,
  validateSource,
  type FeedSource,
} from '../../src/core/feeds/feedSource';
import { parseFeed } from '../../src/core/feeds/parseFeed';
import { fetchHttpClient } from '../../src/core/net/http';
import type { Clock } from '../../src/core/net/rateLimiter';
import { FixtureServer, startFixtureServer } from '../support/fixtureServer';

const dir = 'test/fixtures/arxiv_rss';
const rss = readFileSync(`${dir}/rss2_multicat_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24_trimmed4items.xml`, 'utf8');
const atom = readFileSync(`${dir}/atom_cs.LG_2026-09-25_trimmed3entries.xml`, 'utf8');
const weekend = readFileSync(`${dir}/rss2_cs.CL_weekend_empty_2026-08-01.xml`, 'utf8');

describe('arXiv listings (RSS and Atom from rss.arxiv.org)', () => {
  it('reads a combined-category RSS feed: ids, versions, announce types, authors, abstract after "Abstract:"', () => {
    const result = parseFeed(rss);
    assert.equal(result.format, 'arxiv-listing');
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(
      result.papers.map((p) => [p.id, p.version, p.announceType]),
      [
        ['2609.26811', 1, 'new'],
        ['2609.26820', 1, 'new'],
        ['2205.06398', 2, 'cross'],
        ['2009.13987', 3, 'replace'],
      ],
    );
    const [first, , cross] = result.papers;
    assert.equal(first!.title, 'The Drift Contract: Spectral Updates for Depth-Robust Local Learning');
    assert.match(first!.abstract, /^Local learning trains each layer/);
    assert.doesNotMatch(first!.abstract, /Announce Type|Abstract:|arXiv:2609/);
    assert.equal(first!.published, '2026-09-24T00:00:00-04:00');
    assert.deepEqual(
      result.papers[1]!.authors.map((a) => a.name),
      ['Naser Mansour', 'Sidahmed Benabderrahmane', 'Ameer Rahwan'],
    );
    // A cross-list's categories need not include the feed's; a re-announced version is an update, not a publication.
    assert.deepEqual(cross!.categories, ['stat.ME', 'stat.AP', 'stat.ML']);
    assert.equal(cross!.doi, '10.1093/bioinformatics/btac431');
    assert.equal(cross!.published, undefined);
    assert.equal(cross!.updated, '2026-09-24T00:00:00-04:00');
    assert.equal(first!.links.abs, 'https://arxiv.org/abs/2609.26811');
  });

  it('reads the Atom variant: oai: ids, journal reference and DOI, categories by term', () => {
    const result = parseFeed(atom);
    assert.equal(result.format, 'arxiv-listing');
    assert.deepEqual(
      result.papers.map((p) => [p.id, p.announceType]),
      [
        ['2609.28553', 'new'],
        ['2402.10149', 'cross'],
        ['2401.08875', 'replace'],
      ],
    );
    const first = result.papers[0]!;
    assert.equal(first.journalRef, '2026 International Conference on Multimedia Analysis and Pattern Recognition (MAPR)');
    assert.equal(first.doi, '10.1109/MAPR72750.2026.11685822');
    assert.deepEqual(first.categories, ['cs.LG', 'cs.AI']);
    assert.equal(first.authors.length, 6);
    assert.match(first.abstract, /^Drug toxicity prediction/);
  });

  it('reads an empty weekend feed as no papers with a notice, not an error', () => {
    const result = parseFeed(weekend);
    assert.equal(result.papers.length, 0);
    assert.match(result.notice ?? '', /^No new papers today in cs\.CL/);
  });

  it('reads listings in the older forms: RSS 1.0, titles with "(arXiv:… [cs.LG])", HTML abstracts', () => {
    const old = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://arxiv.org/rss/cs.LG"><title>cs.LG updates on arXiv.org</title></channel>
<item rdf:about="http://arxiv.org/abs/2301.00001"><title>A Title. (arXiv:2301.00001v1 [cs.LG])</title><link>http://arxiv.org/abs/2301.00001</link>
<description rdf:parseType="Literal">&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second &amp;amp; last.&lt;/p&gt;</description>
<dc:creator>Ann Author, Bob Builder, Jr., and Carl Coder</dc:creator></item></rdf:RDF>`;
    const result = parseFeed(old);
    assert.equal(result.papers.length, 1);
    const paper = result.papers[0]!;
    assert.equal(paper.title, 'A Title.');
    assert.equal(paper.abstract, 'First paragraph.\n\nSecond & last.');
    assert.deepEqual(
      paper.authors.map((a) => a.name),
      ['Ann Author', 'Bob Builder, Jr.', 'Carl Coder'],
    );
  });

  it('skips items that name no arXiv paper and refuses a feed that has only such items', () => {
    const mixed = rss
      .replace('<guid isPermaLink="false">oai:arXiv.org:2609.26811v1</guid>', '')
      .replace('https://arxiv.org/abs/2609.26811', 'https://example.com/post')
      .replace('arXiv:2609.26811v1 Announce', 'Announce');
    const result = parseArxivListing(mixed);
    assert.equal(result.papers.length, 3);
    assert.equal(result.skipped.length, 1);
    assert.throws(
      () => parseFeed('<rss version="2.0"><channel><title>Blog</title><item><title>Hi</title><link>https://example.com/a</link></item></channel></rss>'),
      (e: unknown) => e instanceof FeedError && e.kind === 'unrecognised-format',
    );
  });

  it('converts RFC 822 dates keeping their offset', () => {
    assert.equal(announcedAt('Thu, 24 Sep 2026 00:00:00 -0400'), '2026-09-24T00:00:00-04:00');
    assert.equal(announcedAt('1 Aug 2026 04:00 GMT'), '2026-08-01T04:00:00Z');
    assert.equal(announcedAt('Thu, 31 Feb 2026 00:00:00 -0400'), undefined);
    assert.equal(announcedAt('yesterday'), undefined);
  });
});

describe('the "arXiv new submissions" source', () => {
  const source: FeedSource = { kind: 'arxiv-new', id: 'n', categories: ['cs.LG', 'cs.AI'], announceTypes: ['new', 'cross'] };

  it('validates categories and announce types, defaulting to new and cross', () => {
    const ok = validateSource({ kind: 'arxiv-new', id: 'a', categories: ['cs.LG', 'math.OC', 'hep-th', 'astro-ph.GA'] });
    assert.ok(ok.ok);
    assert.deepEqual(ok.ok && ok.source.kind === 'arxiv-new' ? ok.source.announceTypes : [], ['new', 'cross']);
    assert.equal(validateSource({ kind: 'arxiv-new', id: 'a', categories: [] }).ok, false);
    assert.equal(validateSource({ kind: 'arxiv-new', id: 'a', categories: ['cs.LG/../x'] }).ok, false);
    assert.equal(validateSource({ kind: 'arxiv-new', id: 'a', categories: ['cs.LG'], announceTypes: ['withdrawn'] }).ok, false);
    assert.equal(describeSource(source, new Date()), 'arXiv new: cs.LG, cs.AI (new, cross)');
  });

  it('asks for one combined listing and keys it by the announcement day in New York', () => {
    assert.equal(
      sourcePageUrl(source, { huggingFace: 'h', arxiv: 'a', arxivRss: 'https://rss.example.org/' }, new Date(), 0),
      'https://rss.example.org/rss/cs.LG+cs.AI',
    );
    assert.equal(sourcePageUrl(source, { huggingFace: 'h', arxiv: 'a' }, new Date(), 1), undefined);
    // 03:59 UTC is still the evening before in New York (EDT, UTC-4); 04:00 is the next day.
    assert.equal(arxivListingDay(new Date('2026-09-25T03:59:00Z')), '2026-09-24');
    assert.equal(arxivListingDay(new Date('2026-09-25T04:00:00Z')), '2026-09-25');
    assert.equal(sourceRequestKey(source, new Date('2026-09-25T03:59:00Z')), 'arxiv-new-2026-09-24');
    // The announce types filter what is shown; the cached listing is the same.
    assert.equal(sourceCacheKey(source), sourceCacheKey({ ...source, announceTypes: ['replace'], categories: ['cs.AI', 'cs.LG'] }));
  });

  it('filters by announce type and says when that leaves nothing', () => {
    const result = parseFeed(rss);
    assert.deepEqual(
      withAnnounceTypes(result, ['replace']).papers.map((p) => p.id),
      ['2009.13987'],
    );
    const none = withAnnounceTypes(result, ['replace-cross']);
    assert.equal(none.papers.length, 0);
    assert.match(none.notice ?? '', /4 others were announced/);
  });

  describe('loaded over HTTP on 127.0.0.1', () => {
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer();
    });
    after(async () => {
      await server.close();
    });
    class MemoryCache implements FeedCache {
      readonly entries = new Map<string, CachedFeed>();
      async read(key: string) {
        return this.entries.get(key);
      }
      async write(key: string, feed: CachedFeed) {
        this.entries.set(key, feed);
      }
    }
    function loader(cache: FeedCache, at: { now: number }) {
      const clock: Clock = { now: () => at.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
      return new FeedLoader({
        http: fetchHttpClient(),
        cache,
        endpoints: () => ({ huggingFace: `${server.url}/hf/api`, arxiv: `${server.url}/arxiv/api/query`, arxivRss: `${server.url}/arxiv-rss` }),
        readFile: async () => new Uint8Array(),
        loadSample: async () => ({ format: 'daily-papers-text', papers: [], skipped: [] }),
        clock,
        arxivGapMs: 0,
      });
    }

    it('fetches the listing once per announcement day and shows the chosen announce types', async () => {
      const at = { now: Date.parse('2026-09-24T13:00:00Z') };
      const l = loader(new MemoryCache(), at);
      const before = server.requests.length;
      const first = await l.load(source);
      assert.equal(server.requests.at(-1)?.path, '/arxiv-rss/rss/cs.LG+cs.AI');
      assert.deepEqual(
        first.result.papers.map((p) => p.id),
        ['2609.26811', '2609.26820', '2205.06398'],
      );
      const again = await l.load({ ...source, announceTypes: ['replace'] });
      assert.equal(again.fromCache, true);
      assert.deepEqual(
        again.result.papers.map((p) => p.id),
        ['2009.13987'],
      );
      assert.equal(server.requests.length, before + 1, 'the same day must not fetch again');
      at.now = Date.parse('2026-09-25T04:30:00Z');
      const nextDay = await l.load(source);
      assert.equal(nextDay.fromCache, false);
      assert.equal(server.requests.length, before + 2);
    });

    it('shows an empty weekend listing with its notice', async () => {
      const loaded = await loader(new MemoryCache(), { now: Date.parse('2026-08-01T12:00:00Z') }).load({ ...source, categories: ['cs.CL'] });
      assert.equal(loaded.result.papers.length, 0);
      assert.match(loaded.result.notice ?? '', /No new papers today in cs\.CL/);
    });
  });
});

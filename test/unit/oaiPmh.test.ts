import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FeedError } from '../../src/core/feeds/feedError';
import { FeedLoadError } from '../../src/core/feeds/feedLoader';
import { OaiClient, retryAfterMs } from '../../src/core/feeds/oaiClient';
import { parseOaiPmh } from '../../src/core/feeds/oaiPmh';
import { parseFeed } from '../../src/core/feeds/parseFeed';
import { fetchHttpClient } from '../../src/core/net/http';
import type { Clock } from '../../src/core/net/rateLimiter';
import { FixtureServer, startFixtureServer } from '../support/fixtureServer';

/** The recorded HTTP bodies of a nock cassette. */
function cassette(name: string): { status: number; response: string }[] {
  return JSON.parse(readFileSync(`test/fixtures/arxiv_oai/${name}`, 'utf8')) as { status: number; response: string }[];
}

describe('arXiv OAI-PMH responses', () => {
  it('reads a GetRecord in the arXiv format: authors with affiliations, dates, journal ref, DOI, hard-wrapped abstract', () => {
    const page = parseOaiPmh(cassette('nock_getrecord_arXiv_1412.8544_2018.json')[0]!.response);
    assert.equal(page.verb, 'GetRecord');
    assert.equal(page.papers.length, 1);
    const p = page.papers[0]!;
    assert.equal(p.id, '1412.8544');
    assert.equal(p.title, 'A Kochen-Specker system has at least 22 vectors (extended abstract)');
    assert.deepEqual(p.authors, [
      { name: 'Sander Uijlen', affiliations: ['Radboud Universiteit'] },
      { name: 'Bas Westerbaan', affiliations: ['Radboud Universiteit'] },
    ]);
    assert.deepEqual(p.categories, ['cs.DM']);
    assert.equal(p.published, '2014-12-29');
    assert.equal(p.doi, '10.4204/EPTCS.172.11');
    assert.equal(p.journalRef, 'EPTCS 172, 2014, pp. 154-164');
    assert.equal(p.comment, 'In Proceedings QPL 2014, arXiv:1412.8102');
    // Two paragraphs, as arXiv marks them (an indented line), hard wraps undone.
    assert.equal(p.abstract.split('\n\n').length, 2);
    assert.match(p.abstract, /^At the heart of the Conway-Kochen Free Will theorem and Kochen and Specker's argument against/);
  });

  it('reads a GetRecord in arXivRaw: comma-joined authors, versions, a re-indented abstract as one paragraph', () => {
    const page = parseFeed(readFileSync('test/fixtures/arxiv_oai/getrecord_arXivRaw_0804.2273_2016_reindented.xml'));
    assert.equal(page.format, 'oai-pmh');
    const p = page.papers[0]!;
    assert.equal(p.id, '0804.2273');
    assert.equal(p.title, 'Object Re-Use & Exchange: A Resource-Centric Approach');
    assert.deepEqual(
      p.authors.map((a) => a.name),
      ['Carl Lagoze', 'Herbert Van de Sompel', 'Michael L. Nelson', 'Simeon Warner', 'Robert Sanderson', 'Pete Johnston'],
    );
    assert.deepEqual(p.categories, ['cs.DL', 'cs.NI']);
    assert.equal(p.version, 1);
    assert.equal(p.published, '2008-04-14T21:02:00Z');
    assert.equal(p.abstract.includes('\n'), false);
  });

  it('reads ListRecords, ListIdentifiers (86 headers, old and new ids, several sets) and refuses Identify as a feed', () => {
    const records = parseOaiPmh(cassette('nock_listrecords_arXiv_503_retry_then_200_2018.json')[1]!.response);
    assert.equal(records.papers.length, 2);
    assert.equal(records.resumptionToken, undefined);
    const ids = parseOaiPmh(cassette('nock_listidentifiers_arXiv_2009-01-01_2018.json')[0]!.response);
    assert.equal(ids.headers.length, 86);
    assert.ok(ids.headers.some((h) => h.arxivId === 'quant-ph/0506115'));
    assert.ok(ids.headers.some((h) => h.sets.length > 1));
    assert.throws(
      () => parseFeed(cassette('nock_identify_arXiv_2018.json')[0]!.response),
      (e: unknown) => e instanceof FeedError && /an OAI-PMH Identify answer/.test(e.message),
    );
  });

  it('reads oai_dc, and OAI errors as errors (noRecordsMatch as an empty answer)', () => {
    const dc = `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><GetRecord><record><header><identifier>oai:arXiv.org:1706.03762</identifier><datestamp>2023-08-03</datestamp><setSpec>cs</setSpec></header><metadata>
<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Attention Is All You Need</dc:title><dc:creator>Vaswani, Ashish</dc:creator><dc:creator>Shazeer, Noam</dc:creator>
<dc:subject>Computer Science - Computation and Language</dc:subject><dc:description>  The dominant sequence transduction models are based on complex recurrent networks.</dc:description><dc:description>Comment: 15 pages, 5 figures</dc:description>
<dc:date>2017-06-12</dc:date><dc:date>2023-08-02</dc:date><dc:type>text</dc:type><dc:identifier>http://arxiv.org/abs/1706.03762</dc:identifier></oai_dc:dc></metadata></record></GetRecord></OAI-PMH>`;
    const p = parseOaiPmh(dc).papers[0]!;
    assert.equal(p.id, '1706.03762');
    assert.deepEqual(
      p.authors.map((a) => a.name),
      ['Ashish Vaswani', 'Noam Shazeer'],
    );
    assert.equal(p.comment, '15 pages, 5 figures');
    assert.equal(p.published, '2017-06-12');
    assert.equal(p.updated, '2023-08-02');
    const error = (code: string) => `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="${code}">Something about ${code}</error></OAI-PMH>`;
    assert.throws(
      () => parseOaiPmh(error('badResumptionToken')),
      (e: unknown) => e instanceof FeedError && e.kind === 'service-error' && /badResumptionToken: Something about/.test(e.message),
    );
    assert.equal(parseOaiPmh(error('noRecordsMatch')).papers.length, 0);
  });

  it('reads Retry-After as seconds or as a date', () => {
    assert.equal(retryAfterMs('10', 0), 10_000);
    assert.equal(retryAfterMs('Thu, 21 Jun 2018 14:31:01 GMT', Date.parse('Thu, 21 Jun 2018 14:30:51 GMT')), 10_000);
    assert.equal(retryAfterMs('soon', 0), undefined);
    assert.equal(retryAfterMs(undefined, 0), undefined);
  });
});

describe('harvesting OAI-PMH over HTTP on 127.0.0.1', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(async () => {
    await server.close();
  });
  /** Sleeping only records how long it was asked to wait. */
  function fastClock(): Clock & { slept: number[] } {
    const slept: number[] = [];
    return { slept, now: () => Date.parse('2018-06-21T14:30:51Z'), sleep: async (ms) => void slept.push(ms) };
  }

  it('waits as long as a 503 Retry-After says, then reads the records', async () => {
    const clock = fastClock();
    const told: [number, number][] = [];
    const client = new OaiClient(`${server.url}/oai2`, { http: fetchHttpClient(), clock, onRetry: (ms, status) => told.push([ms, status]) });
    const pages = [];
    for await (const page of client.listRecords({ metadataPrefix: 'arXiv', from: '2015-01-01', until: '2015-01-03' })) pages.push(page);
    assert.deepEqual(clock.slept, [10_000]);
    assert.deepEqual(told, [[10_000, 503]]);
    assert.equal(pages.length, 1);
    assert.equal(pages[0]!.papers.length, 2);
    assert.equal(server.requests.filter((r) => r.path.includes('ListRecords')).length, 2);
  });

  it('gives up with a clear error after too many 503s', async () => {
    const client = new OaiClient(`${server.url}/status/503/oai2`, { http: fetchHttpClient(), clock: fastClock(), maxRetries: 2 });
    await assert.rejects(client.getRecord('1412.8544'), (e: unknown) => e instanceof FeedLoadError && /HTTP 503 after 2 retries/.test(e.message));
  });

  it('follows resumption tokens to the last page, and reports OAI errors', async () => {
    const client = new OaiClient(`${server.url}/oai-paged/oai2`, { http: fetchHttpClient(), clock: fastClock() });
    const ids: string[] = [];
    let pages = 0;
    for await (const page of client.listRecords({ metadataPrefix: 'arXiv' })) {
      pages++;
      ids.push(...page.papers.map((p) => p.id));
    }
    assert.equal(pages, 2);
    assert.equal(ids.length, 2);
    assert.equal(new Set(ids).size, 2);
    const raw = new OaiClient(`${server.url}/oai2`, { http: fetchHttpClient(), clock: fastClock() });
    assert.equal((await raw.getRecord('0804.2273', 'arXivRaw'))?.title, 'Object Re-Use & Exchange: A Resource-Centric Approach');
    assert.equal((await raw.getRecord('1412.8544'))?.id, '1412.8544');
    await assert.rejects(raw.getRecord('9999.99999'), (e: unknown) => e instanceof FeedLoadError && e.kind === 'service' && /badArgument/.test(e.message));
  });
});

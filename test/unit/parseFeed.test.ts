import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { FeedError } from '../../src/core/feeds/feedError';
import { decodeFeedBytes, parseFeed } from '../../src/core/feeds/parseFeed';

const isFeedError = (kind: string, message: RegExp) => (e: unknown) => e instanceof FeedError && e.kind === kind && message.test(e.message);
const EXPECTED =
  /^Expected Hugging Face daily papers JSON, an arXiv API Atom feed, an arXiv RSS or Atom listing, an OAI-PMH response, the arXiv metadata snapshot, or a Daily Papers page as text; got /;

/** What every fixture must give: papers and skipped counts, or the service error's words. */
const expectations: Record<string, { format: string; papers: number; totalResults?: number } | { error: RegExp }> = {
  'hf/hf_daily_2024-05-27.json': { format: 'hf-daily-json', papers: 13 },
  'hf/hf_daily_2025-07-22.json': { format: 'hf-daily-json', papers: 16 },
  'hf/hf_daily_2026-06-12_verbatim.json': { format: 'hf-daily-json', papers: 30 },
  'arxiv/arxiv_classic_2016_idlist_1111.2011v2.xml': { format: 'arxiv-atom', papers: 1, totalResults: 1 },
  'arxiv/arxiv_classic_2016_search_au_del_maestro.xml': { format: 'arxiv-atom', papers: 10, totalResults: 31 },
  'arxiv/arxiv_newapi_2026_search_testing_100.xml': { format: 'arxiv-atom', papers: 100, totalResults: 214881 },
  'arxiv/arxiv_newapi_2026_idlist_0000.0000_empty.xml': { format: 'arxiv-atom', papers: 0, totalResults: 0 },
  'arxiv/arxiv_idlist_INVALIDID_classic_error.xml': { error: /^arXiv rejected the query: incorrect id format for INVALIDID\.$/ },
  'arxiv/arxiv_newapi_2026_idlist_abc_error_http400.xml': { error: /^arXiv rejected the query: incorrect id format for abc\.$/ },
};

describe('parseFeed', () => {
  it('has an expectation for every feed fixture', () => {
    const files = ['hf', 'arxiv'].flatMap((dir) => readdirSync(`test/fixtures/${dir}`).map((f) => `${dir}/${f}`));
    assert.deepEqual(files.sort(), Object.keys(expectations).sort());
  });

  for (const [file, expected] of Object.entries(expectations)) {
    it(`${file} → ${'error' in expected ? 'service error' : `${expected.papers} papers`}`, () => {
      const bytes = readFileSync(`test/fixtures/${file}`);
      const status = file.includes('http400') ? 400 : 200;
      if ('error' in expected) {
        assert.throws(() => parseFeed(bytes, { httpStatus: status }), isFeedError('service-error', expected.error));
        return;
      }
      const result = parseFeed(bytes, { fileName: file });
      assert.equal(result.format, expected.format);
      assert.equal(result.papers.length, expected.papers);
      assert.deepEqual(result.skipped, []);
      assert.equal(result.totalResults, expected.totalResults);
      // Bytes and text give the same result.
      assert.deepEqual(parseFeed(bytes.toString('utf8')), result);
    });
  }

  it('reads the seed text as 96 papers', () => {
    const result = parseFeed(readFileSync('media/sample/daily-papers.txt'), { fileName: 'daily-papers.txt' });
    assert.equal(result.format, 'daily-papers-text');
    assert.equal(result.papers.length, 96);
  });

  it('tolerates a UTF-8 BOM and UTF-16 files', () => {
    const json = readFileSync('test/fixtures/hf/hf_daily_2025-07-22.json', 'utf8');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)]);
    assert.equal(parseFeed(withBom).papers.length, 16);
    assert.equal(parseFeed(`\uFEFF${json}`).papers.length, 16);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync('media/sample/daily-papers.txt', 'utf8'), 'utf16le')]);
    assert.equal(parseFeed(utf16).papers.length, 96);
    assert.equal(decodeFeedBytes(new Uint8Array([0xc3, 0xa9, 0xff])), 'é\uFFFD');
  });

  it('says what was expected and what came instead', () => {
    const cases: [string | Uint8Array, RegExp, Parameters<typeof parseFeed>[1]?][] = [
      ['', /got an empty document\.$/],
      ['   \n ', /got an empty document in x\.json\.$/, { fileName: 'x.json' }],
      ['{"error":"Not found"}', /got a JSON object with keys "error"\.$/],
      ['[1, 2, 3]', /got a JSON array of number values\.$/],
      ['{}', /got an empty JSON object\.$/],
      [
        '<!DOCTYPE html><html><body>Just a moment...</body></html>',
        /got an HTML page .* with HTTP 503 \(text\/html\)\.$/,
        { httpStatus: 503, contentType: 'text/html' },
      ],
      [
        '<?xml version="1.0"?><rss version="2.0"><channel><item><title>News</title><link>https://example.com/1</link></item></channel></rss>',
        /got a feed whose items name no arXiv paper \(1 item, the first: not an arXiv paper: https:\/\/example.com\/1\)/,
      ],
      ['<?xml version="1.0"?><!-- c --><library><book/></library>', /got XML with the root element <library>\.$/],
      [
        readFileSync('test/fixtures/pdf/docling_corrupted_not_a_pdf.pdf'),
        /got text without any title followed by an abstract \(it starts "This is not a valid PDF file at all\."\)\.$/,
      ],
      ['%PDF-1.5\n%âãÏÓ\n1 0 obj', /got a PDF file\.$/],
      [new Uint8Array([0, 1, 2, 3, 0, 0, 0, 255, 254]), /got binary data\.$/],
      ['just some words', /got text without any title/],
    ];
    for (const [input, message, hint] of cases) {
      assert.throws(
        () => parseFeed(input, hint),
        (e: unknown) => e instanceof FeedError && e.kind === 'unrecognised-format' && EXPECTED.test(e.message) && message.test(e.message),
        String(message),
      );
    }
  });

  it('reads a real PDF as "a PDF file"', () => {
    assert.throws(() => parseFeed(readFileSync('test/fixtures/pdf/arxiv_1111.2011v2.pdf')), isFeedError('unrecognised-format', /got a PDF file/));
  });

  it('reports broken JSON and XML as malformed', () => {
    assert.throws(() => parseFeed('[{"paper": {"id": "2312.00752"'), isFeedError('malformed', /looks like JSON but is not valid JSON/));
    assert.throws(() => parseFeed('<feed><entry><id>x</id></feed>'), isFeedError('malformed', /not well-formed XML/));
  });

  it('reads "[id] Title" text as a pasted list, not as broken JSON', () => {
    const text =
      '[2312.00752] Mamba: Linear-Time Sequence Modeling with Selective State Spaces\n\nFoundation models, now powering most of the exciting applications in deep learning, are almost universally based on the Transformer architecture. Many subquadratic-time architectures have been developed.';
    const result = parseFeed(text);
    assert.equal(result.format, 'daily-papers-text');
    assert.equal(result.papers[0]?.id, '2312.00752');
  });

  it('accepts an empty Hugging Face day', () => {
    assert.deepEqual(parseFeed('[]'), { format: 'hf-daily-json', papers: [], skipped: [] });
  });
});

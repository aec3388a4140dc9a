/**
 * Fuzzing the parsers: whatever the input, each returns a well-formed FeedParseResult or throws a FeedError.
 * Nothing else may escape (no TypeError, RangeError, stack overflow…), and results must be plain data a webview
 * can receive. Runs are sized to keep the whole file to a few seconds.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseArxivAtom } from '../../src/core/feeds/arxivAtom';
import { parseDailyPapersText } from '../../src/core/feeds/dailyPapersText';
import { FeedError } from '../../src/core/feeds/feedError';
import { parseHfDaily, parseHfDailyJson } from '../../src/core/feeds/hfDaily';
import { parseFeed } from '../../src/core/feeds/parseFeed';
import type { FeedParseResult } from '../../src/core/paper';

const KINDS = new Set(['unrecognised-format', 'malformed', 'service-error']);
const SOURCES = new Set(['hf-daily', 'arxiv', 'daily-papers-text', 'library']);
const REPO_KINDS = new Set(['github', 'gitlab', 'huggingface-model', 'huggingface-dataset', 'huggingface-space', 'project-page']);
const HTTP = /^https?:\/\/\S+$/;

function checkResult(result: FeedParseResult): void {
  assert.ok(['hf-daily-json', 'arxiv-atom', 'daily-papers-text', 'arxiv-listing'].includes(result.format));
  assert.ok(Array.isArray(result.papers) && Array.isArray(result.skipped));
  const ids = new Set<string>();
  for (const p of result.papers) {
    assert.equal(typeof p.id, 'string');
    assert.ok(p.id.length > 0 && !ids.has(p.id), `id ${p.id}`);
    ids.add(p.id);
    assert.ok(typeof p.title === 'string' && p.title.length > 0 && p.title === p.title.trim());
    assert.equal(typeof p.abstract, 'string');
    assert.ok(SOURCES.has(p.source));
    assert.ok(p.authors.every((a) => typeof a.name === 'string' && a.name.length > 0));
    assert.ok(p.categories.every((c) => typeof c === 'string'));
    for (const url of Object.values(p.links)) assert.match(url as string, HTTP);
    for (const repo of p.repos) {
      assert.ok(REPO_KINDS.has(repo.kind));
      assert.match(repo.url, HTTP);
      assert.ok(repo.origins.length > 0);
    }
    if (p.thumbnail !== undefined) assert.match(p.thumbnail, HTTP);
    for (const n of [p.upvotes, p.numComments, p.version]) if (n !== undefined) assert.ok(Number.isSafeInteger(n) && n >= 0);
  }
  for (const s of result.skipped) {
    assert.ok(Number.isSafeInteger(s.index) && s.index >= 0);
    assert.ok(typeof s.reason === 'string' && s.reason.length > 0);
  }
  // Plain data: survives the trip to a webview or a cache file.
  assert.deepEqual(JSON.parse(JSON.stringify(result)), JSON.parse(JSON.stringify(result)));
}

/** Runs `parse` and asserts the contract; returns what happened, for properties that need it. */
function contract(parse: () => FeedParseResult): FeedParseResult | FeedError {
  try {
    const result = parse();
    checkResult(result);
    return result;
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    assert.ok(error instanceof FeedError, `escaped: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    assert.ok(KINDS.has(error.kind));
    assert.ok(error.message.length > 0);
    return error;
  }
}

const read = (path: string): Uint8Array => new Uint8Array(readFileSync(path));
const fixtures = {
  hf2024: read('test/fixtures/hf/hf_daily_2024-05-27.json'),
  hf2025: read('test/fixtures/hf/hf_daily_2025-07-22.json'),
  hf2026: read('test/fixtures/hf/hf_daily_2026-06-12_verbatim.json'),
  arxivClassic: read('test/fixtures/arxiv/arxiv_classic_2016_search_au_del_maestro.xml'),
  arxivOne: read('test/fixtures/arxiv/arxiv_classic_2016_idlist_1111.2011v2.xml'),
  arxivError: read('test/fixtures/arxiv/arxiv_idlist_INVALIDID_classic_error.xml'),
  arxiv2026: read('test/fixtures/arxiv/arxiv_newapi_2026_search_testing_100.xml'),
  seed: read('media/sample/daily-papers.txt'),
};

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A real fixture damaged the ways files get damaged: cut short, bytes flipped, pieces lost or repeated. */
function mutated(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = bytes.length;
  const offset = fc.nat({ max: n });
  return fc.oneof(
    offset.map((at) => bytes.subarray(0, at)),
    fc.array(fc.tuple(offset, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }).map((flips) => {
      const copy = bytes.slice();
      for (const [at, value] of flips) if (at < n) copy[at] = value;
      return copy;
    }),
    fc.array(fc.tuple(offset, fc.nat({ max: 400 })), { minLength: 1, maxLength: 6 }).map((cuts) =>
      cuts.reduce((copy, [at, len]) => {
        const start = Math.min(at, copy.length);
        return concat(copy.subarray(0, start), copy.subarray(Math.min(copy.length, start + len)));
      }, bytes),
    ),
    fc
      .tuple(offset, fc.nat({ max: 2000 }), offset)
      .map(([from, len, to]) => concat(bytes.subarray(0, to), bytes.subarray(from, Math.min(n, from + len)), bytes.subarray(to))),
  );
}

const xmlToken = fc.constantFrom(
  '<feed>',
  '</feed>',
  '<feed xmlns="http://www.w3.org/2005/Atom">',
  '<entry>',
  '</entry>',
  '<entry/>',
  '<id>',
  '</id>',
  '<title>',
  '</title>',
  '<summary>',
  '</summary>',
  '<author><name>',
  '</name></author>',
  '<arxiv:affiliation>',
  '</arxiv:affiliation>',
  'http://arxiv.org/abs/2101.00001v2',
  'http://arxiv.org/abs/hep-th/9901001',
  'https://arxiv.org/api/errors#x',
  'Error',
  '<category term="cs.AI"/>',
  '<category term="68T05"/>',
  '<category/>',
  '<arxiv:primary_category term="x"/>',
  '<arxiv:doi>',
  '</arxiv:doi>',
  '<arxiv:comment>',
  '</arxiv:comment>',
  '<opensearch:totalResults>',
  '</opensearch:totalResults>',
  '12',
  '&amp;',
  '&lt;',
  '&#233;',
  '&#99999999;',
  '&#0;',
  '&bogus;',
  '<![CDATA[x]]>',
  '<!-- c -->',
  '<?pi x?>',
  '<__proto__>',
  '</__proto__>',
  '<constructor>',
  ' ',
  '\n',
  'text',
  'https://github.com/a/b',
  '<',
  '>',
  '"',
  "'",
);

const anyValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, anyValue);
const hfItem = fc.record(
  {
    paper: fc.record(
      {
        id: maybe(fc.constantFrom('2312.00752', '2405.15738', 'cond-mat/0412498', 'x', '')),
        title: maybe(fc.string({ maxLength: 40 })),
        summary: maybe(fc.string({ maxLength: 200 })),
        authors: maybe(fc.array(fc.record({ name: maybe(fc.string({ maxLength: 10 })), hidden: fc.boolean() }), { maxLength: 4 })),
        publishedAt: maybe(fc.constantFrom('2024-05-24T17:34:15.000Z', '2026-13-45T00:00:00Z', 'not a date')),
        submittedOnDailyAt: maybe(fc.constantFrom('2025-07-22T01:41:01.897Z', '')),
        upvotes: maybe(fc.integer({ min: -5, max: 500 })),
        githubRepo: maybe(fc.constantFrom('https://github.com/a/b', 'https://github.com/a', 'javascript:alert(1)', 'https://gitlab.com/g/p')),
        githubStars: anyValue,
        projectPage: maybe(fc.constantFrom('https://x.github.io/p/', 'https://huggingface.co/spaces/a/b', 'data:text/html,x')),
        ai_keywords: maybe(fc.array(anyValue, { maxLength: 4 })),
        organization: anyValue,
        mediaUrls: maybe(fc.array(anyValue, { maxLength: 3 })),
      },
      { requiredKeys: [] },
    ),
    title: maybe(fc.string({ maxLength: 40 })),
    publishedAt: anyValue,
    numComments: anyValue,
    mediaUrl: anyValue,
    thumbnail: anyValue,
  },
  { requiredKeys: [] },
);

const textLine = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.lorem({ maxCount: 60, mode: 'sentences' }),
  fc.lorem({ maxCount: 8, mode: 'words' }),
  fc.constantFrom(
    'Daily Papers',
    'Sep 9',
    'Submitted by',
    '63',
    '· 3 authors',
    'Previous 1 2 3 Next',
    'arXiv:2312.00752',
    'https://huggingface.co/papers/2405.15738',
    '[2312.00752] A title',
    'Ada Lovelace, Alan Turing',
    '',
  ),
);

/**
 * Any code points, lone surrogates included. (fast-check's own 'binary' and 'grapheme' string units cost over a
 * second of one-off set-up, more than all the parsing here.)
 */
const anyCodePoints = fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 300 }).map((cps) => String.fromCodePoint(...cps));

describe('fuzzing the feed parsers', () => {
  it('random strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), anyCodePoints), (s) => {
        contract(() => parseFeed(s));
        contract(() => parseHfDaily(s));
        contract(() => parseArxivAtom(s));
        checkResult(parseDailyPapersText(s));
      }),
      { numRuns: 200 },
    );
  });

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => void contract(() => parseFeed(bytes))),
      { numRuns: 300 },
    );
  });

  it('random JSON values and JavaScript values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        contract(() => parseHfDailyJson(value));
        contract(() => parseFeed(JSON.stringify(value) ?? 'null'));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.anything({ maxDepth: 3, withNullPrototype: true, withMap: true, withBigInt: true }),
        (value) => void contract(() => parseHfDailyJson(value)),
      ),
      { numRuns: 200 },
    );
  });

  it('Hugging Face items with fields of every type', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hfItem, anyValue), { maxLength: 6 }), fc.boolean(), (items, wrapped) => {
        const value = wrapped ? { dailyPapers: items } : items;
        contract(() => parseHfDailyJson(value));
        contract(() => parseFeed(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('XML token soup', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(xmlToken, { maxLength: 40 }), (prefixed, tokens) => {
        const xml = `${prefixed ? '<?xml version="1.0"?><feed xmlns:arxiv="http://arxiv.org/schemas/atom">' : ''}${tokens.join('')}${prefixed ? '</feed>' : ''}`;
        contract(() => parseArxivAtom(xml));
        contract(() => parseFeed(xml));
      }),
      { numRuns: 400 },
    );
  });

  it('Daily Papers text assembled from plausible and random lines', () => {
    fc.assert(
      fc.property(fc.array(textLine, { maxLength: 30 }), fc.constantFrom('\n', '\n\n', '\r\n', '\r'), (lines, eol) => {
        const text = lines.join(eol);
        checkResult(parseDailyPapersText(text));
        contract(() => parseFeed(text));
      }),
      { numRuns: 300 },
    );
  });

  describe('mutated real fixtures (truncation, byte flips, deletions, repeats)', () => {
    const runs: [keyof typeof fixtures, number][] = [
      ['hf2024', 25],
      ['hf2025', 20],
      ['hf2026', 12],
      ['arxivClassic', 30],
      ['arxivOne', 60],
      ['arxivError', 60],
      ['arxiv2026', 4],
      ['seed', 10],
    ];
    for (const [name, numRuns] of runs) {
      it(name, () => {
        fc.assert(
          fc.property(mutated(fixtures[name]), (bytes) => void contract(() => parseFeed(bytes))),
          { numRuns },
        );
      });
    }

    it('a truncated Hugging Face feed is malformed JSON, never a partial guess', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: fixtures.hf2025.length - 2 }), (at) => {
          const outcome = contract(() => parseFeed(fixtures.hf2025.slice(0, at)));
          assert.ok(outcome instanceof FeedError && outcome.kind === 'malformed', 'expected a malformed-JSON error');
        }),
        { numRuns: 20 },
      );
    });

    it('one damaged entry in an arXiv feed costs that entry at most', () => {
      const [head, ...entries] = new TextDecoder().decode(fixtures.arxivClassic).split('<entry>');
      fc.assert(
        fc.property(fc.integer({ min: 0, max: entries.length - 1 }), fc.constantFrom('id', 'title'), (n, field) => {
          const damaged = entries.map((e, i) => (i === n ? e.replace(new RegExp(`<${field}>[\\s\\S]*?</${field}>`), `<${field}></${field}>`) : e));
          const result = parseArxivAtom([head, ...damaged].join('<entry>'));
          assert.equal(result.papers.length, entries.length - 1);
          assert.deepEqual(
            result.skipped.map((x) => x.index),
            [n],
          );
        }),
        { numRuns: 20 },
      );
    });
  });
});

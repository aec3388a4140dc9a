/**
 * Fuzzing the bibliography and listing parsers: whatever the input, each returns well-formed entries or throws a
 * FeedError (an AbortError only when cancelled). Inputs are built from the pieces real files are made of, mutated.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseArxivListing } from '../../src/core/feeds/arxivListing';
import { parseOaiPmh } from '../../src/core/feeds/oaiPmh';
import { FeedError } from '../../src/core/feeds/feedError';
import { parseBibtexLibrary } from '../../src/core/library/bibtexLibrary';
import { parseLibraryJson } from '../../src/core/library/cslJson';
import type { LibraryParseResult } from '../../src/core/library/libraryEntry';

const HTTP = /^https?:\/\/\S+$/;

function checkLibrary(result: LibraryParseResult): void {
  for (const e of result.entries) {
    assert.ok(typeof e.paper.id === 'string' && e.paper.id.length > 0);
    assert.ok(typeof e.paper.title === 'string' && e.paper.title.length > 0 && e.paper.title === e.paper.title.trim());
    assert.equal(e.paper.source, 'library');
    assert.ok(e.paper.authors.every((a) => a.name.length > 0));
    for (const url of Object.values(e.paper.links)) assert.match(url as string, HTTP);
    if (e.url !== undefined) assert.match(e.url, HTTP);
    assert.ok(e.files.every((f) => typeof f === 'string' && f.length > 0));
  }
  for (const s of result.skipped) assert.ok(Number.isSafeInteger(s.index) && s.index >= 0 && s.reason.length > 0);
  assert.deepEqual(JSON.parse(JSON.stringify(result)), JSON.parse(JSON.stringify(result)));
}

const bibPieces = fc.constantFrom(
  '@article{',
  '@misc(',
  '@string{x = "y"}',
  '@comment{',
  '@preamble{"\\\\def"}',
  'key,',
  'title = {',
  'title = "',
  'author = {',
  ' and ',
  'Doe, J.',
  'eprint = {2312.00752}',
  'journal = {arXiv preprint arXiv:',
  'volume = {abs/',
  'doi = {10.48550/arXiv.',
  'url = {https://arxiv.org/abs/',
  'file = {:a.pdf:pdf}',
  '}',
  '{',
  '(',
  ')',
  '"',
  ',',
  '=',
  '#',
  '\\',
  '\\emph{',
  '\\"u',
  '$',
  '$\\alpha',
  '%',
  '\n',
  ' ',
  'x',
  'é',
  '\u0000',
  '@',
  'keywords = {a,b}',
  'date = {2020-02-30}',
);

describe('bibliography and listing parsers under fuzzing', function () {
  this.timeout(120_000);

  it('BibTeX: entries or reasons, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(bibPieces, { maxLength: 60 }).map((parts) => parts.join('')),
        async (text) => {
          checkLibrary(await parseBibtexLibrary(text));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('BibTeX: real files cut and mutated', async () => {
    const real = readFileSync('test/fixtures/zotero/bbt_biblatex_plus_mendeley_library.bib', 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.nat(real.length), fc.nat(real.length), fc.string({ maxLength: 5 }), async (a, b, insert) => {
        const [from, to] = a < b ? [a, b] : [b, a];
        checkLibrary(await parseBibtexLibrary(real.slice(0, from) + insert + real.slice(to)));
      }),
      { numRuns: 25 },
    );
  });

  it('CSL-JSON: any JSON is a library or undefined, never a crash', () => {
    const item = fc.dictionary(
      fc.constantFrom('id', 'type', 'title', 'author', 'issued', 'DOI', 'URL', 'container-title', 'keyword', 'citation-key', 'file'),
      fc.anything(),
      { maxKeys: 8 },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.array(item, { maxLength: 5 }), fc.record({ config: fc.object(), items: fc.array(fc.anything(), { maxLength: 5 }) }), fc.anything()),
        (value) => {
          const result = parseLibraryJson(value);
          if (result) checkLibrary(result);
        },
      ),
      { numRuns: 400 },
    );
  });

  for (const [name, file, parse] of [
    ['arXiv listings', 'arxiv_rss/rss2_multicat_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24_trimmed4items.xml', parseArxivListing],
    ['OAI-PMH', 'arxiv_oai/getrecord_arXivRaw_0804.2273_2016_reindented.xml', parseOaiPmh],
  ] as const)
    it(`${name}: papers or a FeedError`, () => {
      const real = readFileSync(`test/fixtures/${file}`, 'utf8');
      fc.assert(
        fc.property(fc.nat(real.length), fc.nat(real.length), fc.string({ maxLength: 8 }), (a, b, insert) => {
          const [from, to] = a < b ? [a, b] : [b, a];
          try {
            const result = parse(real.slice(0, from) + insert + real.slice(to));
            for (const p of result.papers) {
              assert.ok(p.title.length > 0 && p.arxivId === p.id);
              for (const url of Object.values(p.links)) assert.match(url as string, HTTP);
            }
          } catch (error) {
            assert.ok(error instanceof FeedError, `escaped: ${String(error)}`);
          }
        }),
        { numRuns: 300 },
      );
    });
});

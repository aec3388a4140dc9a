import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { CitationError, citationErrorOf, parseCitationPage, parseS2Paper, type CitationErrorKind } from '../../src/core/citations/semanticScholar';

const fixture = (name: string): string => readFileSync(`test/fixtures/semantic_scholar/${name}`, 'utf8');

interface Interaction {
  request: { method: string; uri: string };
  response: { status: { code: number }; body: { string: string } };
}
/** The HTTP exchanges a vcrpy cassette recorded. */
export const cassette = (name: string): Interaction[] => (parseYaml(fixture(name)) as { interactions: Interaction[] }).interactions;

const isCitationError = (kind: CitationErrorKind, message: RegExp) => (e: unknown) => e instanceof CitationError && e.kind === kind && message.test(e.message);

describe('Semantic Scholar answers', () => {
  describe('citations (s2_citations_limit3.json)', () => {
    const page = parseCitationPage('citations', fixture('s2_citations_limit3.json'));

    it('reads every citing paper with its ids, year, authors and count', () => {
      assert.equal(page.direction, 'citations');
      assert.equal(page.papers.length, 3);
      assert.equal(page.skipped, 0);
      assert.deepEqual(page.papers[0], {
        s2Id: '36e25775ea6b318f95205ba6fd2c61786a1c812c',
        arxivId: '2607.22410',
        title: 'A Kalman Filter Based Approach to NV Diamond Data Fusion For Improved Temperature Sensing',
        year: 2026,
        authors: ['Shraddha Rajpal', 'Qiaochu Guo', 'B. McCullian', 'Tyrus Berry', 'Zeeshan Ahmed'],
        citationCount: 0,
      });
    });

    it('takes a DOI when there is no arXiv id, lower-cased', () => {
      const third = page.papers[2]!;
      assert.equal(third.arxivId, undefined);
      assert.equal(third.doi, '10.1039/d6nr00839a');
      assert.equal(third.authors.length, 7);
    });

    it('reads the paging', () => {
      assert.equal(page.offset, 0);
      assert.equal(page.next, 3);
    });
  });

  describe('references (s2_references.json)', () => {
    const page = parseCitationPage('references', fixture('s2_references.json'));

    it('reads cited papers, ignoring the citingPaperInfo block', () => {
      assert.equal(page.papers.length, 3);
      assert.deepEqual(
        page.papers.map((p) => [p.title.slice(0, 30), p.year, p.citationCount, p.doi]),
        [
          ['Timekeeping with electron spin', 2013, 67, '10.1103/physreva.87.032118'],
          ['A systematic review of elastog', 2013, 98, '10.1007/s10549-012-2393-x'],
          ['Scaling of embryonic patternin', 2012, 193, '10.1038/nature11804'],
        ],
      );
      assert.equal(page.next, 3);
    });

    it('reads references as citations finds none (the wrong field is no paper)', () => {
      const wrong = parseCitationPage('citations', fixture('s2_references.json'));
      assert.equal(wrong.papers.length, 0);
      assert.equal(wrong.skipped, 3);
    });
  });

  describe('one citation with every field (s2_citation_item_full_fields.json)', () => {
    const item = JSON.parse(fixture('s2_citation_item_full_fields.json')) as { citingPaper: unknown };

    it('reads the citing paper and nothing of contexts or intents', () => {
      const page = parseCitationPage('citations', JSON.stringify({ offset: 0, data: [item] }));
      assert.equal(page.papers.length, 1);
      const paper = page.papers[0]!;
      assert.equal(paper.s2Id, 'bdcbc589c8d1e4dd0c6572630f8511557406ad2f');
      assert.equal(paper.doi, '10.1109/lra.2022.3229266');
      assert.equal(paper.arxivId, undefined);
      assert.equal(paper.citationCount, 2);
      assert.deepEqual(paper.authors.slice(0, 2), ['M. Monastirsky', 'Osher Azulay']);
      assert.equal(page.next, undefined, 'no next: the last page');
    });
  });

  describe('paginated references cassette (s2_paper_references_vcr.yaml)', () => {
    const [first, second] = cassette('s2_paper_references_vcr.yaml');

    it('keeps references S2 could not resolve (paperId null), without an S2 id', () => {
      const page = parseCitationPage('references', second!.response.body.string);
      assert.equal(page.offset, 50);
      assert.equal(page.next, undefined);
      const unresolved = page.papers.filter((p) => p.s2Id === undefined);
      assert.ok(unresolved.length > 0);
      assert.equal(unresolved[0]!.title, 'Does Gender Matter for Firm Performance? Evidence from Eastern Europe and Central Asia');
      assert.equal(page.skipped, 0);
    });

    it('reads a page asked with fields=title only: no year, count or authors', () => {
      const page = parseCitationPage('references', first!.response.body.string);
      assert.equal(page.papers.length, 50);
      assert.equal(page.next, 50);
      const paper = page.papers[0]!;
      assert.deepEqual(paper, {
        s2Id: 'e945ca4fdcf45b1a118f1462db7afa12629a131f',
        title: 'Group lending or individual lending? Evidence from a randomised field experiment in Mongolia',
        authors: [],
      });
    });

    it('counts the 23 references without a paperId across both pages (10 of 50, 13 of 17)', () => {
      const pages = [first!, second!].map((i) => parseCitationPage('references', i.response.body.string));
      assert.deepEqual(
        pages.map((page) => [page.papers.length, page.papers.filter((p) => p.s2Id === undefined).length]),
        [
          [50, 10],
          [17, 13],
        ],
      );
    });
  });

  describe('paper objects of other endpoints', () => {
    it('batch: null entries for unknown ids are no paper; the others read (s2_paper_batch_…_vcr.yaml)', () => {
      const [exchange] = cassette('s2_paper_batch_full_fields_with_null_for_missing_vcr.yaml');
      const entries = JSON.parse(exchange!.response.body.string) as unknown[];
      assert.equal(entries[0], null);
      assert.equal(parseS2Paper(entries[0]), undefined);
      const papers = entries.map(parseS2Paper).filter((p) => p !== undefined);
      assert.equal(papers.length, entries.filter((e) => e !== null).length);
      assert.equal(papers[0]!.doi, '10.2139/ssrn.288970');
      assert.ok(papers.every((p) => p.authors.length > 0 && p.year !== undefined));
    });

    it('search: ArXiv ids among MAG/DBLP/DOI (s2_paper_search.json)', () => {
      const { data } = JSON.parse(fixture('s2_paper_search.json')) as { data: unknown[] };
      const papers = data.map(parseS2Paper);
      assert.deepEqual(
        papers.map((p) => p?.arxivId),
        [undefined, '2406.10581', '2201.12987'],
      );
      assert.equal(papers[0]!.citationCount, 2865);
    });

    it('recommendations: titles only (s2_recommendations_forpaper_vcr.yaml)', () => {
      const [exchange] = cassette('s2_recommendations_forpaper_vcr.yaml');
      const { recommendedPapers } = JSON.parse(exchange!.response.body.string) as { recommendedPapers: unknown[] };
      const papers = recommendedPapers.map(parseS2Paper);
      assert.ok(papers.length > 0 && papers.every((p) => p !== undefined && p.title.length > 0));
    });

    it('a paper without a title, or not an object, is no paper; odd fields are left out', () => {
      assert.equal(parseS2Paper({ paperId: 'a'.repeat(40), title: '  ' }), undefined);
      assert.equal(parseS2Paper('title'), undefined);
      assert.deepEqual(
        parseS2Paper({
          paperId: 'not-an-id',
          title: ' Two\n  lines ',
          year: null,
          citationCount: -1,
          externalIds: { ArXiv: 'nonsense', DOI: '' },
          authors: [null, { name: 'A. B.' }, { authorId: '1' }],
        }),
        { title: 'Two lines', authors: ['A. B.'] },
      );
    });

    it('an old-style arXiv id, with its version dropped', () => {
      assert.equal(parseS2Paper({ title: 'T', externalIds: { ArXiv: 'hep-th/9901001v2' } })?.arxivId, 'hep-th/9901001');
    });
  });

  describe('errors', () => {
    it('404 cassette: the paper is unknown, said with S2’s own words (s2_404_not_found_vcr.yaml)', () => {
      const [paper, author] = cassette('s2_404_not_found_vcr.yaml');
      const error = citationErrorOf(paper!.response.status.code, paper!.response.body.string);
      assert.equal(error.kind, 'not-found');
      assert.equal(error.status, 404);
      assert.equal(error.message, 'Semantic Scholar does not know this paper (Paper with id 0 not found).');
      assert.match(citationErrorOf(404, author!.response.body.string).message, /Author with id 0 not found/);
    });

    it('429 asks to wait; 500 with an HTML page names the status', () => {
      assert.equal(citationErrorOf(429, '{"message": "Too Many Requests"}').kind, 'rate-limited');
      const error = citationErrorOf(502, '<html><body>Bad gateway</body></html>');
      assert.equal(error.kind, 'service-error');
      assert.equal(error.message, 'Semantic Scholar answered HTTP 502.');
    });

    it('a 200 that is not JSON, or has no data list, or is an error object', () => {
      assert.throws(() => parseCitationPage('citations', '<html>'), isCitationError('malformed', /not JSON/));
      assert.throws(() => parseCitationPage('citations', '{"offset":0}'), isCitationError('malformed', /without a list of citations/));
      assert.throws(() => parseCitationPage('references', '[]'), isCitationError('malformed', /references/));
      assert.throws(
        () => parseCitationPage('references', '{"error":"Paper with id 0 not found"}'),
        isCitationError('service-error', /Paper with id 0 not found/),
      );
    });

    it('null and paperless entries are skipped and counted', () => {
      const page = parseCitationPage('citations', '{"offset":0,"data":[null,{},{"citingPaper":null},{"citingPaper":{"title":"Kept"}}]}');
      assert.deepEqual(page.papers, [{ title: 'Kept', authors: [] }]);
      assert.equal(page.skipped, 3);
    });
  });
});

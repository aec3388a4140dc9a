import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseArxivAtom } from '../../src/core/feeds/arxivAtom';
import { FeedError } from '../../src/core/feeds/feedError';
import type { Paper } from '../../src/core/paper';

const fixture = (name: string): string => readFileSync(`test/fixtures/arxiv/${name}`, 'utf8');
const byId = (papers: readonly Paper[], id: string): Paper => {
  const paper = papers.find((p) => p.id === id);
  assert.ok(paper, `paper ${id}`);
  return paper;
};
const isFeedError = (kind: string, message: RegExp) => (e: unknown) => e instanceof FeedError && e.kind === kind && message.test(e.message);

/** A minimal feed in the current serializer's style, with the given entries. */
const feedOf = (...entries: string[]): string =>
  `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <opensearch:totalResults>${entries.length}</opensearch:totalResults>
  ${entries.join('\n')}
</feed>`;
const entry = (id: string, inner = ''): string =>
  `<entry><id>http://arxiv.org/abs/${id}</id><title>Title of ${id}</title><summary>Abstract.</summary>${inner}</entry>`;

describe('arXiv API Atom', () => {
  describe('classic 2016 id_list with a version (1111.2011v2)', () => {
    const feed = parseArxivAtom(fixture('arxiv_classic_2016_idlist_1111.2011v2.xml'));
    const p = feed.papers[0]!;

    it('reads the one paper with id and version apart', () => {
      assert.equal(feed.format, 'arxiv-atom');
      assert.equal(feed.papers.length, 1);
      assert.equal(feed.totalResults, 1);
      assert.equal(p.id, '1111.2011');
      assert.equal(p.arxivId, '1111.2011');
      assert.equal(p.version, 2);
      assert.equal(p.source, 'arxiv');
    });

    it('unwraps the title and abstract', () => {
      assert.equal(p.title, 'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit');
      assert.ok(p.abstract.startsWith('Theoretical description of anisotropic systems, such as layered superconductors and'));
      assert.ok(p.abstract.endsWith('similar to adding a single extra dimension to the theory describing a single node.'));
      assert.ok(!p.abstract.includes('\n'));
    });

    it('reads authors, doi, journal ref, comment, categories and dates', () => {
      assert.deepEqual(
        p.authors.map((a) => a.name),
        ['James M. Murray', 'Adrian Del Maestro', 'Zlatko Tesanovic'],
      );
      assert.equal(p.doi, '10.1103/PhysRevB.85.115117');
      assert.equal(p.links.doi, 'https://doi.org/10.1103/PhysRevB.85.115117');
      assert.equal(p.journalRef, 'Phys. Rev. B 85, 115117 (2012)');
      assert.equal(p.comment, '8 pages, 3 figures. Published version');
      assert.equal(p.primaryCategory, 'cond-mat.str-el');
      assert.deepEqual(p.categories, ['cond-mat.str-el', 'cond-mat.stat-mech']);
      assert.equal(p.classifications, undefined);
      assert.equal(p.published, '2011-11-08T18:48:36Z');
      assert.equal(p.updated, '2012-04-02T12:38:54Z');
      assert.equal(p.links.abs, 'https://arxiv.org/abs/1111.2011');
      assert.equal(p.links.pdf, 'https://arxiv.org/pdf/1111.2011');
    });
  });

  describe('classic 2016 search (au:del_maestro)', () => {
    const feed = parseArxivAtom(fixture('arxiv_classic_2016_search_au_del_maestro.xml'));

    it('reads 10 of 31 results, old and new ids', () => {
      assert.equal(feed.papers.length, 10);
      assert.equal(feed.totalResults, 31);
      assert.deepEqual(feed.skipped, []);
      assert.deepEqual(
        feed.papers.map((p) => `${p.id}v${p.version}`),
        [
          '1201.4869v1',
          'cond-mat/0412498v1',
          'cond-mat/0603029v1',
          '1005.5383v1',
          '1303.6954v2',
          '1312.6177v1',
          '1412.6529v2',
          'cond-mat/0607501v2',
          'cond-mat/0702661v2',
          '0807.2873v1',
        ],
      );
    });

    it('decodes entities and reads an old-style paper fully', () => {
      const p = byId(feed.papers, 'cond-mat/0412498');
      assert.equal(p.title, 'Thermal melting of density waves on the square lattice');
      assert.ok(p.abstract.includes('(p >= 3, integer)'));
      assert.deepEqual(
        p.authors.map((a) => a.name),
        ['Adrian Del Maestro', 'Subir Sachdev'],
      );
      assert.equal(p.doi, '10.1103/PhysRevB.71.184511');
      assert.equal(p.journalRef, 'Physical Review B 71, 184511 (2005)');
      assert.equal(p.links.abs, 'https://arxiv.org/abs/cond-mat/0412498');
    });

    it('collapses a multi-line comment and unwraps titles', () => {
      assert.equal(byId(feed.papers, '1412.6529').comment, '10 pages, 8 figures; updated figure 5, added references, revised text, reformatted');
      assert.equal(byId(feed.papers, 'cond-mat/0603029').title, 'From stripe to checkerboard order on the square lattice in the presence of quenched disorder');
    });
  });

  describe('2026 serializer search (testing, 100 entries)', () => {
    const feed = parseArxivAtom(fixture('arxiv_newapi_2026_search_testing_100.xml'));

    it('reads all 100 entries with root-declared namespaces', () => {
      assert.equal(feed.papers.length, 100);
      assert.deepEqual(feed.skipped, []);
      assert.equal(feed.totalResults, 214881);
      assert.equal(feed.papers.filter((p) => (p.version ?? 1) >= 2).length, 36);
      assert.equal(feed.papers.filter((p) => p.doi).length, 32);
      assert.equal(feed.papers.filter((p) => p.journalRef).length, 18);
      assert.equal(feed.papers.filter((p) => p.comment).length, 97);
    });

    it('keeps old-style ids', () => {
      assert.deepEqual(
        feed.papers.filter((p) => p.id.includes('/')).map((p) => p.id),
        ['cs/0503050', 'hep-ph/0301050', 'gr-qc/0103067'],
      );
    });

    it('reads affiliations inside authors', () => {
      assert.deepEqual(byId(feed.papers, '0804.0970').authors, [
        { name: 'Marie-Claude Gaudel', affiliations: ['LRI'] },
        { name: 'Pascale Le Gall', affiliations: ['IBISC'] },
      ]);
    });

    it('reads the first entry fully', () => {
      const p = byId(feed.papers, '2202.12139');
      assert.equal(p.version, 1);
      assert.equal(p.title, 'Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques');
      assert.equal(p.primaryCategory, 'cs.SE');
      assert.deepEqual(p.categories, ['cs.SE', 'cs.LG']);
      assert.equal(p.doi, '10.1109/ICSTW55395.2022.00035');
      assert.equal(p.comment, 'Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022');
      assert.deepEqual(
        p.authors.map((a) => a.name),
        ['Mohit Kumar Ahuja', 'Arnaud Gotlieb', 'Helge Spieker'],
      );
    });

    it('keeps accents and Greek letters', () => {
      assert.ok(feed.papers.some((p) => p.title === '$ω$Test: WebView-Oriented Testing for Android Applications'));
      assert.deepEqual(byId(feed.papers, '2405.13786').authors[2], { name: 'José Raúl Romero' });
    });

    it('keeps real paragraph breaks in abstracts', () => {
      const p = feed.papers.find((x) => x.abstract.startsWith('Context: Machine learning (ML) may enable'))!;
      const paragraphs = p.abstract.split('\n\n');
      assert.ok(paragraphs.length >= 4);
      assert.ok(paragraphs[1]!.startsWith('Objective: We characterize emerging research'));
    });

    it('finds repos in the abstract and in the comment', () => {
      assert.deepEqual(byId(feed.papers, '1706.00679').repos, [
        {
          kind: 'github',
          url: 'https://github.com/ydecastro/super-resolution-testing',
          slug: 'ydecastro/super-resolution-testing',
          origins: ['comment'],
        },
      ]);
      assert.deepEqual(byId(feed.papers, '2507.10541').repos, [{ kind: 'project-page', url: 'https://opendatalab.github.io/REST', origins: ['abstract'] }]);
    });
  });

  describe('empty results and errors', () => {
    it('reads an empty result (2026, totalResults 0)', () => {
      assert.deepEqual(parseArxivAtom(fixture('arxiv_newapi_2026_idlist_0000.0000_empty.xml')), {
        format: 'arxiv-atom',
        papers: [],
        skipped: [],
        totalResults: 0,
      });
    });

    it("turns the classic error feed (HTTP 200) into a service error with arXiv's words", () => {
      assert.throws(
        () => parseArxivAtom(fixture('arxiv_idlist_INVALIDID_classic_error.xml')),
        isFeedError('service-error', /incorrect id format for INVALIDID/),
      );
    });

    it('turns the 2026 error body (HTTP 400) into a service error', () => {
      assert.throws(
        () => parseArxivAtom(fixture('arxiv_newapi_2026_idlist_abc_error_http400.xml')),
        isFeedError('service-error', /incorrect id format for abc/),
      );
    });

    it('rejects broken XML with the position', () => {
      const xml = fixture('arxiv_classic_2016_idlist_1111.2011v2.xml');
      assert.throws(() => parseArxivAtom(xml.slice(0, xml.length / 2)), isFeedError('malformed', /not well-formed XML \(line \d+/));
      assert.throws(() => parseArxivAtom('<rss><channel/></rss>'), isFeedError('malformed', /<feed>/));
    });
  });

  describe('robustness', () => {
    it('separates MSC and ACM codes from arXiv categories', () => {
      const feed = parseArxivAtom(
        feedOf(
          entry(
            '2101.00001v1',
            `<arxiv:primary_category term="cs.LG"/><category term="cs.LG"/><category term="stat.ML"/>
             <category term="68T05"/><category term="I.2.6; F.2.2"/><category term="math-ph"/><category term="cond-mat.str-el"/>`,
          ),
        ),
      );
      const p = feed.papers[0]!;
      assert.deepEqual(p.categories, ['cs.LG', 'stat.ML', 'math-ph', 'cond-mat.str-el']);
      assert.deepEqual(p.classifications, ['68T05', 'I.2.6', 'F.2.2']);
      assert.equal(p.primaryCategory, 'cs.LG');
    });

    it('handles per-element namespace declarations and other prefixes', () => {
      const xml = `<atom:feed xmlns:atom="http://www.w3.org/2005/Atom" xmlns:ax="http://arxiv.org/schemas/atom">
        <atom:entry><atom:id>http://arxiv.org/abs/2312.00752v2</atom:id><atom:title>Mamba</atom:title>
        <atom:summary>S.</atom:summary><atom:author><atom:name>Albert Gu</atom:name><ax:affiliation>CMU</ax:affiliation></atom:author>
        <ax:doi>10.1/x 10.2/y</ax:doi></atom:entry></atom:feed>`;
      const p = parseArxivAtom(xml).papers[0]!;
      assert.equal(p.id, '2312.00752');
      assert.equal(p.version, 2);
      assert.deepEqual(p.authors, [{ name: 'Albert Gu', affiliations: ['CMU'] }]);
      assert.equal(p.doi, '10.1/x');
    });

    it('decodes numeric character references once', () => {
      const p = parseArxivAtom(feedOf(entry('2101.00001', '<author><name>Jos&#233; &#x41;lvarez &amp;#233; &#0;&#xD800;</name></author>'))).papers[0]!;
      assert.equal(p.authors[0]?.name, 'José Alvarez &#233; \uFFFD\uFFFD');
    });

    it('skips broken entries and keeps the good ones', () => {
      const feed = parseArxivAtom(
        feedOf(
          entry('2101.00001v1'),
          '<entry><id>http://example.com/not-arxiv</id><title>X</title></entry>',
          '<entry><id>http://arxiv.org/abs/2101.00002v1</id><title>  </title></entry>',
          '<entry/>',
          entry('2101.00001v2'),
          entry('hep-th/9901001v1'),
        ),
      );
      assert.deepEqual(
        feed.papers.map((p) => p.id),
        ['2101.00001', 'hep-th/9901001'],
      );
      assert.deepEqual(feed.skipped, [
        { index: 1, reason: 'not an arXiv paper id: http://example.com/not-arxiv' },
        { index: 2, reason: '2101.00002: no title' },
        { index: 3, reason: 'empty entry' },
        { index: 4, reason: 'duplicate of entry 0 (2101.00001)' },
      ]);
    });

    it('keeps hostile text as literal data', () => {
      const p = parseArxivAtom(
        feedOf(`<entry><id>http://arxiv.org/abs/2101.00001</id><title>&lt;script&gt;alert(1)&lt;/script&gt;</title>
          <summary>&lt;img src=x onerror="alert(2)"&gt; &amp;amp;</summary></entry>`),
      ).papers[0]!;
      assert.equal(p.title, '<script>alert(1)</script>');
      assert.equal(p.abstract, '<img src=x onerror="alert(2)"> &amp;');
    });

    it('leaves entities declared in a doctype unexpanded (no entity bombs)', () => {
      const bomb = `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
        <feed><entry><id>http://arxiv.org/abs/2101.00001</id><title>&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;</title></entry></feed>`;
      assert.equal(parseArxivAtom(bomb).papers[0]?.title, '&c;'.repeat(10));
    });
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { paperToBibtex } from '../../src/core/bibtex';
import { parseDailyPapersText } from '../../src/core/feeds/dailyPapersText';
import { abstractSimilarity, abstractWithMath, applySampleRecords, normaliseTitle } from '../../src/core/feeds/sampleRecords';
import type { Paper } from '../../src/core/paper';

const page = parseDailyPapersText(readFileSync('media/sample/daily-papers.txt', 'utf8'));
const metadata: unknown = JSON.parse(readFileSync('media/sample/seed-metadata.json', 'utf8'));

const paper = (title: string, abstract: string): Paper => ({
  id: `title:${title}`,
  title,
  authors: [],
  abstract,
  categories: [],
  links: {},
  repos: [],
  source: 'daily-papers-text',
});
const ABSTRACT = 'We propose a method that does several things well. It is fast and accurate on many benchmarks, and simple to use.';

describe('sample records (media/sample/seed-metadata.json on the saved page)', () => {
  const result = applySampleRecords(page.papers, metadata);
  const byTitle = (start: string) => result.papers.find((p) => p.title.startsWith(start))!;

  it('keeps every paper of the page, in order, with the page’s titles and abstracts (math the page lost put back)', () => {
    assert.equal(result.papers.length, 96);
    let restored = 0;
    result.papers.forEach((p, i) => {
      assert.equal(p.title, page.papers[i]!.title);
      if (p.abstract !== page.papers[i]!.abstract) {
        restored++;
        assert.equal(abstractWithMath(page.papers[i]!.abstract, p.abstract), p.abstract, 'only where the page lost math markup');
      }
    });
    assert.equal(restored, 1, 'the Mamba abstract');
    assert.equal(new Set(result.papers.map((p) => p.id)).size, 96);
  });

  it('gives the Mamba paper its arXiv id, authors, date, links and upvotes', () => {
    const mamba = byTitle('Mamba: Linear-Time');
    assert.equal(mamba.id, '2312.00752');
    assert.equal(mamba.arxivId, '2312.00752');
    assert.deepEqual(mamba.authors, [{ name: 'Albert Gu' }, { name: 'Tri Dao' }]);
    assert.equal(mamba.published, '2023-12-01T18:01:34Z');
    assert.equal(mamba.upvotes, 140);
    assert.equal(mamba.links.pdf, 'https://arxiv.org/pdf/2312.00752');
    assert.deepEqual(mamba.categories, ['cs.LG', 'cs.AI']);
    // The page saved `5$\times$ higher` as `5times higher`; the record has the math.
    assert.match(mamba.abstract, /fast inference \(5\$\\times\$ higher throughput/);
    assert.doesNotMatch(mamba.abstract, /5times/);
    assert.match(paperToBibtex(mamba), /^@misc\{gu2023mamba,[\s\S]*eprint=\{2312\.00752\},\n {2}archivePrefix=\{arXiv\},/);
  });

  it('takes the featured day from the record, else from the day file it was recorded in', () => {
    const zeco = byTitle('ZeCO');
    assert.equal(zeco.id, '2507.01004');
    assert.equal(zeco.dailyDate, '2025-07-04');
    assert.equal(zeco.aiSummary?.startsWith('A new zero communication overhead'), true);
    const lasp = result.papers.find((p) => p.arxivId === '2502.07563')!;
    assert.equal(lasp.dailyDate, '2025-02-13', 'from hfDayFromFileName: the 2025-02 record has no submittedOnDailyAt');
  });

  it('applies the 21 Hugging Face records and the corpus records whose abstracts agree', () => {
    assert.equal(result.papers.filter((p) => p.arxivId).length, 21);
    const venues = result.papers.filter((p) => p.venue);
    assert.equal(venues.length, 9);
    const grids = byTitle('MetricGrids');
    assert.equal(grids.venue, 'CVPR 2025');
    assert.equal(grids.year, '2025');
    assert.equal(grids.arxivId, undefined);
    assert.ok(grids.authors.length > 0);
    assert.match(paperToBibtex(grids), /year=\{2025\}/);
  });

  it('does not apply a record whose abstract is a different text (a camera-ready rewrite)', () => {
    const rejected = result.rejected.map((r) => r.title);
    assert.deepEqual(rejected.sort(), [
      'Addressing Representation Collapse in Vector Quantized Models with One Linear Layer',
      'SRL: Scaling Distributed Reinforcement Learning to Over Ten Thousand Cores',
    ]);
    assert.deepEqual(byTitle('SRL: Scaling').authors, []);
  });

  it('leaves papers without a record as the page gave them', () => {
    const melange = byTitle('Mélange');
    assert.deepEqual(
      melange,
      page.papers.find((p) => p.title.startsWith('Mélange')),
    );
  });

  it('matches titles across LaTeX, wraps, accents and punctuation', () => {
    assert.equal(
      normaliseTitle('ZeCO: Zero Communication Overhead Sequence Parallelism for Linear\n  Attention'),
      normaliseTitle('ZeCO: Zero Communication Overhead Sequence Parallelism for Linear Attention'),
    );
    assert.equal(normaliseTitle('Fast $\\times$ Slow'), normaliseTitle('Fast × Slow'.replace('×', '')));
    assert.notEqual(normaliseTitle('Scaling Laws'), normaliseTitle('Scaling Law'));
  });

  it('checks a record against the abstract, not only the title', () => {
    const page2 = [paper('A Title', ABSTRACT)];
    const same = applySampleRecords(page2, [
      {
        seedTitle: 'A Title',
        match: {
          source: { repo: 'x/y', path: 'a.json' },
          record: { id: '2401.00001', title: 'A  title', authors: ['Ada Lovelace'], summary: ABSTRACT.replace('fast', 'quick') },
        },
      },
    ]);
    assert.equal(same.papers[0]!.id, '2401.00001');
    assert.deepEqual(same.applied, [{ id: '2401.00001', from: 'x/y a.json' }]);
    const other = applySampleRecords(page2, [
      {
        seedTitle: 'A Title',
        match: {
          source: {},
          record: { id: '2401.00001', title: 'A Title', authors: ['Ada'], summary: 'An entirely different paper about something else with the same title.' },
        },
      },
    ]);
    assert.equal(other.papers[0], page2[0]);
    assert.match(other.rejected[0]!.reason, /abstracts differ/);
    const none = applySampleRecords(page2, [{ seedTitle: 'A Title', match: { source: {}, record: { id: '2401.00001', title: 'A Title', authors: ['Ada'] } } }]);
    assert.equal(none.papers[0], page2[0]);
    assert.match(none.rejected[0]!.reason, /no abstract/);
  });

  it('takes the record’s abstract only where the page’s is the same text with the math markup dropped', () => {
    assert.equal(abstractWithMath('up to 22times less memory', 'up to 22$\\times$\nless memory'), 'up to 22$\\times$ less memory');
    assert.equal(
      abstractWithMath('up to 22 times less memory', 'up to 22$\\times$ less memory'),
      'up to 22 times less memory',
      'a different text stays the page’s',
    );
    assert.equal(abstractWithMath('fast and 5times less', 'fast and 5times less'), 'fast and 5times less', 'no math in the record: the page’s');
    assert.equal(abstractWithMath('an $O(n)$ scan', 'an $O(n)$ scan with more'), 'an $O(n)$ scan', 'the record says more: the page’s');
  });

  it('survives malformed metadata', () => {
    const page2 = [paper('A Title', ABSTRACT)];
    for (const bad of [
      null,
      7,
      'x',
      {},
      [null, 1, { match: 3 }, { match: { record: null } }, { corpusMatch: { record: { title: 'A Title', abstract: ABSTRACT, authors: 5 } } }],
    ]) {
      const r = applySampleRecords(page2, bad);
      assert.equal(r.papers[0], page2[0]);
    }
    assert.equal(abstractSimilarity('', 'x'), 0);
  });
});

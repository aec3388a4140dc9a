import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseDailyPapersText } from '../../src/core/feeds/dailyPapersText';

const seed = readFileSync('media/sample/daily-papers.txt', 'utf8');

const ABSTRACT_A =
  'We study things at length. Our method improves results on many benchmarks by a wide margin. ' + 'Code is available at https://github.com/example/thing.';
const ABSTRACT_B =
  'Another abstract with several sentences. It describes a second method in enough words to be an abstract. ' +
  'Experiments confirm the claims made here in detail.';

describe('Daily Papers page as text', () => {
  describe('the seed (media/sample/daily-papers.txt)', () => {
    const feed = parseDailyPapersText(seed);

    it('yields exactly 96 papers and skips nothing', () => {
      assert.equal(feed.format, 'daily-papers-text');
      assert.equal(feed.papers.length, 96);
      assert.deepEqual(feed.skipped, []);
    });

    it('pairs titles with abstracts and derives title ids', () => {
      const first = feed.papers[0]!;
      assert.equal(first.title, 'ZeCO: Zero Communication Overhead Sequence Parallelism for Linear Attention');
      assert.equal(first.id, 'title:zeco-zero-communication-overhead-sequence-parallelism-for-linear-attention');
      assert.ok(first.abstract.startsWith('Linear attention mechanisms deliver significant advantages'));
      assert.equal(first.source, 'daily-papers-text');
      assert.equal(first.arxivId, undefined);
      assert.deepEqual(first.links, {});
      const last = feed.papers.at(-1)!;
      assert.ok(last.abstract.endsWith('Consequently, Redco implementations exhibit much fewer code lines compared to their official counterparts.'));
    });

    it('keeps titles that end like sentences and folds accents in ids', () => {
      assert.ok(feed.papers.some((p) => p.title === 'SWE-bench Goes Live!'));
      const melange = feed.papers.find((p) => p.title.startsWith('Mélange'))!;
      assert.equal(melange.id, 'title:melange-cost-efficient-large-language-model-serving-by-exploiting-gpu-heterogeneity');
      assert.equal(new Set(feed.papers.map((p) => p.id)).size, 96);
    });

    it('attaches repos found in abstracts', () => {
      const papersWithGithub = feed.papers.filter((p) => p.repos.some((r) => r.kind === 'github'));
      assert.equal(papersWithGithub.length, 25);
      const metric = feed.papers.find((p) => p.repos.some((r) => r.slug === 'wangshu31/MetricGrids'))!;
      assert.deepEqual(metric.repos, [
        { kind: 'github', url: 'https://github.com/wangshu31/MetricGrids', slug: 'wangshu31/MetricGrids', origins: ['abstract'] },
      ]);
    });

    it('reads the same with Windows line endings, a BOM-less CR-only file or no blank lines', () => {
      const crlf = parseDailyPapersText(seed.replace(/\n/g, '\r\n'));
      assert.deepEqual(
        crlf.papers.map((p) => p.id),
        feed.papers.map((p) => p.id),
      );
      const cr = parseDailyPapersText(seed.replace(/\n/g, '\r'));
      assert.equal(cr.papers.length, 96);
      const dense = parseDailyPapersText(seed.replace(/\n\s*\n/g, '\n'));
      assert.deepEqual(
        dense.papers.map((p) => p.title),
        feed.papers.map((p) => p.title),
      );
      assert.deepEqual(
        dense.papers.map((p) => p.abstract),
        feed.papers.map((p) => p.abstract),
      );
    });

    it('ignores trailing page chrome and reports a dangling title', () => {
      const withJunk = parseDailyPapersText(`${seed}\n\nPrevious 1 2 3 Next\n\nLoad more\n\nA Title Without Its Abstract Here\n`);
      assert.equal(withJunk.papers.length, 96);
      assert.equal(withJunk.skipped.length, 1);
      assert.match(withJunk.skipped[0]!.reason, /title without an abstract: "A Title Without Its Abstract Here"/);
    });

    it('yields the good papers when one abstract is missing (odd paragraph count)', () => {
      const lines = seed.split('\n');
      const firstAbstract = lines.findIndex((l) => l.startsWith('Linear attention mechanisms'));
      lines.splice(firstAbstract, 1);
      const feed2 = parseDailyPapersText(lines.join('\n'));
      assert.equal(feed2.papers.length, 95);
      assert.deepEqual(feed2.skipped, [
        { index: 12, reason: 'title without an abstract: "ZeCO: Zero Communication Overhead Sequence Parallelism for Linear Attention"' },
      ]);
    });
  });

  describe('what a copy of the live page adds', () => {
    it('tolerates upvotes, "Submitted by", author counts and author lists', () => {
      const text = [
        'Daily Papers',
        'by AK and the research community',
        'Jul 22, 2025',
        'Submitted by',
        'akhaliq',
        '63',
        'First Paper: A Method',
        'Ada Lovelace, Charles Babbage and Alan Turing',
        '· 3 authors',
        ABSTRACT_A,
        '2',
        'Submitted by someone',
        '17',
        'Second Paper: Another Method',
        'Authors: Grace Hopper',
        ABSTRACT_B,
        'Previous 1 2 3 Next',
      ].join('\n');
      const feed = parseDailyPapersText(text);
      assert.deepEqual(feed.skipped, []);
      assert.equal(feed.papers.length, 2);
      const [a, b] = feed.papers;
      assert.equal(a!.title, 'First Paper: A Method');
      assert.equal(a!.upvotes, 63);
      assert.equal(a!.dailyDate, '2025-07-22');
      assert.deepEqual(
        a!.authors.map((x) => x.name),
        ['Ada Lovelace', 'Charles Babbage', 'Alan Turing'],
      );
      assert.equal(a!.abstract, ABSTRACT_A);
      assert.deepEqual(
        a!.repos.map((r) => r.slug),
        ['example/thing'],
      );
      assert.equal(b!.upvotes, 17);
      assert.deepEqual(b!.authors, [{ name: 'Grace Hopper' }]);
    });

    it('takes arXiv ids from id lines, paper URLs and bracketed titles', () => {
      const text = [
        '[2312.00752] Mamba: Linear-Time Sequence Modeling with Selective State Spaces',
        ABSTRACT_A,
        'Attention Is All You Need',
        'https://huggingface.co/papers/1706.03762',
        ABSTRACT_B,
        'Old Physics Paper (arXiv:hep-th/9901001v2)',
        ABSTRACT_B.replace('Another', 'A third'),
      ].join('\n\n');
      const feed = parseDailyPapersText(text);
      assert.deepEqual(
        feed.papers.map((p) => [p.id, p.version, p.title]),
        [
          ['2312.00752', undefined, 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces'],
          ['1706.03762', undefined, 'Attention Is All You Need'],
          ['hep-th/9901001', 2, 'Old Physics Paper'],
        ],
      );
      assert.equal(feed.papers[0]!.links.pdf, 'https://arxiv.org/pdf/2312.00752');
      assert.equal(feed.papers[1]!.links.hfPage, 'https://huggingface.co/papers/1706.03762');
    });

    it('keeps multi-paragraph abstracts and joins hard-wrapped lines', () => {
      const text = [
        'A Paper With Paragraphs',
        'First paragraph of the abstract is long enough to be an abstract and it ends here.',
        'Second paragraph, still the same abstract, with code at https://github.com/a/b',
        'A Hard Wrapped One',
        'This abstract was pasted with hard wraps so that its lines are',
        'short and start in lower case after the first one, which is common',
        'when copying from a PDF or a terminal.',
      ].join('\n');
      const feed = parseDailyPapersText(text);
      assert.deepEqual(feed.skipped, []);
      assert.equal(feed.papers[0]!.abstract.split('\n\n').length, 2);
      assert.equal(
        feed.papers[1]!.abstract,
        'This abstract was pasted with hard wraps so that its lines are short and start in lower case after the first one, which is common when copying from a PDF or a terminal.',
      );
    });

    it('reports an abstract without a title', () => {
      const feed = parseDailyPapersText(`${ABSTRACT_A}\n\nA Real Title Here\n\n${ABSTRACT_B}`);
      assert.equal(feed.papers.length, 1);
      assert.equal(feed.skipped[0]?.index, 0);
      assert.match(feed.skipped[0]!.reason, /text without a title/);
    });

    it('reports the same paper pasted twice', () => {
      const feed = parseDailyPapersText(`A Real Title Here\n${ABSTRACT_A}\nA Real Title Here\n${ABSTRACT_A}`);
      assert.equal(feed.papers.length, 1);
      assert.match(feed.skipped[0]!.reason, /same paper again \(first at line 1\)/);
    });

    it('keeps hostile text as literal data', () => {
      const title = '<img src=x onerror=alert(1)> Title';
      const abstract = '<script>alert("x")</script> is what this abstract says, at length, in a sentence. And another sentence.';
      const feed = parseDailyPapersText(`${title}\n${abstract}`);
      assert.equal(feed.papers[0]!.title, title);
      assert.equal(feed.papers[0]!.abstract, abstract);
    });

    it('returns nothing (no throw) for unrelated text', () => {
      assert.deepEqual(parseDailyPapersText('').papers, []);
      assert.deepEqual(parseDailyPapersText('hello').papers, []);
      assert.deepEqual(parseDailyPapersText('\n\n\r\n').skipped, []);
    });
  });
});

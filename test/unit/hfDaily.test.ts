import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { FeedError } from '../../src/core/feeds/feedError';
import { parseHfDaily, parseHfDailyJson } from '../../src/core/feeds/hfDaily';
import type { Paper } from '../../src/core/paper';

const fixture = (name: string): string => readFileSync(`test/fixtures/hf/${name}`, 'utf8');
const byId = (papers: readonly Paper[], id: string): Paper => {
  const paper = papers.find((p) => p.id === id);
  assert.ok(paper, `paper ${id}`);
  return paper;
};

describe('Hugging Face daily papers JSON', () => {
  describe('2024 shape (hf_daily_2024-05-27.json)', () => {
    const feed = parseHfDaily(fixture('hf_daily_2024-05-27.json'));

    it('reads all 13 papers, none skipped', () => {
      assert.equal(feed.format, 'hf-daily-json');
      assert.equal(feed.papers.length, 13);
      assert.deepEqual(feed.skipped, []);
      assert.deepEqual(
        feed.papers.slice(0, 3).map((p) => p.id),
        ['2405.15738', '2405.15574', '2405.15071'],
      );
    });

    it('unwraps hard-wrapped titles and abstracts', () => {
      const p = byId(feed.papers, '2405.15738');
      assert.equal(p.title, 'ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models');
      assert.ok(p.abstract.startsWith('High-resolution Large Multimodal Models (LMMs) encounter the challenges of excessive visual tokens'));
      assert.ok(!p.abstract.includes('\n'));
      for (const paper of feed.papers) assert.ok(!/\s{2}|\n/.test(paper.title), paper.title);
    });

    it('takes the daily date from the item publishedAt when submittedOnDailyAt is absent', () => {
      const p = byId(feed.papers, '2405.15738');
      assert.equal(p.dailyDate, '2024-05-27');
      assert.equal(p.published, '2024-05-24T17:34:15.000Z');
      assert.ok(feed.papers.every((x) => x.dailyDate === '2024-05-27'));
    });

    it('keeps counts, authors, links and the singular mediaUrl thumbnail', () => {
      const p = byId(feed.papers, '2405.15738');
      assert.equal(p.upvotes, 32);
      assert.equal(p.numComments, 3);
      assert.equal(p.authors.length, 9);
      assert.deepEqual(p.authors[0], { name: 'Chunjiang Ge' });
      assert.equal(p.thumbnail, 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2405.15738.png');
      assert.deepEqual(p.links, {
        abs: 'https://arxiv.org/abs/2405.15738',
        pdf: 'https://arxiv.org/pdf/2405.15738',
        hfPage: 'https://huggingface.co/papers/2405.15738',
      });
      assert.equal(p.arxivId, '2405.15738');
      assert.equal(p.source, 'hf-daily');
      assert.deepEqual(p.categories, []);
      assert.equal(p.aiSummary, undefined);
    });

    it('finds repos in abstracts', () => {
      assert.deepEqual(byId(feed.papers, '2405.15738').repos, [
        { kind: 'github', url: 'https://github.com/alibaba/conv-llava', slug: 'alibaba/conv-llava', origins: ['abstract'] },
      ]);
      assert.deepEqual(
        byId(feed.papers, '2405.14979').repos.map((r) => r.kind),
        ['project-page', 'github'],
      );
    });
  });

  describe('2025 shape (hf_daily_2025-07-22.json)', () => {
    const feed = parseHfDaily(fixture('hf_daily_2025-07-22.json'));

    it('reads all 16 papers with dailyDate from submittedOnDailyAt', () => {
      assert.equal(feed.papers.length, 16);
      assert.deepEqual(feed.skipped, []);
      assert.ok(feed.papers.every((p) => p.dailyDate === '2025-07-22'));
    });

    it('reads AI summary and keywords', () => {
      const p = byId(feed.papers, '2507.14683');
      assert.equal(p.upvotes, 63);
      assert.equal(p.authors.length, 18);
      assert.ok(p.aiSummary?.startsWith('The MiroMind-M1 series of open-source reasoning language models'));
      assert.equal(p.aiKeywords?.length, 12);
      assert.deepEqual(p.aiKeywords?.slice(0, 3), ['reasoning language models', 'mathematical reasoning', 'Qwen-2.5']);
      assert.deepEqual(p.repos, []);
    });

    it('attaches githubRepo with githubStars, and the project page', () => {
      const p = byId(feed.papers, '2507.15061');
      assert.deepEqual(p.repos, [
        { kind: 'github', url: 'https://github.com/Alibaba-NLP/WebWalker', slug: 'Alibaba-NLP/WebWalker', stars: 4842, origins: ['githubRepo'] },
      ]);
      const q = byId(feed.papers, '2507.15846');
      assert.equal(q.links.projectPage, 'https://zju-real.github.io/GUI-G2/');
      assert.deepEqual(
        q.repos.map((r) => [r.kind, r.slug ?? r.url, r.stars, r.origins]),
        [
          ['github', 'ZJU-REAL/GUI-G2', 18, ['githubRepo']],
          ['project-page', 'https://zju-real.github.io/GUI-G2', undefined, ['projectPage']],
        ],
      );
      // A repo named by githubRepo and again in the abstract is one link with both origins.
      assert.deepEqual(byId(feed.papers, '2507.11539').repos[0]?.origins, ['githubRepo', 'abstract']);
    });

    it('keeps mediaUrls apart from the thumbnail', () => {
      const p = byId(feed.papers, '2507.11061');
      assert.equal(p.mediaUrls?.length, 3);
      assert.ok(p.mediaUrls?.every((u) => u.endsWith('.gif')));
      assert.equal(p.thumbnail, 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2507.11061.png');
    });
  });

  describe('2026 shape (hf_daily_2026-06-12_verbatim.json)', () => {
    const feed = parseHfDaily(fixture('hf_daily_2026-06-12_verbatim.json'));

    it('reads all 30 papers', () => {
      assert.equal(feed.papers.length, 30);
      assert.deepEqual(feed.skipped, []);
      assert.ok(feed.papers.every((p) => p.dailyDate === '2026-06-12'));
    });

    it("prefers the paper's own publishedAt over the item's shifted one", () => {
      assert.equal(byId(feed.papers, '2606.00467').published, '2026-05-30T00:00:00.000Z');
    });

    it('reads the organisation full name', () => {
      assert.equal(byId(feed.papers, '2606.00467').organization, 'California institute of technology');
      assert.equal(byId(feed.papers, '2606.09446').organization, 'Ecole des Ponts ParisTech');
    });

    it('keeps authors hidden from a profile (hidden: true)', () => {
      const p = byId(feed.papers, '2606.12575');
      assert.equal(p.authors.length, 10);
      assert.equal(p.authors[3]?.name, 'Dengyang Jiang');
    });

    it('keeps the abstract paragraph breaks', () => {
      const paragraphs = byId(feed.papers, '2606.09446').abstract.split('\n\n');
      assert.equal(paragraphs.length, 3);
      assert.ok(paragraphs[1]!.startsWith('Our contributions are twofold.'));
    });

    it('classifies Hugging Face spaces, datasets and models', () => {
      assert.deepEqual(
        byId(feed.papers, '2606.08063').repos.map((r) => [r.kind, r.slug, r.origins]),
        [
          ['github', 'jqtangust/Robust-U1', ['githubRepo', 'abstract']],
          ['huggingface-space', 'Jiaqi-hkust/Robust-U1', ['projectPage']],
        ],
      );
      assert.deepEqual(
        byId(feed.papers, '2606.13120').repos.map((r) => [r.kind, r.slug]),
        [['huggingface-dataset', 'Krystalan/EvoBrowseComp']],
      );
      const msa = byId(feed.papers, '2606.13392');
      assert.equal(msa.repos[0]?.stars, 251);
      assert.deepEqual(msa.repos[1], {
        kind: 'huggingface-model',
        url: 'https://huggingface.co/MiniMaxAI/MiniMax-M3',
        slug: 'MiniMaxAI/MiniMax-M3',
        origins: ['abstract'],
      });
      // A Hugging Face collection is no repo, but the feed calls it the project page.
      assert.deepEqual(byId(feed.papers, '2606.06113').repos[1], {
        kind: 'project-page',
        url: 'https://huggingface.co/collections/P1n3/sdg',
        origins: ['projectPage'],
      });
    });

    it('counts GitHub repos with stars', () => {
      const starred = feed.papers.flatMap((p) => p.repos.filter((r) => r.kind === 'github' && r.stars !== undefined));
      assert.equal(starred.length, 16);
    });
  });

  describe('wrappers and broken items', () => {
    const item = (id: string, title: string) => ({ paper: { id, title, summary: 'An abstract.', authors: [{ name: 'A B' }] } });

    it('accepts the page props wrapper and a single paper object', () => {
      assert.equal(parseHfDailyJson({ dailyPapers: [item('2312.00752', 'Mamba')] }).papers[0]?.id, '2312.00752');
      const single = parseHfDailyJson({ id: '2312.00752', title: 'Mamba', summary: 'x', authors: [], upvotes: 5 });
      assert.equal(single.papers.length, 1);
      assert.equal(single.papers[0]?.upvotes, 5);
    });

    it('treats an empty array as a day without papers', () => {
      assert.deepEqual(parseHfDailyJson([]), { format: 'hf-daily-json', papers: [], skipped: [] });
    });

    it('yields the good items and says why the others were skipped', () => {
      const feed = parseHfDailyJson([
        item('2312.00752', 'Mamba'),
        null,
        { paper: { id: '2312.00753' } },
        item('2312.00752', 'Mamba again'),
        42,
        { paper: { id: 'not-an-id', title: 'A title-only paper', summary: 'S.' } },
      ]);
      assert.deepEqual(
        feed.papers.map((p) => p.id),
        ['2312.00752', 'title:a-title-only-paper'],
      );
      assert.deepEqual(feed.skipped, [
        { index: 1, reason: 'not an object (null)' },
        { index: 2, reason: 'no title' },
        { index: 3, reason: 'duplicate of item 0 (2312.00752)' },
        { index: 4, reason: 'not an object (number)' },
      ]);
      assert.equal(feed.papers[1]?.links.hfPage, 'https://huggingface.co/papers/not-an-id');
    });

    it('tolerates wrong types in optional fields', () => {
      const feed = parseHfDailyJson([
        {
          paper: {
            id: '2312.00752',
            title: ['not', 'a', 'string'],
            summary: 7,
            authors: 'nobody',
            upvotes: -3,
            ai_keywords: 'x',
            githubRepo: { url: 'x' },
            projectPage: 'javascript:alert(1)',
            submittedOnDailyAt: 'yesterday',
          },
          title: 'Mamba',
          numComments: 1.5,
          mediaUrls: ['file:///etc/passwd', 'https://ok.example.com/a.png'],
        },
      ]);
      const p = feed.papers[0]!;
      assert.equal(p.title, 'Mamba');
      assert.equal(p.abstract, '');
      assert.deepEqual(p.authors, []);
      assert.equal(p.upvotes, undefined);
      assert.equal(p.numComments, undefined);
      assert.equal(p.aiKeywords, undefined);
      assert.equal(p.links.projectPage, undefined);
      assert.equal(p.dailyDate, undefined);
      assert.deepEqual(p.mediaUrls, ['https://ok.example.com/a.png']);
      assert.deepEqual(p.repos, []);
    });

    it('keeps hostile text as literal data', () => {
      const title = '<script>alert(1)</script> & <img src=x onerror=alert(2)>';
      const feed = parseHfDailyJson([{ paper: { id: '2312.00752', title, summary: '<b onmouseover="x()">bold</b>' } }]);
      assert.equal(feed.papers[0]?.title, title);
      assert.equal(feed.papers[0]?.abstract, '<b onmouseover="x()">bold</b>');
    });

    it('rejects other JSON with a clear error', () => {
      for (const value of [{ papers: 'x' }, [1, 2, 3], 'text', null, { foo: [] }]) {
        assert.throws(
          () => parseHfDailyJson(value),
          (e: unknown) => e instanceof FeedError && e.kind === 'malformed' && /Hugging Face daily papers/.test(e.message),
        );
      }
      assert.throws(
        () => parseHfDaily('[{"paper": '),
        (e: unknown) => e instanceof FeedError && /not valid JSON/.test(e.message),
      );
    });
  });
});

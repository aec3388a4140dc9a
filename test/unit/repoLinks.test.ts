import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseDailyPapersText } from '../../src/core/feeds/dailyPapersText';
import { classifyRepoUrl, extractRepoLinks, findRepoLinksInText } from '../../src/core/repoLinks';

const slugs = (text: string): (string | undefined)[] => findRepoLinksInText(text).map((l) => l.slug ?? l.url);

describe('repo links', () => {
  describe('GitHub', () => {
    it('normalises owner/repo and strips sentence punctuation and .git', () => {
      assert.deepEqual(slugs('The code is available at https://github.com/devinxzhang/MFuser.'), ['devinxzhang/MFuser']);
      assert.deepEqual(slugs('Code: github.com/state-spaces/mamba.git, models too'), ['state-spaces/mamba']);
      assert.deepEqual(slugs('(see https://github.com/a-b/c_d)'), ['a-b/c_d']);
      assert.deepEqual(slugs('at https://github.com/foo/bar.js!'), ['foo/bar.js']);
      assert.deepEqual(slugs('https://www.github.com/Foo/Bar/'), ['Foo/Bar']);
    });

    it('cuts LaTeX \\url and \\href leftovers', () => {
      assert.deepEqual(slugs('Code is available at https://github.com/wangshu31/MetricGrids}{https://github.com/wangshu31/MetricGrids.'), [
        'wangshu31/MetricGrids',
        'wangshu31/MetricGrids',
      ]);
      assert.deepEqual(slugs('\\url{https://github.com/X/Y}'), ['X/Y']);
      assert.deepEqual(slugs('\\href{https://github.com/x/y}{Our code}'), ['x/y']);
      assert.deepEqual(slugs('https://github.com/x/y{Our code}'), ['x/y']);
      assert.deepEqual(slugs('https://github.com/x/scaling\\_laws'), ['x/scaling_laws']);
    });

    it('keeps a deep path apart from the repo', () => {
      const [link] = findRepoLinksInText('see https://github.com/huggingface/transformers/tree/main/examples.');
      assert.deepEqual(link, {
        kind: 'github',
        url: 'https://github.com/huggingface/transformers',
        slug: 'huggingface/transformers',
        path: 'tree/main/examples',
      });
    });

    it('rejects user pages and site pages', () => {
      for (const url of [
        'https://github.com/karpathy',
        'https://github.com/features/copilot',
        'https://github.com/orgs/huggingface/repositories',
        'https://github.com/sponsors/someone',
        'https://github.com/topics/llm',
        'https://github.com/',
        'https://gist.github.com/user/abc123',
      ]) {
        assert.equal(classifyRepoUrl(url), undefined, url);
      }
      assert.deepEqual(findRepoLinksInText('real-world GitHub issues; mail me at bob@github.com/x/y'), []);
    });
  });

  it('classifies GitLab, Hugging Face and project pages', () => {
    assert.deepEqual(classifyRepoUrl('https://gitlab.com/group/sub/project/-/tree/main/src'), {
      kind: 'gitlab',
      url: 'https://gitlab.com/group/sub/project',
      slug: 'group/sub/project',
      path: '-/tree/main/src',
    });
    assert.equal(classifyRepoUrl('https://gitlab.inria.fr/team/tool')?.slug, 'team/tool');
    assert.equal(classifyRepoUrl('https://gitlab.com/someuser'), undefined);
    assert.deepEqual(classifyRepoUrl('https://huggingface.co/MiniMaxAI/MiniMax-M3'), {
      kind: 'huggingface-model',
      url: 'https://huggingface.co/MiniMaxAI/MiniMax-M3',
      slug: 'MiniMaxAI/MiniMax-M3',
    });
    assert.equal(classifyRepoUrl('https://huggingface.co/datasets/Krystalan/EvoBrowseComp')?.kind, 'huggingface-dataset');
    assert.equal(classifyRepoUrl('https://huggingface.co/datasets/squad')?.slug, 'squad');
    assert.equal(classifyRepoUrl('https://huggingface.co/spaces/Jiaqi-hkust/Robust-U1')?.kind, 'huggingface-space');
    assert.equal(classifyRepoUrl('https://huggingface.co/papers/2312.00752'), undefined);
    assert.equal(classifyRepoUrl('https://huggingface.co/collections/P1n3/sdg'), undefined);
    assert.equal(classifyRepoUrl('https://huggingface.co/collections/P1n3/sdg', true)?.kind, 'project-page');
    assert.deepEqual(classifyRepoUrl('https://fuchengsu.github.io/lionlora.github.io/'), {
      kind: 'project-page',
      url: 'https://fuchengsu.github.io/lionlora.github.io',
    });
    assert.equal(classifyRepoUrl('https://seed.bytedance.com/GR3'), undefined);
    assert.equal(classifyRepoUrl('https://seed.bytedance.com/GR3', true)?.url, 'https://seed.bytedance.com/GR3');
    assert.equal(classifyRepoUrl('javascript:alert(1)', true), undefined);
  });

  it('finds the \\url{x}{x} project page only once', () => {
    const links = extractRepoLinks({ abstract: 'available at https://llm-stacking.github.io/{https://llm-stacking.github.io/}.' });
    assert.deepEqual(links, [{ kind: 'project-page', url: 'https://llm-stacking.github.io', origins: ['abstract'] }]);
  });

  it('merges origins case-insensitively, keeps the first spelling, gives stars to githubRepo', () => {
    const links = extractRepoLinks({
      githubRepo: 'https://github.com/wzzheng/StreamVGGT',
      githubStars: 367,
      projectPage: 'https://wzzheng.net/StreamVGGT/',
      abstract: 'Code: https://github.com/WZZheng/streamvggt/tree/main/demo and https://huggingface.co/spaces/a/b.',
      comment: 'see github.com/wzzheng/StreamVGGT.git',
    });
    assert.deepEqual(links, [
      {
        kind: 'github',
        url: 'https://github.com/wzzheng/StreamVGGT',
        slug: 'wzzheng/StreamVGGT',
        path: 'tree/main/demo',
        stars: 367,
        origins: ['githubRepo', 'abstract', 'comment'],
      },
      { kind: 'project-page', url: 'https://wzzheng.net/StreamVGGT', origins: ['projectPage'] },
      { kind: 'huggingface-space', url: 'https://huggingface.co/spaces/a/b', slug: 'a/b', origins: ['abstract'] },
    ]);
  });

  it('ignores non-http fields and non-string values', () => {
    assert.deepEqual(extractRepoLinks({ githubRepo: 'javascript:alert(1)', projectPage: 42, githubStars: 'many' }), []);
    assert.deepEqual(extractRepoLinks({ githubRepo: 'https://github.com/someuser' }), []);
  });

  it('finds exactly 25 distinct GitHub repos in the seed', () => {
    const feed = parseDailyPapersText(readFileSync('media/sample/daily-papers.txt', 'utf8'));
    assert.equal(feed.papers.length, 96);
    const github = new Set<string>();
    for (const paper of feed.papers) {
      for (const link of extractRepoLinks({ abstract: paper.abstract })) {
        if (link.kind === 'github') github.add(link.slug!.toLowerCase());
      }
    }
    assert.equal(github.size, 25);
    for (const slug of ['wangshu31/metricgrids', 'microsoft/apex_plus', 'farseer-scaling-law/farseer', 'hamidralmasi/flagaggregator']) {
      assert.ok(github.has(slug), slug);
    }
    // The parser attaches the same repos.
    const attached = new Set(feed.papers.flatMap((p) => p.repos.filter((r) => r.kind === 'github').map((r) => r.slug!.toLowerCase())));
    assert.deepEqual([...attached].sort(), [...github].sort());
  });

  it('never throws and returns well-formed links on any text (property)', () => {
    const urlish = fc.stringMatching(/^(https?:\/\/)?(www\.)?(github\.com|gitlab\.com|huggingface\.co|a\.github\.io)(\/[\w.{}\\-]{0,12}){0,5}[.,)}]?$/);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 30 }), urlish), { maxLength: 8 }), (parts) => {
        const links = extractRepoLinks({ abstract: parts.join(' '), comment: parts.join('') });
        for (const link of links) {
          assert.match(link.url, /^https?:\/\/[^\s{}\\]+$/);
          assert.ok(!link.url.endsWith('/') && !link.url.endsWith('.git'));
          assert.ok(link.origins.length > 0);
        }
      }),
      { numRuns: 400 },
    );
  });
});

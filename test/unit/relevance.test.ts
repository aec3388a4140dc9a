import assert from 'node:assert/strict';
import { parseAbstractLines, looksLikeAbstractLines } from '../../src/core/relevance/abstractLines';
import { IgnoreRules, MAX_READ_FILES, defaultReadBudget, globMatcher, isCandidatePath, readBudgetFor, readingOrder } from '../../src/core/relevance/fileRules';
import { dependencyNames } from '../../src/core/relevance/manifests';
import { buildProfile, isNameForm } from '../../src/core/relevance/profile';
import { RelevanceCorpus, formatReasons, rankPapers, type RankablePaper } from '../../src/core/relevance/rank';
import { relevanceWorkerHandler, type FromRelevanceWorker } from '../../src/core/relevance/relevanceWorker';
import { splitIdentifier, stem } from '../../src/core/relevance/terms';
import { collectFiles, type FolderReader } from '../../src/core/relevance/walk';

describe('workspace relevance: words', () => {
  it('splits identifiers at underscores, hyphens and case changes', () => {
    assert.deepEqual(splitIdentifier('flash_attn'), ['flash', 'attn']);
    assert.deepEqual(splitIdentifier('flashAttnKVCache'), ['flash', 'attn', 'kv', 'cache']);
    assert.deepEqual(splitIdentifier('getHTTPResponse'), ['get', 'http', 'response']);
    assert.deepEqual(splitIdentifier('RotaryEmbedding'), ['rotary', 'embedding']);
    assert.deepEqual(splitIdentifier('conv2d'), ['conv2d']);
    assert.deepEqual(splitIdentifier('__init__'), ['init']);
    assert.deepEqual(splitIdentifier('vit-pytorch'), ['vit', 'pytorch']);
  });

  it('drops plural endings only', () => {
    assert.equal(stem('transformers'), 'transformer');
    assert.equal(stem('embeddings'), 'embedding');
    assert.equal(stem('queries'), 'query');
    assert.equal(stem('loss'), 'loss');
    assert.equal(stem('gaussians'), 'gaussian');
    assert.equal(stem('gas'), 'gas');
  });

  it('tells names from words', () => {
    assert.ok(isNameForm('LoRA', false));
    assert.ok(isNameForm('MaxViT', false));
    assert.ok(isNameForm('DINO', true));
    assert.ok(!isNameForm('DINO', false), 'capitals in code are constants');
    assert.ok(!isNameForm('Diffusion', true));
  });
});

describe('workspace relevance: files', () => {
  it('reads code and docs, not vendored, generated or binary files', () => {
    assert.ok(isCandidatePath('src/model.py'));
    assert.ok(isCandidatePath('README'));
    assert.ok(isCandidatePath('docs/usage.md'));
    assert.ok(isCandidatePath('pyproject.toml'));
    assert.ok(!isCandidatePath('node_modules/react/index.js'));
    assert.ok(!isCandidatePath('third_party/cutlass/gemm.cu'));
    assert.ok(!isCandidatePath('pkg.egg-info/PKG-INFO.txt'));
    assert.ok(!isCandidatePath('web/app.min.js'));
    assert.ok(!isCandidatePath('package-lock.json'));
    assert.ok(!isCandidatePath('proto/model_pb2.py'));
    assert.ok(!isCandidatePath('images/vit.gif'));
    assert.ok(!isCandidatePath('weights/model.pt'));
  });

  it('reads as many files as the setting asks, within 100 and 100,000, bytes in step', () => {
    assert.deepEqual(readBudgetFor(undefined), defaultReadBudget);
    assert.deepEqual(readBudgetFor('5000'), defaultReadBudget, 'a string from a hand-edited settings file is not a number');
    assert.deepEqual(readBudgetFor(Number.NaN), defaultReadBudget);
    const small = readBudgetFor(2_000.7);
    assert.equal(small.maxFiles, 2_000);
    assert.equal(small.maxBytes, Math.round(defaultReadBudget.maxBytes / 10));
    assert.equal(small.maxFileBytes, defaultReadBudget.maxFileBytes);
    assert.equal(readBudgetFor(3).maxFiles, 100);
    assert.equal(readBudgetFor(Number.POSITIVE_INFINITY), defaultReadBudget);
    const huge = readBudgetFor(1e9);
    assert.equal(huge.maxFiles, MAX_READ_FILES, 'a workspace cannot make the host read without bound');
    assert.equal(huge.maxBytes, defaultReadBudget.maxBytes * 5);
  });

  it('honours .gitignore: globs, anchors, folders, negation, nested files', () => {
    const rules = new IgnoreRules();
    rules.add('.gitignore', '# comment\n*.log\n/build_out\ndata/\n!keep.log\nckpt/**/*.py\n');
    rules.add('sub/.gitignore', 'local.py\n/anchored.py\n');
    assert.ok(rules.ignores('run.log'));
    assert.ok(rules.ignores('deep/run.log'));
    assert.ok(!rules.ignores('keep.log'));
    assert.ok(rules.ignores('build_out/a.py'));
    assert.ok(!rules.ignores('src/build_out/a.py'), 'a leading slash anchors to the root');
    assert.ok(rules.ignores('data/x.py'));
    assert.ok(rules.ignores('src/data/x.py'));
    assert.ok(!rules.ignores('data.py'), 'a trailing slash matches folders only');
    assert.ok(rules.ignores('ckpt/a/b/c.py'));
    assert.ok(rules.ignores('sub/local.py'));
    assert.ok(rules.ignores('sub/deeper/local.py'));
    assert.ok(!rules.ignores('local.py'), 'a nested .gitignore applies below its folder only');
    assert.ok(rules.ignores('sub/anchored.py'));
    assert.ok(!rules.ignores('sub/deeper/anchored.py'));
  });

  it('reads docs and manifests first, then shallow files', () => {
    assert.deepEqual(readingOrder(['a/b/c.py', 'z.py', 'docs/x.md', 'README.md', 'requirements.txt']), [
      'README.md',
      'requirements.txt',
      'docs/x.md',
      'z.py',
      'a/b/c.py',
    ]);
  });

  it('collects within the budget, skipping ignored files and folders', () => {
    const tree: Record<string, string | Record<string, unknown>> = {
      '.gitignore': 'secret/\n*.tmp.py\n',
      'README.md': '# Demo',
      'a.py': 'x = 1',
      'gen.py': '# Code generated by protoc-gen-python. DO NOT EDIT.\nclass Foo: pass',
      'b.tmp.py': 'ignored',
      secret: { 'c.py': 'hidden' },
      node_modules: { 'd.js': 'vendored' },
      pkg: { 'e.py': 'y = 2', 'f.py': 'z = 3' },
    };
    const at = (path: string): unknown => (path ? path.split('/').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) : tree);
    const reader: FolderReader = {
      list: (path) => Object.entries(at(path) as Record<string, unknown>).map(([name, v]) => ({ name, folder: typeof v !== 'string' })),
      read: (path, max) => (at(path) as string).slice(0, max),
    };
    const all = collectFiles(reader, { maxFiles: 100, maxBytes: 1 << 20, maxFileBytes: 1 << 20 });
    assert.deepEqual(
      all.files.map((f) => f.path),
      ['README.md', 'a.py', 'pkg/e.py', 'pkg/f.py'],
    );
    assert.equal(all.ignored, 1);
    const two = collectFiles(reader, { maxFiles: 2, maxBytes: 1 << 20, maxFileBytes: 1 << 20 });
    assert.deepEqual(
      two.files.map((f) => f.path),
      ['README.md', 'a.py'],
    );
    assert.equal(two.overBudget, 3);
  });
});

describe('workspace relevance: dependency manifests', () => {
  it('reads requirements, pyproject, setup.py, package.json, environment.yml, Cargo.toml, go.mod', () => {
    assert.deepEqual(
      dependencyNames(
        'requirements.txt',
        'torch>=2.0\nflash-attn==2.5.0 # fast\n-e git+https://x/y.git#egg=xformers\n\n--extra-index-url u\neinops[extra]; python_version>"3.8"\n',
      ),
      ['torch', 'flash-attn', 'xformers', 'einops'],
    );
    assert.deepEqual(
      dependencyNames(
        'pyproject.toml',
        '[project]\nname = "x"\ndependencies = [\n  "timm>=0.9",\n  \'rotary-embedding-torch\',\n]\n[tool.poetry.dependencies]\npython = "^3.10"\ndiffusers = "*"\n',
      ),
      ['timm', 'rotary-embedding-torch', 'diffusers'],
    );
    assert.deepEqual(dependencyNames('setup.py', "setup(name='a', install_requires=['einops>=0.7', 'torch'])"), ['einops', 'torch']);
    assert.deepEqual(dependencyNames('package.json', '{"dependencies":{"@tensorflow/tfjs":"4"},"devDependencies":{"onnxruntime-web":"1"}}'), [
      '@tensorflow/tfjs',
      'onnxruntime-web',
    ]);
    assert.deepEqual(dependencyNames('package.json', '{ not json'), []);
    assert.deepEqual(dependencyNames('environment.yml', 'dependencies:\n  - python=3.9\n  - pytorch\n  - pip:\n    - faiss-gpu\n'), [
      'python',
      'pytorch',
      'faiss-gpu',
    ]);
    assert.deepEqual(dependencyNames('Cargo.toml', '[package]\nname = "a"\n[dependencies]\ncandle-core = "0.4"\nserde = { version = "1" }\n'), [
      'candle-core',
      'serde',
    ]);
    assert.deepEqual(dependencyNames('go.mod', 'module x\nrequire (\n\tgithub.com/gonum/gonum v0.14.0\n)\n'), ['gonum']);
    assert.deepEqual(dependencyNames('model.py', 'install_requires=["a"]'), []);
  });
});

const papers: RankablePaper[] = [
  {
    id: 'flash',
    arxivId: '2205.14135',
    title: 'FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness',
    abstract:
      'Transformers are slow and memory-hungry on long sequences. We propose FlashAttention, an IO-aware exact attention algorithm that uses tiling to reduce memory reads between GPU memory levels.',
  },
  {
    id: 'rope',
    title: 'RoFormer: Enhanced Transformer with Rotary Position Embedding',
    abstract:
      'We propose a rotary position embedding (RoPE) that encodes absolute position with a rotation matrix and incorporates relative position dependency in self-attention.',
  },
  {
    id: 'kv',
    title: 'Efficient Memory Management for Large Language Model Serving',
    abstract:
      'High throughput serving of large language models requires batching; the key value cache (kv cache) memory for each request is huge. We propose paged attention for the kv cache.',
  },
  {
    id: 'gnn',
    title: 'Graph Neural Networks for Molecules',
    abstract: 'We study message passing graph networks on molecular graphs and predict chemical properties.',
  },
  { id: 'rl', title: 'Deep Reinforcement Learning for Robot Control', abstract: 'A policy gradient agent learns to control a robot arm from pixels.' },
  { id: 'crf', title: 'Conditional Random Fields for Sequence Labeling', abstract: 'Probabilistic models to segment and label sequence data.' },
];

describe('workspace relevance: ranking', () => {
  const corpus = RelevanceCorpus.build(papers);

  it('ranks the papers a workspace is about first, and says why', () => {
    const profile = buildProfile([
      {
        path: 'model/attention.py',
        text: 'from flash_attn import flash_attn_func\n\nclass RotaryEmbedding(nn.Module):\n    """Rotary position embedding."""\n\ndef update_kv_cache(kv_cache, k, v):\n    # append to the kv cache\n    return kv_cache\n',
      },
      { path: 'requirements.txt', text: 'torch\nflash-attn\n' },
    ]);
    const ranked = rankPapers(corpus, profile);
    assert.deepEqual(
      ranked
        .slice(0, 3)
        .map((r) => r.id)
        .sort(),
      ['flash', 'kv', 'rope'],
    );
    assert.ok(!ranked.some((r) => r.id === 'gnn' || r.id === 'rl'), 'papers sharing no word are left out');
    const kv = ranked.find((r) => r.id === 'kv')!;
    assert.ok(kv.reasons.matches.includes('kv_cache'), `kv reasons: ${kv.reasons.matches.join(', ')}`);
    const rope = ranked.find((r) => r.id === 'rope')!;
    assert.ok(
      rope.reasons.matches.some((m) => /rotary/i.test(m)),
      `rope reasons: ${rope.reasons.matches.join(', ')}`,
    );
  });

  it('puts a cited paper first, whatever its words', () => {
    const profile = buildProfile([
      { path: 'NOTES.md', text: 'Random fields, see arXiv:2205.14135 for the kernel. Sequence labeling with conditional random fields.' },
    ]);
    const ranked = rankPapers(corpus, profile);
    assert.equal(ranked[0]!.id, 'flash');
    assert.deepEqual(ranked[0]!.reasons.cites, ['2205.14135']);
    assert.match(formatReasons(ranked[0]!.reasons), /^cites 2205\.14135/);
  });

  it('counts a title named in the workspace, and the name before its colon', () => {
    const titled = rankPapers(
      corpus,
      buildProfile([{ path: 'README.md', text: 'An implementation of "Conditional random fields for sequence labeling" and of graph networks.' }]),
    );
    assert.equal(titled[0]!.id, 'crf');
    assert.equal(titled[0]!.reasons.title, true);
    const camel = rankPapers(corpus, buildProfile([{ path: 'notes.md', text: 'Read RoFormer: enhanced transformer with rotary position embedding.' }]));
    assert.equal(camel[0]!.id, 'rope');
    assert.equal(camel[0]!.reasons.title, true, 'a title with a name in mixed case is found whole');
    const named = rankPapers(corpus, buildProfile([{ path: 'README.md', text: 'We use RoFormer here, and a transformer.' }]));
    assert.equal(named[0]!.id, 'rope');
    assert.equal(named[0]!.reasons.name, 'RoFormer');
    assert.match(formatReasons(named[0]!.reasons), /names RoFormer/);
  });

  it('boosts papers whose library tags are words of the workspace', () => {
    const profile = buildProfile([{ path: 'a.py', text: 'def policy_gradient(robot): pass  # molecules of the robot' }]);
    const plain = rankPapers(corpus, profile).map((r) => r.id);
    assert.equal(plain[0], 'rl');
    const tagged = rankPapers(corpus, profile, { tags: new Map([['gnn', ['molecules', 'to-read']]]) });
    const gnn = tagged.find((r) => r.id === 'gnn')!;
    assert.deepEqual(gnn.reasons.tags, ['molecules']);
    assert.ok(gnn.score > (rankPapers(corpus, profile).find((r) => r.id === 'gnn')?.score ?? 0));
  });

  it('returns nothing for an empty workspace or feed', () => {
    assert.deepEqual(rankPapers(corpus, buildProfile([])), []);
    assert.deepEqual(rankPapers(RelevanceCorpus.build([]), buildProfile([{ path: 'a.py', text: 'attention' }])), []);
  });

  it('collects arXiv ids, dependencies and names into the profile', () => {
    const profile = buildProfile([
      { path: 'README.md', text: 'Trains DINO and LoRA models (https://arxiv.org/abs/2104.14294v2, arXiv:2106.09685).' },
      { path: 'pyproject.toml', text: 'dependencies = ["timm", "einops"]' },
      { path: 'CONSTANTS.py', text: 'MAX_LEN = 4' },
    ]);
    assert.deepEqual(profile.arxivIds.map(([id]) => id).sort(), ['2104.14294', '2106.09685']);
    assert.deepEqual(profile.dependencies, ['einops', 'timm']);
    assert.ok(profile.names.includes('DINO') && profile.names.includes('LoRA'));
    assert.ok(!profile.names.includes('MAX'));
  });
});

describe('workspace relevance: JSON lines of abstracts', () => {
  it('reads benchmark-shaped and snapshot-shaped lines, skipping bad ones', () => {
    const text = [
      '{"id": "a2020x", "title": "A  title", "authors": "Ann One, Bob Two", "abstract": "Words.", "year": "2020", "venue": "iclr", "arxiv": ""}',
      'not json',
      '{"id": "2106.09685", "title": "LoRA", "authors": "E. Hu and Y. Shen", "abstract": "Low rank.", "categories": "cs.CL cs.LG", "update_date": "2021-10-18"}',
      '{"id": "a2020x", "title": "Again", "abstract": ""}',
      '{"id": "n", "abstract": "no title"}',
    ].join('\n');
    assert.ok(looksLikeAbstractLines(text));
    const { papers, skipped } = parseAbstractLines(text);
    assert.deepEqual(
      papers.map((p) => p.id),
      ['a2020x', '2106.09685'],
    );
    assert.equal(papers[0]!.title, 'A title');
    assert.deepEqual(
      papers[0]!.authors.map((a) => a.name),
      ['Ann One', 'Bob Two'],
    );
    assert.equal(papers[0]!.venue, 'ICLR 2020');
    assert.equal(papers[1]!.arxivId, '2106.09685');
    assert.deepEqual(papers[1]!.categories, ['cs.CL', 'cs.LG']);
    assert.deepEqual(
      skipped.map((s) => s.index),
      [1, 3, 4],
    );
  });
});

describe('workspace relevance: VS Code exclude globs', () => {
  it('matches files.exclude-style globs on a path or its folders', () => {
    const excluded = globMatcher(['**/.git', '**/*.{png,jpg}', 'data/raw', 'logs/**']);
    assert.ok(excluded('.git/config'));
    assert.ok(excluded('a/b/.git/HEAD'));
    assert.ok(excluded('docs/figure.png'));
    assert.ok(excluded('data/raw/a.py'));
    assert.ok(excluded('logs/x/y.txt'));
    assert.ok(!excluded('src/data/raw/a.py'), 'a glob without **/ is relative to the folder');
    assert.ok(!excluded('src/main.py'));
    assert.ok(!globMatcher([])('a.py'));
  });
});

describe('workspace relevance: the worker', () => {
  it('keeps the feed between rankings and ranks each set of files', () => {
    const answers: FromRelevanceWorker[] = [];
    const handle = relevanceWorkerHandler((m) => answers.push(m));
    handle({ type: 'papers', feed: '1', first: true, papers: papers.slice(0, 3) });
    handle({ type: 'papers', feed: '1', first: false, papers: papers.slice(3) });
    handle({ type: 'rank', seq: 1, feed: '1', files: [{ path: 'a.py', text: 'def policy_gradient(robot): pass' }], tags: [], limit: 2 });
    handle({ type: 'rank', seq: 2, feed: '1', files: [{ path: 'README.md', text: 'See arXiv:2205.14135.' }], tags: [], limit: 2 });
    handle({ type: 'rank', seq: 3, feed: '2', files: [], tags: [], limit: 2 });
    assert.deepEqual(
      answers.map((a) => [a.seq, a.type === 'ranked' ? a.ranked[0]?.id : a.message]),
      [
        [1, 'rl'],
        [2, 'flash'],
        [3, 'the feed to rank was not sent'],
      ],
    );
  });
});

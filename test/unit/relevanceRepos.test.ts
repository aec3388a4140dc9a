/**
 * Workspace relevance on real code: each repository snapshot of /work/shared/fixtures/repos/ ranked against the
 * 100,000 abstracts of /work/shared/bench/. The papers a repository implements (MANIFEST.tsv) must rank in its top
 * 10. Reads and cuts 100k abstracts once (~10 s on the shared 2-core machine under load), hence a file of its own.
 */
import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseAbstractLines } from '../../src/core/relevance/abstractLines';
import { buildProfile } from '../../src/core/relevance/profile';
import { RelevanceCorpus, formatReasons, rankPapers, type RankedPaper } from '../../src/core/relevance/rank';
import { collectFiles, type FolderReader } from '../../src/core/relevance/walk';

const shared = process.env.MARGINALIA_SHARED ?? '/work/shared';
const reposRoot = join(shared, 'fixtures', 'repos');
const benchFile = join(shared, 'bench', 'abstracts-100k.jsonl.gz');

/** Reads a folder from disk, each file cut at `maxBytes`. */
export function diskReader(root: string): FolderReader {
  return {
    list: (path) => readdirSync(join(root, path), { withFileTypes: true }).map((e) => ({ name: e.name, folder: e.isDirectory() })),
    read: (path, maxBytes) => {
      const fd = openSync(join(root, path), 'r');
      try {
        const buffer = Buffer.alloc(Math.min(maxBytes, statSync(join(root, path)).size));
        const n = readSync(fd, buffer, 0, buffer.length, 0);
        return buffer.subarray(0, n).toString('utf8');
      } finally {
        closeSync(fd);
      }
    },
  };
}

function tsv(path: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split('\t'));
  return rows.map((row) => Object.fromEntries(header!.map((key, i) => [key, row[i] ?? ''])));
}

describe('workspace relevance on real repositories against 100k abstracts', function () {
  this.timeout(300_000);
  let corpus: RelevanceCorpus;
  let titles: Map<string, string>;
  const rankings = new Map<string, RankedPaper[]>();

  before(function () {
    if (!existsSync(benchFile) || !existsSync(reposRoot)) this.skip();
    const { papers } = parseAbstractLines(gunzipSync(readFileSync(benchFile)).toString('utf8'));
    assert.equal(papers.length, 100_000);
    titles = new Map(papers.map((p) => [p.id, p.title]));
    corpus = RelevanceCorpus.build(papers);
  });

  function ranking(folder: string): RankedPaper[] {
    let ranked = rankings.get(folder);
    if (!ranked) {
      const { files } = collectFiles(diskReader(join(reposRoot, folder)));
      ranked = rankPapers(corpus, buildProfile(files), { limit: 100 });
      rankings.set(folder, ranked);
    }
    return ranked;
  }

  const describeTop = (ranked: readonly RankedPaper[]) =>
    ranked
      .slice(0, 10)
      .map((r, i) => `${i + 1}. ${r.id} ${titles.get(r.id)} (${formatReasons(r.reasons)})`)
      .join('\n');

  const manifest = existsSync(join(reposRoot, 'MANIFEST.tsv')) ? tsv(join(reposRoot, 'MANIFEST.tsv')) : [];
  for (const row of manifest) {
    const wanted = row.implements_corpus_ids!.split(';').filter(Boolean);
    if (!wanted.length) continue;
    it(`${row.folder}: the papers it implements rank in its top 10`, () => {
      const top = ranking(row.folder!).slice(0, 10);
      for (const id of wanted)
        assert.ok(
          top.some((r) => r.id === id),
          `${id} is not in the top 10 of ${row.folder}:\n${describeTop(top)}`,
        );
      const first = top.find((r) => r.id === wanted[0])!;
      assert.ok(first.reasons.matches.length > 0, 'a ranked paper says which words matched');
    });
  }

  it('microsoft__LoRA (whose paper is not in the corpus): no LoRA follow-up is taken for it', () => {
    const top = ranking('microsoft__LoRA').slice(0, 10);
    for (const r of top) assert.ok(!(r.reasons.title && /lora|low-rank adaptation/i.test(titles.get(r.id)!)), `${r.id} claims the title:\n${describeTop(top)}`);
    // Its backbone (SECONDARY.tsv) is what the code is most about.
    assert.ok(
      top.some((r) => r.id === 'he2021iclr-deberta'),
      describeTop(top),
    );
  });

  it('cited and implemented variants rank high too (SECONDARY.tsv)', () => {
    const secondary = tsv(join(reposRoot, 'SECONDARY.tsv')).filter((r) => r.relation === 'implemented-variant');
    const found = secondary.filter((r) =>
      ranking(r.folder!)
        .slice(0, 50)
        .some((p) => p.id === r.corpus_id),
    );
    // Most of the variants a repository implements are among its first 50 (of 100,000).
    assert.ok(
      found.length >= secondary.length * 0.6,
      `${found.length} of ${secondary.length}: missing ${secondary
        .filter((r) => !found.includes(r))
        .map((r) => r.corpus_id)
        .join(', ')}`,
    );
  });
});

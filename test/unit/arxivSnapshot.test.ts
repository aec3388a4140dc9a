import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importSnapshot, paperToSnapshotLine } from '../../src/core/feeds/arxivSnapshot';
import type { Paper } from '../../src/core/paper';
import { parseFeed } from '../../src/core/feeds/parseFeed';

const file = readFileSync('test/fixtures/arxiv_snapshot/kaggle_snapshot_first100lines_2023.jsonl');

/** The bytes in pieces of `size`, cutting lines and UTF-8 sequences anywhere. */
async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('the arXiv metadata snapshot', () => {
  it('reads the first 100 lines of a real snapshot: ids, decoded authors, unwrapped titles, versions', () => {
    const result = parseFeed(file);
    assert.equal(result.format, 'arxiv-snapshot');
    assert.equal(result.papers.length, 100);
    assert.deepEqual(result.skipped, []);
    const first = result.papers[0]!;
    assert.equal(first.id, '0704.0001');
    assert.equal(first.title, 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies');
    assert.equal(first.authors[0]!.name, 'C. Balázs');
    assert.equal(first.published, '2007-04-02T19:18:42Z');
    assert.equal(first.doi, '10.1103/PhysRevD.76.013009');
    assert.match(first.abstract, /^A fully differential calculation/);
    assert.ok(result.papers.every((p) => !/\\'|\n {2}/.test(p.title)));
  });

  it('streams with a filter, whatever the chunk size, and reports progress', async () => {
    const whole = await importSnapshot(pieces(file, 1 << 20), {});
    assert.equal(whole.lines, 100);
    assert.equal(whole.papers.length, 100);
    const math = await importSnapshot(pieces(file, 7), { categories: ['math'] });
    const expected = parseFeed(file)
      .papers.filter((p) => p.categories.some((c) => c === 'math' || c.startsWith('math.')))
      .map((p) => p.id);
    assert.ok(expected.length > 10);
    assert.deepEqual(
      math.papers.map((p) => p.id),
      expected,
    );
    const exact = await importSnapshot(pieces(file, 4096), { categories: ['hep-ph'], from: '2007-04-02', until: '2007-04-02' });
    assert.ok(exact.papers.length > 0 && exact.papers.every((p) => p.categories.includes('hep-ph') && p.published!.startsWith('2007-04-02')));
    const query = await importSnapshot(pieces(file, 333), { query: 'Diphoton  PRODUCTION' });
    assert.deepEqual(
      query.papers.map((p) => p.id),
      ['0704.0001'],
    );
    const progress: number[] = [];
    const capped = await importSnapshot(pieces(file, 1000), {}, { maxPapers: 5, progressEvery: 25, onProgress: (p) => progress.push(p.lines) });
    assert.equal(capped.papers.length, 5);
    assert.equal(capped.matched, 100);
    assert.match(capped.notice ?? '', /100 papers matched; the first 5 were kept/);
    assert.deepEqual(progress, [25, 50, 75, 100, 100]);
  });

  it('skips broken lines and overlong ones, and stops when cancelled', async () => {
    const text = `not json\n{"id": "x"}\n${'{"id":"2101.00001","title":"' + 'a'.repeat(1_100_000) + '"}'}\n${file.toString('utf8').split('\n')[0]}\n`;
    const result = await importSnapshot(pieces(Buffer.from(text), 65536), {});
    assert.equal(result.papers.length, 1);
    assert.deepEqual(
      result.skipped.map((s) => s.reason),
      ['not a JSON line', 'not an arXiv id: x', 'a line longer than 1000000 characters'],
    );
    const controller = new AbortController();
    async function* aborting() {
      yield file.subarray(0, 1000);
      controller.abort();
      yield file.subarray(1000);
    }
    await assert.rejects(importSnapshot(aborting(), {}, { signal: controller.signal }), (e: unknown) => e instanceof Error && e.name === 'AbortError');
  });

  it('saves papers as snapshot lines that read back as the same papers (a snapshot extract, OAI records)', () => {
    const oai = JSON.parse(readFileSync('test/fixtures/arxiv_oai/nock_listrecords_arXiv_503_retry_then_200_2018.json', 'utf8')) as {
      status: number;
      response: string;
    }[];
    const harvested = parseFeed(oai.find((c) => c.status === 200)!.response).papers;
    const sampled = parseFeed(file).papers;
    assert.ok(harvested.length > 0);
    const fields = (p: Paper) => [
      p.id,
      p.version,
      p.title,
      p.authors.map((a) => a.name),
      p.abstract,
      p.categories,
      p.published,
      p.updated,
      p.doi,
      p.journalRef,
      p.comment,
    ];
    for (const papers of [sampled, harvested]) {
      const lines = papers.map(paperToSnapshotLine);
      assert.ok(lines.every((l) => l !== undefined && !l.includes('\n{')));
      const back = parseFeed(lines.join('\n'));
      assert.equal(back.format, 'arxiv-snapshot');
      assert.deepEqual(back.papers.map(fields), papers.map(fields));
    }
    assert.equal(paperToSnapshotLine({ ...sampled[0]!, arxivId: undefined, id: 'title:x' }), undefined);
  });
});

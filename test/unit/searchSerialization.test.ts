import assert from 'node:assert/strict';
import { IndexCancelledError } from '../../src/core/search/chunked';
import { IndexFormatError, INDEX_FORMAT_VERSION, type SerializedPaperIndex } from '../../src/core/search/format';
import { PaperIndex, type SearchOptions } from '../../src/core/search/paperIndex';
import { allPapers, arxivPapers, hfPapers, paper } from './searchFixtures';

const QUERIES: [string, SearchOptions][] = [
  ['gaussian splatting', {}],
  ['large language model agents', { limit: 100 }],
  ['testing deep learning', { limit: Infinity }],
  ['specul', { prefix: true }],
  ['gausian splat', { prefix: true, fuzzy: 0.2 }],
  ['language', { filter: { hasCode: true, from: '2025-01-01' } }],
  ['testing', { filter: { categories: ['cs.LG'] } }],
];

/** Everything a host sees from an index, for comparing two of them. */
function answers(index: PaperIndex): unknown {
  return {
    size: index.size,
    searches: QUERIES.map(([q, o]) => index.search(q, o)),
    related: ['2507.11061', '2202.12139', '2606.12243'].map((id) => index.moreLikeThis(id, 8)),
  };
}

function expectFormatError(fn: () => unknown, problem: IndexFormatError['problem'], message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof IndexFormatError && e.problem === problem && message.test(e.message) && /Rebuild/.test(e.message));
}

describe('PaperIndex: saving and loading', () => {
  const index = new PaperIndex();
  index.addAll(allPapers);
  const text = JSON.stringify(index);

  it('round-trips through JSON with identical results', () => {
    const loaded = PaperIndex.load(text);
    assert.deepEqual(answers(loaded), answers(index));
  });

  it('loads from the object as well as from the text, and saves the same text again', () => {
    const fromObject = PaperIndex.load(index.toJSON());
    assert.deepEqual(answers(fromObject), answers(index));
    assert.equal(JSON.stringify(PaperIndex.load(text)), text);
  });

  it('saves a loaded index again after some of it was searched', () => {
    const loaded = PaperIndex.load(text);
    answers(loaded);
    assert.equal(JSON.stringify(loaded), text);
  });

  it('saves in chunks of any size and loads them back the same', () => {
    const small = index.save({ linesPerChunk: 7, postingsChunkChars: 300 });
    assert.equal(small.ids.length, Math.ceil(allPapers.length / 7));
    assert.equal(small.signatures.length, small.ids.length);
    assert.ok(small.postings.length > 10, `${small.postings.length} postings chunks`);
    const loaded = PaperIndex.load(JSON.stringify(small));
    assert.deepEqual(answers(loaded), answers(index));
    // Records are copied as they are into the default chunks.
    assert.equal(JSON.stringify(loaded), text);
  });

  it('is much smaller than the papers', () => {
    const papersSize = JSON.stringify(allPapers).length;
    assert.ok(text.length < papersSize / 2, `${text.length} vs ${papersSize}`);
  });

  it('keeps working after load: add, remove, update, then save again', () => {
    const loaded = PaperIndex.load(text);
    const reference = new PaperIndex();
    reference.addAll(allPapers);
    for (const i of [loaded, reference]) {
      i.remove('2507.15629');
      i.remove('2202.12139');
      i.add(paper('new', 'Relightable Gaussian avatars', 'Gaussian splatting for avatars.'));
      i.update({ ...hfPapers[0], title: 'Hierarchical backbones for multimodal models' });
    }
    assert.deepEqual(answers(loaded), answers(reference));
    // Removed papers are compacted away; the reloaded copy answers the same.
    const again = PaperIndex.load(JSON.stringify(loaded));
    assert.equal(again.size, allPapers.length - 1);
    assert.deepEqual(answers(again), answers(reference));
  });

  it('compacts without changing any answer, also after removals and updates', async () => {
    const compacted = new PaperIndex();
    compacted.addAll(allPapers);
    compacted.remove('2202.12139');
    compacted.update({ ...hfPapers[1], title: 'Mamba traversal of rationale' });
    const reference = PaperIndex.load(JSON.stringify(compacted));
    compacted.compact();
    assert.deepEqual(answers(compacted), answers(reference));
    await compacted.compactAsync({ scheduler: () => Promise.resolve() });
    assert.deepEqual(answers(compacted), answers(reference));
    compacted.add(paper('after', 'Gaussian splatting after compaction', 'Still searchable.'));
    assert.equal(compacted.search('compaction').hits[0].id, 'after');
  });

  it('builds compacted: PaperIndex.build answers like addAll', async () => {
    const built = await PaperIndex.build(allPapers, { scheduler: () => Promise.resolve() });
    assert.deepEqual(answers(built), answers(index));
    assert.equal(JSON.stringify(built), text);
  });

  it('toJSONAsync gives the same as toJSON', async () => {
    const saved = await index.toJSONAsync({ scheduler: () => Promise.resolve() });
    assert.deepEqual(saved, index.toJSON());
  });

  it('loadAsync gives the same index as load, in slices', async () => {
    let yields = 0;
    const loaded = await PaperIndex.loadAsync(text, { sliceMs: 0, scheduler: () => (yields++, Promise.resolve()) });
    assert.ok(yields > 1);
    assert.deepEqual(answers(loaded), answers(index));
  });

  it('loadAsync can be cancelled', async () => {
    const controller = new AbortController();
    const loading = PaperIndex.loadAsync(text, { sliceMs: 0, signal: controller.signal, scheduler: () => (controller.abort(), Promise.resolve()) });
    await assert.rejects(loading, IndexCancelledError);
  });

  it('saves and loads an empty index', () => {
    const empty = PaperIndex.load(JSON.stringify(new PaperIndex()));
    assert.equal(empty.size, 0);
    assert.equal(empty.search('anything').total, 0);
    empty.add(arxivPapers[0]);
    assert.equal(empty.search(arxivPapers[0].title).hits[0].id, arxivPapers[0].id);
  });

  describe('rejects what it cannot use, with a reason to rebuild', () => {
    const saved = index.toJSON();
    const tamper = (change: Partial<Record<keyof SerializedPaperIndex, unknown>>): string => JSON.stringify({ ...saved, ...change });

    it('another format version', () => {
      expectFormatError(
        () => PaperIndex.load(tamper({ version: INDEX_FORMAT_VERSION + 1 })),
        'version',
        new RegExp(`version ${INDEX_FORMAT_VERSION + 1}.*reads version ${INDEX_FORMAT_VERSION}`),
      );
      expectFormatError(() => PaperIndex.load(tamper({ version: undefined })), 'version', /version undefined/);
    });

    it('other index options (fingerprint)', () => {
      expectFormatError(() => PaperIndex.load(tamper({ fingerprint: 'deadbeef' })), 'fingerprint', /fingerprint deadbeef/);
    });

    it('something that is not an index', () => {
      expectFormatError(() => PaperIndex.load('{"documentCount": 3}'), 'not-an-index', /Not a Marginalia search index/);
      expectFormatError(() => PaperIndex.load('not json'), 'not-an-index', /not valid JSON/);
      expectFormatError(() => PaperIndex.load('null'), 'not-an-index', /Not a Marginalia/);
    });

    it('a damaged index', () => {
      expectFormatError(() => PaperIndex.load(tamper({ postings: [saved.postings[0].slice(0, -10)] })), 'malformed', /damaged/);
      expectFormatError(() => PaperIndex.load(tamper({ postings: [] })), 'malformed', /damaged/);
      expectFormatError(() => PaperIndex.load(tamper({ ids: [`${saved.ids[0]}\nextra`] })), 'malformed', /damaged/);
      expectFormatError(() => PaperIndex.load(tamper({ linesPerChunk: 0 })), 'malformed', /damaged/);
      expectFormatError(() => PaperIndex.load(tamper({ docs: `${saved.docs}!` })), 'malformed', /damaged/);
      expectFormatError(() => PaperIndex.load(tamper({ terms: 42 })), 'malformed', /damaged/);
      expectFormatError(() => PaperIndex.load(tamper({ documentCount: 3 })), 'malformed', /damaged/);
    });
  });
});

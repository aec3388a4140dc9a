/**
 * The loaded papers' maps (ids kept in their saved chunks, a typed-array hash table, field lengths in a typed array)
 * answer exactly as the Maps MiniSearch would have, through random removals and additions.
 */
import { strict as assert } from 'node:assert';
import { LoadedDocs, LoadedDocumentIds, LoadedFieldLengths, LoadedShortIds } from '../../src/core/search/loadedDocs';
import { seededRandom as random } from '../support/seededRandom';

/** Ids as papers have them: arXiv ids, old-style ids, slugs, and some that differ only in their last character. */
function ids(rand: () => number, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    const r = rand();
    if (r < 0.4) out.add(`${2300 + Math.floor(rand() * 99)}.${String(Math.floor(rand() * 99999)).padStart(5, '0')}`);
    else if (r < 0.6) out.add(`hep-th/${String(Math.floor(rand() * 9999999)).padStart(7, '0')}`);
    else if (r < 0.9) out.add(`title:paper-${Math.floor(rand() * 1e6).toString(36)}-é`);
    else out.add(`x${out.size}`);
  }
  return [...out];
}

function load(all: readonly string[], perChunk: number, lengths: (i: number) => number[]): LoadedDocs {
  const chunks: string[] = [];
  for (let i = 0; i < all.length; i += perChunk) chunks.push(all.slice(i, i + perChunk).join('\n'));
  const loaded = new LoadedDocs(chunks, all.length);
  for (let i = 0; i < all.length; i++) {
    const chunk = Math.floor(i / perChunk);
    let start = 0;
    for (let j = chunk * perChunk; j < i; j++) start += all[j]!.length + 1;
    loaded.add(i, chunk, start, start + all[i]!.length, lengths(i));
  }
  return loaded;
}

describe('LoadedDocs', () => {
  for (const seed of [1, 2, 3]) {
    it(`answers like MiniSearch's Maps through random removals and additions (seed ${seed})`, () => {
      const rand = random(seed);
      const all = ids(rand, 500);
      const lengths = (i: number) => [i % 7, i % 3 === 0 ? -1 : i % 11, 5, i % 5 === 0 ? -1 : 2];
      const asMiniSearch = (i: number) => {
        const out: number[] = new Array<number>(4);
        lengths(i).forEach((v, f) => {
          if (v >= 0) out[f] = v;
        });
        return out;
      };
      const loaded = load(all, 64, lengths);
      const documentIds = new LoadedDocumentIds(loaded);
      const shortIds = new LoadedShortIds(loaded);
      const fieldLengths = new LoadedFieldLengths(loaded);
      const refIds = new Map(all.map((id, i) => [i, id]));
      const refShort = new Map(all.map((id, i) => [id, i]));
      const refLengths = new Map(all.map((_, i) => [i, asMiniSearch(i)]));
      let next = all.length;
      const check = () => {
        assert.equal(documentIds.size, refIds.size);
        assert.equal(shortIds.size, refShort.size);
        assert.equal(fieldLengths.size, refLengths.size);
        assert.deepEqual([...documentIds].sort(), [...refIds].sort());
        assert.deepEqual([...shortIds].sort(), [...refShort].sort());
        for (const id of [...all, 'absent', '', '2301.00001 ']) {
          assert.equal(shortIds.get(id), refShort.get(id), id);
          assert.equal(shortIds.has(id), refShort.has(id), id);
        }
        for (let i = -1; i <= next; i++) {
          assert.equal(documentIds.get(i), refIds.get(i), `id of ${i}`);
          assert.equal(documentIds.has(i), refIds.has(i));
          const ours = fieldLengths.get(i);
          const theirs = refLengths.get(i);
          assert.equal(ours === undefined, theirs === undefined, `lengths of ${i}`);
          // Holes stay holes: MiniSearch's discard walks them with forEach.
          if (ours && theirs) assert.deepEqual(Object.entries(ours), Object.entries(theirs), `lengths of ${i}`);
        }
      };
      check();
      for (let round = 0; round < 4; round++) {
        for (const id of all) {
          const r = rand();
          const shortId = refShort.get(id);
          if (r < 0.2 && shortId !== undefined) {
            // MiniSearch's discard.
            assert.equal(shortIds.delete(id), true);
            assert.equal(documentIds.delete(shortId), true);
            assert.equal(fieldLengths.delete(shortId), true);
            refShort.delete(id);
            refIds.delete(shortId);
            refLengths.delete(shortId);
          } else if (r > 0.85 && shortId === undefined) {
            // MiniSearch's add of a paper that was removed: a new short id.
            const added = next++;
            shortIds.set(id, added);
            documentIds.set(added, id);
            const fresh: number[] = [];
            fieldLengths.set(added, fresh);
            fresh[1] = 9;
            refShort.set(id, added);
            refIds.set(added, id);
            const expected: number[] = [];
            expected[1] = 9;
            refLengths.set(added, expected);
          }
        }
        check();
      }
    });
  }

  it('refuses an id saved twice, and papers out of order', () => {
    const twice = new LoadedDocs(['a\nb\na'], 3);
    twice.add(0, 0, 0, 1, [1, 1, 1, 1]);
    twice.add(1, 0, 2, 3, [1, 1, 1, 1]);
    assert.throws(() => twice.add(2, 0, 4, 5, [1, 1, 1, 1]), /saved twice/);
    const order = new LoadedDocs(['a\nb'], 2);
    assert.throws(() => order.add(1, 0, 2, 3, [1, 1, 1, 1]), /out of order/);
  });
});

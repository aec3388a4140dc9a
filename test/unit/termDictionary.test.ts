/**
 * The term dictionary (loaded terms kept in their saved, sorted form, with MiniSearch's radix tree for the rest)
 * answers every lookup exactly as MiniSearch's own radix tree holding the same terms: checked on random vocabularies
 * through random deletions and additions.
 */
import { strict as assert } from 'node:assert';
import SearchableMap from 'minisearch/SearchableMap';
import { topCompletions } from '../../src/core/search/completions';
import { postingsCount, type TermData } from '../../src/core/search/lazyTermData';
import { SavedTerms, TermDictionary } from '../../src/core/search/termDictionary';
import { VarintReader, VarintWriter } from '../../src/core/search/varint';
import { seededRandom as random } from '../support/seededRandom';

const ALPHABET = ['a', 'b', 'c', 'd', 'é', 'ü', '\u{1d4d0}'];

function vocabulary(rand: () => number, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const length = 1 + Math.floor(rand() * 7);
    let word = '';
    for (let i = 0; i < length; i++) word += ALPHABET[Math.floor(rand() * (rand() < 0.9 ? 4 : ALPHABET.length))];
    words.add(word);
  }
  return [...words];
}

const sortStrings = (words: string[]) => words.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Postings records in the saved form: term `i` of `terms` is in `popularity(i)` papers of field 0. */
function savedTerms(terms: readonly string[], popularity: (term: string) => number, chunkChars = 64): SavedTerms {
  const postings = new VarintWriter();
  const spans = new VarintWriter();
  for (const term of terms) {
    const before = postings.size;
    const n = popularity(term);
    postings.write(1);
    postings.write(n);
    for (let p = 0; p < n; p++) postings.write(0);
    spans.write(postings.size - before);
    if (postings.chunkSize >= chunkChars) postings.endChunk();
  }
  const chunks: string[] = [];
  for (let i = 0; i < terms.length; i += 5) chunks.push(terms.slice(i, i + 5).join(' '));
  const sources = postings.toChunks().map((text) => ({ text, documentCount: 1000 }));
  const read = SavedTerms.read(chunks, terms.length, new VarintReader(spans.toString()), sources, 3);
  for (;;) {
    const step = read.next();
    if (step.done) return step.value;
  }
}

/** A term's data that only tells its popularity (field 0), as a decoded record would. */
function dataOf(n: number): TermData {
  return new Map([[0, new Map(Array.from({ length: n }, (_, i) => [i, 1]))]]);
}

describe('TermDictionary', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`answers like MiniSearch's radix tree through random changes (seed ${seed})`, () => {
      const rand = random(seed);
      const words = vocabulary(rand, 300);
      const popularity = (term: string) => 1 + ((term.length * 7 + term.charCodeAt(0)) % 9);
      const loaded = sortStrings(words.filter(() => rand() < 0.7));
      const dictionary = new TermDictionary();
      const reference = new SearchableMap<TermData>();
      dictionary.restore(savedTerms(loaded, popularity));
      for (const term of loaded) reference.set(term, dataOf(popularity(term)));

      const check = () => {
        assert.equal(dictionary.size, reference.size, 'size');
        const extra = vocabulary(rand, 40);
        for (const term of [...words, ...extra]) assert.equal(dictionary.has(term), reference.has(term), `has ${term}`);
        assert.deepEqual(
          [...dictionary].map(([t]) => t),
          sortStrings([...reference.keys()]),
          'every term, sorted',
        );
        for (const query of [...extra.slice(0, 15), ...words.slice(0, 15)]) {
          for (const distance of [1, 2]) {
            const ours = [...dictionary.fuzzyGet(query, distance)].map(([t, [, d]]) => `${t}:${d}`).sort();
            const theirs = [...reference.fuzzyGet(query, distance)].map(([t, [, d]]) => `${t}:${d}`).sort();
            assert.deepEqual(ours, theirs, `fuzzy ${query} ~${distance}`);
          }
          const prefix = query.slice(0, 1 + Math.floor(rand() * 2));
          assert.deepEqual([...dictionary.atPrefix(prefix)].map(([t]) => t).sort(), [...reference.atPrefix(prefix).keys()].sort(), `prefix ${prefix}`);
          const count = (data: TermData) => postingsCount(data, [0]);
          const expected = [...reference.atPrefix(prefix)]
            .filter(([t]) => t !== prefix)
            .map(([term, data]) => ({ term, count: count(data) }))
            .sort((a, b) => b.count - a.count || (a.term < b.term ? -1 : 1))
            .slice(0, 5);
          assert.deepEqual(
            topCompletions(dictionary, prefix, 5, [0]).map(({ term, count: n }) => ({ term, count: n })),
            expected,
            `completions of ${prefix}`,
          );
        }
      };
      check();
      for (let round = 0; round < 4; round++) {
        // Delete some terms of either part, add some new ones and some deleted ones back.
        for (const term of words) {
          const r = rand();
          if (r < 0.15 && reference.has(term)) {
            dictionary.delete(term);
            reference.delete(term);
          } else if (r > 0.9) {
            const n = 1 + Math.floor(rand() * 12);
            const made = dictionary.fetch(term, () => dataOf(n));
            const theirs = reference.fetch(term, () => dataOf(n));
            assert.equal(postingsCount(made, [0]), postingsCount(theirs, [0]), `data of ${term}`);
          }
        }
        check();
      }
    });
  }

  it('gives a loaded term the same data object every time, so changes to it stay', () => {
    const dictionary = new TermDictionary();
    dictionary.restore(savedTerms(['attention', 'mamba', 'state'], () => 2));
    const data = dictionary.get('mamba')!;
    data.get(0)!.set(99, 3);
    assert.equal(dictionary.get('mamba'), data);
    assert.equal(
      dictionary.fetch('mamba', () => new Map()),
      data,
    );
    assert.equal(dictionary.get('mamba')!.get(0)!.get(99), 3);
    assert.equal(postingsCount(dictionary.get('mamba')!, [0]), 3);
  });

  it('refuses saved terms that are out of order, or do not line up with their postings', () => {
    const spans = new VarintWriter();
    const postings = new VarintWriter();
    for (let i = 0; i < 2; i++) {
      const before = postings.size;
      postings.write(1);
      postings.write(0);
      spans.write(postings.size - before);
    }
    const read = (terms: string[], count: number) => {
      const steps = SavedTerms.read(terms, count, new VarintReader(spans.toString()), [{ text: postings.toString(), documentCount: 10 }], 100);
      while (!steps.next().done);
    };
    assert.throws(() => read(['b a'], 2), /not in order/);
    assert.throws(() => read(['a a'], 2), /not in order/);
    assert.throws(() => read(['a'], 2), /fewer terms/);
    assert.throws(() => read(['a b c'], 2), /more terms/);
    read(['a b'], 2);
  });
});

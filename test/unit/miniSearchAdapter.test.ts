/**
 * Parity of the MiniSearch adapter with MiniSearch itself: every internal member the adapter reads or replaces is
 * checked against a public surface (the serialised form of `toJSON`, MiniSearch's own `search`), and the installed
 * version must be the one the adapter was checked against. An upgrade of MiniSearch fails here first.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { toIndexable, type IndexablePaper, SEARCH_FIELDS } from '../../src/core/search/indexablePaper';
import type { TermData } from '../../src/core/search/lazyTermData';
import { LEAF, MiniSearchAdapter, radixRoot, radixSize, sortedRadixEntries, VERIFIED_MINISEARCH_VERSION } from '../../src/core/search/miniSearchAdapter';
import { allPapers, arxivPapers } from './searchFixtures';

const OPTIONS = { fields: [...SEARCH_FIELDS], idField: 'id', storeFields: [] };

/** A MiniSearch with the adapter in place (over a plain SearchableMap) and the given papers added. */
function engineWith(papers: readonly IndexablePaper[]): {
  engine: MiniSearch<IndexablePaper>;
  adapter: MiniSearchAdapter<IndexablePaper>;
  terms: SearchableMap<TermData>;
} {
  const engine = new MiniSearch<IndexablePaper>(OPTIONS);
  const terms = new SearchableMap<TermData>();
  const adapter = new MiniSearchAdapter(engine, terms);
  engine.addAll(papers);
  return { engine, adapter, terms };
}

describe('MiniSearch adapter: parity with MiniSearch', () => {
  const papers = allPapers.map(toIndexable);

  it('the installed MiniSearch is the version the adapter was checked against, pinned exactly', () => {
    const require = createRequire(__filename);
    // The package's exports hide package.json: find it beside the resolved CommonJS entry (dist/cjs/index.cjs).
    const manifest = join(dirname(require.resolve('minisearch')), '..', '..', 'package.json');
    assert.equal(JSON.parse(readFileSync(manifest, 'utf8')).version, VERIFIED_MINISEARCH_VERSION);
    const ours = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(ours.dependencies.minisearch, VERIFIED_MINISEARCH_VERSION);
  });

  it('indexes into the map it is given', () => {
    const { engine, terms } = engineWith(papers);
    assert.ok(terms.size > 1000);
    assert.equal(terms.size, engine.termCount);
    // The serialised form lists the same terms with the same postings (field id → short id → term frequency).
    for (const [term, byField] of engine.toJSON().index) {
      const data = terms.get(term);
      assert.ok(data, term);
      for (const [field, postings] of Object.entries(byField)) {
        assert.deepEqual(
          Object.fromEntries(data.get(Number(field)) ?? []),
          Object.fromEntries(Object.entries(postings).map(([id, tf]) => [Number(id), tf])),
          term,
        );
      }
    }
  });

  it('reads ids, short ids, field lengths, averages and the next short id as the serialised form has them', () => {
    const { engine, adapter } = engineWith(papers);
    engine.discard(papers[3].id);
    const json = engine.toJSON();
    assert.equal(adapter.nextShortId, json.nextId);
    assert.deepEqual(adapter.averageFieldLength, json.averageFieldLength);
    assert.equal(Object.keys(json.documentIds).length, papers.length - 1);
    for (const [shortId, id] of Object.entries(json.documentIds)) {
      assert.equal(adapter.idOf(Number(shortId)), id);
      assert.equal(adapter.shortIdOf(id as string), Number(shortId));
      assert.deepEqual(adapter.fieldLengthsOf(Number(shortId)), json.fieldLength[Number(shortId)]);
    }
    assert.equal(adapter.shortIdOf(papers[3].id), undefined);
  });

  it('a restored engine is the same index to MiniSearch: same serialised form, same search results', () => {
    const { engine: original, adapter: from, terms } = engineWith(arxivPapers.map(toIndexable));
    const restoredTerms = new SearchableMap<TermData>();
    const restored = new MiniSearch<IndexablePaper>(OPTIONS);
    const to = new MiniSearchAdapter(restored, restoredTerms);
    const documentIds = new Map<number, string>();
    const idToShortId = new Map<string, number>();
    const fieldLength = new Map<number, number[]>();
    for (let shortId = 0; shortId < from.nextShortId; shortId++) {
      const id = from.idOf(shortId)!;
      documentIds.set(shortId, id);
      idToShortId.set(id, shortId);
      fieldLength.set(shortId, [...from.fieldLengthsOf(shortId)!] as number[]);
    }
    for (const [term, data] of terms) restoredTerms.set(term, data);
    to.restoreDocuments({ documentIds, idToShortId, fieldLength, nextId: from.nextShortId });
    to.finishRestore(original.documentCount, from.averageFieldLength);

    // The same terms, whatever order the two radix trees list them in.
    const serialised = (engine: MiniSearch<IndexablePaper>) => {
      const json = engine.toJSON();
      return { ...json, index: json.index.sort(([a], [b]) => (a < b ? -1 : 1)) };
    };
    assert.deepEqual(serialised(restored), serialised(original));
    // Terms come in the order of each tree, so scores are summed in another order: compare to 12 digits, by id.
    const results = (engine: MiniSearch<IndexablePaper>, q: string) =>
      engine
        .search(q, { prefix: true, fuzzy: 0.2 })
        .map((r) => ({ id: r.id as string, score: r.score.toPrecision(12), terms: [...r.terms].sort() }))
        .sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const q of ['test generation', 'fuzzing deep learning', 'mutation']) {
      const expected = results(original, q);
      assert.ok(expected.length > 0, q);
      assert.deepEqual(results(restored, q), expected, q);
    }
    // MiniSearch keeps working on what was restored: a discard counts as dirt and drops the paper from its results.
    const gone = arxivPapers[0].id;
    restored.discard(gone);
    assert.equal(restored.documentCount, original.documentCount - 1);
    assert.equal(restored.dirtCount, 1);
    assert.ok(!restored.search(arxivPapers[0].title).some((r) => r.id === gone));
  });

  it('walks the radix tree as SearchableMap iterates it', () => {
    const map = new SearchableMap<number>();
    const words = ['', 'a', 'ab', 'abc', 'b', 'ba', 'bab', 'é', 'zz', 'z\u{1d4d0}', 'test', 'testing', 'tester', 'tea'];
    words.forEach((w, i) => map.set(w, i + 1));
    map.delete('ab');
    const expected = [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    assert.deepEqual([...sortedRadixEntries(map)], expected);
    assert.equal(radixSize(map), map.size);
    // A node keeps its own term's value under the empty label.
    assert.equal(radixRoot(map).get(LEAF), 1);
  });
});

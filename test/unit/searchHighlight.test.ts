import assert from 'node:assert/strict';
import { highlightQuery, highlightRanges } from '../../src/core/search/highlight';
import { PaperIndex } from '../../src/core/search/paperIndex';
import { byId, hfPapers } from './searchFixtures';

const marked = (text: string, ranges: readonly (readonly [number, number])[]): string[] => ranges.map(([s, e]) => text.slice(s, e));

describe('highlight ranges', () => {
  it('marks whole words equal to matched terms, case-insensitively', () => {
    const title = 'Gaussian Splatting with Discretized SDF for Relightable Assets';
    const ranges = highlightRanges(title, ['gaussian', 'sdf']);
    assert.deepEqual(ranges, [
      [0, 8],
      [36, 39],
    ]);
    assert.deepEqual(marked(title, ranges), ['Gaussian', 'SDF']);
  });

  it('splits on punctuation as the index does', () => {
    const text = 'In-context learning (ICL), i.e. "learning"!';
    assert.deepEqual(marked(text, highlightRanges(text, ['context', 'learning', 'icl'])), ['context', 'learning', 'ICL', 'learning']);
  });

  it('does not mark a word that only contains a term', () => {
    assert.deepEqual(highlightRanges('Transformers transform', ['transform']), [[13, 22]]);
  });

  it('marks the typed part of a word for prefixes', () => {
    const text = 'Speculative decoding speeds up decoders';
    assert.deepEqual(marked(text, highlightRanges(text, [], ['decod'])), ['decod', 'decod']);
    assert.deepEqual(marked(text, highlightRanges(text, ['speculative'], ['spec'])), ['Speculative']);
  });

  it('keeps offsets right around non-ASCII text', () => {
    const text = 'Schölkopf — Über Kernel Methoden für Daten';
    const ranges = highlightRanges(text, ['kernel', 'schölkopf', 'für']);
    assert.deepEqual(marked(text, ranges), ['Schölkopf', 'Kernel', 'für']);
  });

  it('returns nothing for no terms or empty text', () => {
    assert.deepEqual(highlightRanges('some text', []), []);
    assert.deepEqual(highlightRanges('', ['text']), []);
  });

  it('highlights from a raw query, the last term as a prefix when typing', () => {
    const text = 'Transformer attention for graphs';
    assert.deepEqual(marked(text, highlightQuery(text, 'graph transformer att', { prefix: true })), ['Transformer', 'att']);
    assert.deepEqual(marked(text, highlightQuery(text, 'graph transformer att')), ['Transformer']);
  });

  it('highlights exactly what a search matched, completions included', () => {
    const index = new PaperIndex();
    index.addAll(hfPapers);
    const r = index.search('gaussian splat', { prefix: true });
    const hit = r.hits.find((h) => h.id === '2507.15629')!;
    const title = byId(hit.id).title;
    assert.deepEqual(marked(title, highlightRanges(title, hit.terms)), ['Gaussian', 'Splatting']);
    assert.deepEqual(marked(title, highlightRanges(title, r.terms)), ['Gaussian', 'Splatting']);
  });
});

import assert from 'node:assert/strict';
import { indexTextSearch, runListQuery } from '../../src/core/paperList';
import { likelyNextTexts, lookaheadKey } from '../../src/core/search/lookahead';
import { PaperIndex } from '../../src/core/search/paperIndex';
import { allPapers, paper } from './searchFixtures';

describe('lookahead: the texts typed next', () => {
  it('gives texts with the same answer the same key, and others different keys', () => {
    assert.equal(lookaheadKey('Mamba '), lookaheadKey('mamba'));
    assert.equal(lookaheadKey('  graph NEURAL'), lookaheadKey('graph neural'));
    assert.notEqual(lookaheadKey('mamb'), lookaheadKey('mamba'));
    assert.notEqual(lookaheadKey('graph neural'), lookaheadKey('graph  neural'));
    // "İ" lower-cases to two characters: the length keeps it apart from a text that is those two characters.
    assert.notEqual(lookaheadKey('İ'), lookaheadKey('i̇'));
    // Each term is lower-cased on its own: "ΑΣ" is the term "ας", not "ασ".
    assert.notEqual(lookaheadKey('ΑΣ.Α'), lookaheadKey('ασ.α'));
    assert.equal(lookaheadKey('ΑΣ.Α'), lookaheadKey('ας.α'));
  });

  it('continues the term being typed, or starts a new one after a separator', () => {
    const asked: string[] = [];
    const next = (prefix: string) => {
      asked.push(prefix);
      return prefix === 'mo' ? ['d', 'r', 't'] : ['a', 'b'];
    };
    assert.deepEqual(likelyNextTexts('diffusion Mo', next), ['diffusion Mod', 'diffusion Mor', 'diffusion Mot']);
    assert.deepEqual(likelyNextTexts('diffusion ', next), ['diffusion a', 'diffusion b']);
    assert.deepEqual(likelyNextTexts('graph,', next), ['graph,a', 'graph,b']);
    assert.deepEqual(likelyNextTexts('', next), ['a', 'b']);
    assert.deepEqual(asked, ['mo', '', '', '']);
  });

  it('leaves out what would not change the answer and repeats nothing', () => {
    assert.deepEqual(
      likelyNextTexts('mamba', () => [' ', 's', 'S', 's']),
      ['mambas'],
    );
  });

  describe('on real papers', () => {
    const index = new PaperIndex();
    index.addAll(allPapers);
    const byId = new Map(allPapers.map((p) => [p.id, p]));
    const search = indexTextSearch(index);
    const answer = (text: string) => runListQuery(allPapers, byId, { text, filters: {}, sort: 'relevance' }, search, undefined, 100);

    it('finds the next letters in the index, most frequent first', () => {
      assert.equal(index.nextCharacters('mam', 5)[0], 'b');
      assert.equal(index.nextCharacters('speculativ', 5)[0], 'e');
      const first = index.nextCharacters('', 40);
      assert.ok(first.length >= 20, `first letters: ${first.join('')}`);
      assert.ok(first.includes('s') && first.includes('m'));
      assert.deepEqual(index.nextCharacters('', 3), first.slice(0, 3));
      assert.deepEqual(index.nextCharacters('qqqqq', 5), []);
    });

    it('gives only as many letters as it takes to cover the likelihood asked for', () => {
      assert.deepEqual(index.nextCharacters('speculativ', 16, 0.95), ['e']);
      const half = index.nextCharacters('', 40, 0.5);
      const most = index.nextCharacters('', 40, 0.95);
      assert.ok(half.length >= 1 && half.length < most.length && most.length < index.nextCharacters('', 40).length, `${half.length} < ${most.length}`);
      assert.deepEqual(most.slice(0, half.length), half);
    });

    it('has the text actually typed among its guesses for most keystrokes', () => {
      const typed = ['speculative decoding', 'gaussian splatting', 'state space model', 'reinforcement learning'];
      let keystrokes = 0;
      let guessed = 0;
      for (const query of typed) {
        for (let i = 0; i < query.length; i++) {
          const before = query.slice(0, i);
          const after = query.slice(0, i + 1);
          keystrokes++;
          const keys = new Set([before, ...likelyNextTexts(before, (p) => index.nextCharacters(p, 16, 0.95))].map(lookaheadKey));
          if (keys.has(lookaheadKey(after))) guessed++;
        }
      }
      assert.ok(guessed / keystrokes >= 0.9, `${guessed} of ${keystrokes} keystrokes guessed`);
    });

    it('gives the same answer for texts with the same key', () => {
      for (const text of ['mamba', 'Speculative Decoding', 'gaussian splat', 'state space model ', 'rl']) {
        const variant = `  ${text.toUpperCase()} `;
        assert.equal(lookaheadKey(variant), lookaheadKey(text));
        assert.deepEqual(answer(variant), answer(text), text);
      }
    });

    it('weighs the next letters of a prefix with very many terms by how many terms each starts', () => {
      const big = new PaperIndex();
      const words = (n: number, start: number) => Array.from({ length: n }, (_, i) => `${'abc'[(start + i) % 3]}w${start + i}`).join(' ');
      big.addAll(Array.from({ length: 60 }, (_, i) => paper(`p${i}`, 'Title', words(150, i * 150), { authors: 'Zed' })));
      big.compact();
      const started = performance.now();
      const first = big.nextCharacters('', 10);
      assert.ok(performance.now() - started < 200);
      // 9,000 terms, a third each under "a", "b" and "c", and the few of the title and the author.
      assert.deepEqual(first.slice(0, 3).slice().sort(), ['a', 'b', 'c']);
      assert.ok(first.includes('t') && first.includes('z'), first.join(''));
    });

    it('sees papers added after it was asked', () => {
      const small = new PaperIndex();
      const by = { authors: 'Bea Beta' };
      small.addAll([paper('a', 'Alpha alpha', 'Alpha beta.', by), paper('b', 'Beta', 'Beta.', by)]);
      assert.deepEqual(small.nextCharacters('', 5).slice().sort(), ['a', 'b']);
      small.add(paper('c', 'Gamma gamma gamma', 'Gamma gamma, gamma gauge.', by));
      assert.deepEqual(small.nextCharacters('', 5).slice().sort(), ['a', 'b', 'g']);
      small.remove('a');
      small.compact();
      assert.deepEqual(small.nextCharacters('', 5).slice().sort(), ['b', 'g']);
    });
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { locateQuote, quoteSelectorAt } from '../../src/core/anchors/textQuote';

/** Mamba's abstract, v1 and a made-up v2 with the kind of edits a new arXiv version brings. */
const V1 =
  'Foundation models, now powering most of the exciting applications in deep learning, are almost universally based on the Transformer architecture and its core attention module. ' +
  "Many subquadratic-time architectures such as linear attention, gated convolution and recurrent models, and structured state space models (SSMs) have been developed to address Transformers' computational inefficiency on long sequences, " +
  'but they have not performed as well as attention on important modalities such as language. ' +
  'We identify that a key weakness of such models is their inability to perform content-based reasoning, and make several improvements.';
const V2 =
  'Foundation models, now powering most of the exciting applications in deep learning, are almost universally based on the Transformer architecture and its core attention module. ' +
  "Many subquadratic-time architectures such as linear attention, gated convolution and recurrent models, and structured state space models (SSMs) have been\n  developed to address Transformers' computational inefficiency on long sequences, " +
  'but they have not performed as well as attention on important modalities such as language. ' +
  'We identify that one key weakness of these models is their inability to do content-based reasoning, and make several improvements.';

function slice(text: string, match: ReturnType<typeof locateQuote>): string {
  assert.equal(match.status, 'found');
  return match.status === 'found' ? text.slice(match.start, match.end) : '';
}

describe('text-quote anchors', () => {
  it('builds a selector with context on both sides', () => {
    const start = V1.indexOf('a key weakness');
    const selector = quoteSelectorAt(V1, start, start + 'a key weakness'.length, 10);
    assert.deepEqual(selector, { exact: 'a key weakness', prefix: 'that ', suffix: ' of such' });
    assert.deepEqual(quoteSelectorAt('abc', 0, 3), { exact: 'abc' });
  });

  it('never cuts a surrogate pair in the context', () => {
    const text = 'x😀abc😀y';
    const selector = quoteSelectorAt(text, 3, 6, 2);
    assert.equal(selector.exact, 'abc');
    assert.equal(selector.prefix, '😀');
    assert.equal(selector.suffix, '😀');
  });

  it('finds the exact passage', () => {
    const match = locateQuote(V1, { exact: 'core attention module' });
    assert.equal(slice(V1, match), 'core attention module');
    assert.equal(match.status === 'found' && match.how, 'exact');
  });

  it('picks the occurrence whose context matches best', () => {
    const text = 'the model is fast. Later, the model is slow. Finally the model is big.';
    const second = text.indexOf('the model', 10);
    const selector = quoteSelectorAt(text, second, second + 'the model'.length, 8);
    const match = locateQuote(text, selector);
    assert.equal(match.status === 'found' && match.start, second);
    const third = text.lastIndexOf('the model');
    assert.equal(
      locateQuote(text, quoteSelectorAt(text, third, third + 9, 8)).status === 'found' &&
        (locateQuote(text, quoteSelectorAt(text, third, third + 9, 8)) as { start: number }).start,
      third,
    );
  });

  it('finds a passage whose whitespace and case changed', () => {
    const exact = 'have been developed to address';
    const match = locateQuote(V2, { exact });
    assert.equal(match.status === 'found' && match.how, 'normalised');
    assert.equal(slice(V2, match).replace(/\s+/g, ' '), exact);
  });

  it('finds a passage that was lightly edited in a new version, approximately', () => {
    const start = V1.indexOf('a key weakness');
    const end = V1.indexOf(', and make');
    const selector = quoteSelectorAt(V1, start, end);
    const match = locateQuote(V2, selector);
    assert.equal(match.status, 'found');
    assert.equal(match.status === 'found' && match.how, 'approximate');
    assert.equal(slice(V2, match), 'one key weakness of these models is their inability to do content-based reasoning'.slice(0));
    assert.ok(match.status === 'found' && match.similarity >= 0.75 && match.similarity < 1);
  });

  it('orphans a passage that is gone', () => {
    assert.deepEqual(locateQuote(V2, { exact: 'we prove that P equals NP for all practical purposes' }), { status: 'orphaned' });
    assert.deepEqual(locateQuote(V2, { exact: '   ' }), { status: 'orphaned' });
    // Short quotes are only found exactly: 'Mamba' is not approximately 'Many'.
    assert.deepEqual(locateQuote(V2, { exact: 'Mamba' }), { status: 'orphaned' });
  });

  it('respects the similarity threshold', () => {
    const exact = 'inability to perform content-based reasoning';
    const edited = 'We identify that a key weakness is their lack of content-aware inference.';
    assert.equal(locateQuote(edited, { exact }).status, 'orphaned');
    assert.equal(locateQuote(edited, { exact }, { threshold: 0.3 }).status, 'found');
  });

  it('refuses approximate work beyond its budget', () => {
    const big = 'lorem ipsum '.repeat(2000);
    assert.equal(locateQuote(big, { exact: 'lorem ipsom dolor sit amet' }, { maxWork: 1000 }).status, 'orphaned');
  });

  it('always finds a selector taken from the same text, at the same place (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % text.length;
        const end = start + 1 + (b % (text.length - start));
        if (text.slice(start, end).trim() === '') return;
        const selector = quoteSelectorAt(text, start, end);
        const match = locateQuote(text, selector);
        assert.equal(match.status, 'found');
        if (match.status !== 'found') return;
        assert.equal(text.slice(match.start, match.end), selector.exact);
        // With context on both sides equal, the original place wins (or an identical one with identical context).
        const ctx = quoteSelectorAt(text, match.start, match.end);
        assert.deepEqual(ctx, selector);
      }),
      { numRuns: 500 },
    );
  });

  it('returns ranges inside the text for any input (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 10 }),
        fc.string({ maxLength: 10 }),
        (text, exact, prefix, suffix) => {
          const match = locateQuote(text, { exact, prefix, suffix });
          if (match.status === 'found') {
            assert.ok(match.start >= 0 && match.start < match.end && match.end <= text.length);
            assert.ok(match.similarity >= 0.75);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

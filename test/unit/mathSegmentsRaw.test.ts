import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitMath, splitMathRaw } from '../../src/core/text/mathSegments';

describe('splitMathRaw', () => {
  it('gives each segment its source offsets, escapes on their own', () => {
    assert.deepEqual(splitMathRaw('a 60\\% gain on $x^2$.'), [
      { kind: 'text', text: 'a 60', start: 0, end: 4 },
      { kind: 'text', text: '%', start: 4, end: 6 },
      { kind: 'text', text: ' gain on ', start: 6, end: 15 },
      { kind: 'math', tex: 'x^2', display: false, start: 15, end: 20 },
      { kind: 'text', text: '.', start: 20, end: 21 },
    ]);
  });

  it('covers the input without gaps and agrees with splitMath (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', ' ', '$', '\\', '%', '(', ')', '[', ']', 'x', '1', '$$'), { maxLength: 40 }).map((p) => p.join('')),
        (input) => {
          const raw = splitMathRaw(input);
          let at = 0;
          for (const s of raw) {
            assert.equal(s.start, at);
            assert.ok(s.end > s.start);
            if (s.kind === 'text' && s.end - s.start !== s.text.length) assert.equal(s.end - s.start, 2);
            at = s.end;
          }
          assert.equal(at, input.length);
          const shown = (segments: readonly { kind: string; text?: string; tex?: string }[]) =>
            segments.map((s) => (s.kind === 'text' ? s.text : `[${s.tex}]`)).join('');
          assert.equal(shown(raw), shown(splitMath(input)));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

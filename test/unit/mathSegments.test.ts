import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitMath } from '../../src/core/text/mathSegments';

describe('splitMath', () => {
  it('finds inline and display math', () => {
    assert.deepEqual(splitMath('a $x^2$ b $$\\sum_i x_i$$ c \\(y\\) d \\[z\\]'), [
      { kind: 'text', text: 'a ' },
      { kind: 'math', tex: 'x^2', display: false },
      { kind: 'text', text: ' b ' },
      { kind: 'math', tex: '\\sum_i x_i', display: true },
      { kind: 'text', text: ' c ' },
      { kind: 'math', tex: 'y', display: false },
      { kind: 'text', text: ' d ' },
      { kind: 'math', tex: 'z', display: true },
    ]);
  });

  it('leaves prices, escaped dollars and unclosed math as text', () => {
    assert.deepEqual(splitMath('costs $5 and $10 today'), [{ kind: 'text', text: 'costs $5 and $10 today' }]);
    assert.deepEqual(splitMath('a \\$ sign, 60\\% and R\\&D'), [{ kind: 'text', text: 'a $ sign, 60% and R&D' }]);
    assert.deepEqual(splitMath('open $x without close'), [{ kind: 'text', text: 'open $x without close' }]);
  });

  it("keeps a real abstract's math (60\\% speedup, $ω$Test)", () => {
    const segments = splitMath('achieves a 60\\% speedup on $\\omega$Test with $O(n \\log n)$ cost');
    assert.deepEqual(
      segments.filter((s) => s.kind === 'math').map((s) => (s.kind === 'math' ? s.tex : '')),
      ['\\omega', 'O(n \\log n)'],
    );
  });

  it('never loses or invents text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '$', '\\', '(', ')', '[', ']', '1', 'x') }), (s) => {
        const rebuilt = splitMath(s)
          .map((seg) => (seg.kind === 'text' ? seg.text : seg.tex))
          .join('');
        // Delimiters and escapes are dropped; every other character survives in order.
        const strip = (t: string) => t.replace(/[$\\()[\]]/g, '');
        assert.equal(strip(rebuilt), strip(s));
      }),
      { numRuns: 500 },
    );
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { refindCodeRange, splitLines } from '../../src/core/links/refindRange';

/** A realistic Python module: the snippet under test is `selective_scan`. */
const MODULE = `"""A toy selective state-space layer.

Based on Mamba: Linear-Time Sequence Modeling with Selective State Spaces, arXiv:2312.00752.
"""

import math


def discretize(delta, a, b):
    """Zero-order hold."""
    a_bar = math.exp(delta * a)
    b_bar = (a_bar - 1) / a * b
    return a_bar, b_bar


def selective_scan(xs, a=0.9):
    """Runs h_t = a * h_{t-1} + x_t over a sequence and returns every state."""
    state = 0.0
    states = []
    for x in xs:
        state = a * state + x
        states.append(state)
    return states


if __name__ == "__main__":
    print(selective_scan([1.0, 0.0, 0.0, 1.0]))
`;

const lines = splitLines(MODULE);
/** The 1-based lines of `selective_scan`, and its text. */
const START = lines.indexOf('def selective_scan(xs, a=0.9):') + 1;
const END = lines.indexOf('    return states') + 1;
const SNIPPET = lines.slice(START - 1, END).join('\n');
const RECORDED = { start: START, end: END };

function withLines(edit: (lines: string[]) => void, text = MODULE): string {
  const copy = splitLines(text);
  edit(copy);
  return copy.join('\n');
}

describe('refindCodeRange', () => {
  it('finds an untouched snippet at its recorded lines', () => {
    assert.deepEqual(refindCodeRange(SNIPPET, RECORDED, MODULE), { state: 'same', lines: RECORDED, similarity: 1 });
  });

  it('follows lines inserted above', () => {
    const text = withLines((l) => l.splice(6, 0, 'import numpy as np', 'import torch', ''));
    assert.deepEqual(refindCodeRange(SNIPPET, RECORDED, text), { state: 'same', lines: { start: START + 3, end: END + 3 }, similarity: 1 });
  });

  it('follows lines deleted above', () => {
    const text = withLines((l) => l.splice(0, 4));
    assert.deepEqual(refindCodeRange(SNIPPET, RECORDED, text).lines, { start: START - 4, end: END - 4 });
  });

  it('ignores edits below and trailing whitespace, and reads CRLF files', () => {
    const text = withLines((l) => {
      l[START] = `${l[START]}   `;
      l.push('', 'def more():', '    pass');
    }).replace(/\n/g, '\r\n');
    assert.deepEqual(refindCodeRange(SNIPPET, RECORDED, text), { state: 'same', lines: RECORDED, similarity: 1 });
  });

  it('follows the snippet when it moved to another place in the file', () => {
    const text = withLines((l) => {
      const moved = l.splice(START - 1, END - START + 1);
      l.splice(6, 0, ...moved, '');
    });
    const found = refindCodeRange(SNIPPET, RECORDED, text);
    assert.equal(found.state, 'same');
    assert.deepEqual(found.lines, { start: 7, end: 7 + (END - START) });
  });

  it('picks the copy nearest the recorded lines when the snippet is duplicated', () => {
    const copy = SNIPPET.split('\n');
    // One copy far above, one just below the original place (the original is gone).
    const text = withLines((l) => {
      l.splice(START - 1, END - START + 1, '# moved', '', ...copy);
      l.splice(1, 0, ...copy);
    });
    const found = refindCodeRange(SNIPPET, RECORDED, text);
    assert.equal(found.state, 'same');
    const shift = copy.length; // the copy inserted at line 2 pushes everything below down
    assert.deepEqual(found.lines, { start: START + shift + 2, end: END + shift + 2 });
    // And from a recorded position near the top, the top copy wins.
    assert.deepEqual(refindCodeRange(SNIPPET, { start: 1, end: copy.length }, text).lines, { start: 2, end: 1 + copy.length });
  });

  it('treats a reindented snippet as changed, at full similarity', () => {
    const indented = withLines((l) => {
      for (let i = START - 1; i < END; i++) l[i] = `    ${l[i]}`;
      l.splice(START - 1, 0, 'class Layer:');
    });
    const found = refindCodeRange(SNIPPET, RECORDED, indented);
    assert.equal(found.state, 'changed');
    assert.equal(found.similarity, 1);
    assert.deepEqual(found.lines, { start: START + 1, end: END + 1 });
  });

  it('finds a slightly edited snippet (a renamed variable, a changed default)', () => {
    const text = withLines((l) => {
      for (let i = START - 1; i < END; i++) l[i] = l[i]!.replace(/\bstates\b/g, 'history');
      l[START - 1] = 'def selective_scan(xs, a=0.5):';
      l.splice(3, 0, '# a comment above', '');
    });
    const found = refindCodeRange(SNIPPET, RECORDED, text);
    assert.equal(found.state, 'changed');
    assert.deepEqual(found.lines, { start: START + 2, end: END + 2 });
    assert.ok(found.similarity >= 0.6 && found.similarity < 1, `similarity ${found.similarity}`);
  });

  it('finds the snippet with a line inserted into it, and the range grows', () => {
    const text = withLines((l) => l.splice(START + 3, 0, '    assert len(xs) > 0, "empty sequence"'));
    const found = refindCodeRange(SNIPPET, RECORDED, text);
    assert.equal(found.state, 'changed');
    assert.deepEqual(found.lines, { start: START, end: END + 1 });
  });

  it('finds the snippet with one of its lines deleted, and the range shrinks', () => {
    const text = withLines((l) => l.splice(START, 1)); // the docstring goes
    const found = refindCodeRange(SNIPPET, RECORDED, text);
    assert.equal(found.state, 'changed');
    assert.deepEqual(found.lines, { start: START, end: END - 1 });
  });

  it('finds an edited one-line snippet', () => {
    const line = 'def discretize(delta, a, b):';
    const at = lines.indexOf(line) + 1;
    const text = withLines((l) => {
      l[at - 1] = 'def discretize(delta, a, b, method="zoh"):';
      l.splice(0, 0, '#!/usr/bin/env python3');
    });
    const found = refindCodeRange(line, { start: at, end: at }, text);
    assert.equal(found.state, 'changed');
    assert.deepEqual(found.lines, { start: at + 1, end: at + 1 });
  });

  it('reports a deleted snippet as lost, with no lines', () => {
    const text = withLines((l) => l.splice(START - 1, END - START + 2));
    const found = refindCodeRange(SNIPPET, RECORDED, text);
    assert.equal(found.state, 'lost');
    assert.equal(found.lines, undefined);
    assert.ok(found.similarity < 0.6);
  });

  it('reports a rewritten snippet as lost rather than matching unrelated code', () => {
    const text = withLines((l) =>
      l.splice(START - 1, END - START + 1, 'def selective_scan(xs, a=0.9):', '    return list(itertools.accumulate(xs, lambda h, x: a * h + x))'),
    );
    assert.equal(refindCodeRange(SNIPPET, RECORDED, text).state, 'lost');
  });

  it('reports lost in an empty file and when the file is unrelated', () => {
    assert.equal(refindCodeRange(SNIPPET, RECORDED, '').state, 'lost');
    assert.equal(refindCodeRange(SNIPPET, RECORDED, 'SELECT * FROM papers;\nDROP TABLE notes;\n').state, 'lost');
  });

  it('takes the nearest of several similar candidates', () => {
    // Two slightly different copies of an edited snippet: the one next to the recorded lines wins.
    const edited = SNIPPET.replace('a=0.9', 'a=0.8').split('\n');
    const text = withLines((l) => {
      l.splice(START - 1, END - START + 1, ...edited);
      l.push('', ...edited.map((x) => x.replace('selective_scan', 'selective_scan_copy')));
    });
    const found = refindCodeRange(SNIPPET, RECORDED, text);
    assert.equal(found.state, 'changed');
    assert.deepEqual(found.lines, RECORDED);
  });

  it('finds a snippet in a long file after many lines were inserted above it and it was edited', () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `value_${i} = compute(${i}) + offset`);
    const text = withLines((l) => {
      l.splice(6, 0, ...filler);
      const at = l.indexOf('        state = a * state + x');
      l[at] = '        state = a * state + b * x';
    });
    const found = refindCodeRange(SNIPPET, RECORDED, text);
    assert.equal(found.state, 'changed');
    assert.deepEqual(found.lines, { start: START + 3000, end: END + 3000 });
  });

  it('honours the threshold option', () => {
    const text = withLines((l) => {
      for (let i = START; i < END; i++) l[i] = l[i]!.replace(/state/g, 'hidden');
    });
    const relaxed = refindCodeRange(SNIPPET, RECORDED, text, { threshold: 0.3 });
    assert.equal(relaxed.state, 'changed');
    const strict = refindCodeRange(SNIPPET, RECORDED, text, { threshold: 0.99 });
    assert.equal(strict.state, 'lost');
  });

  it('always answers with lines inside the file, for any edit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(''), fc.constantFrom(...lines), fc.string({ maxLength: 30 })), { maxLength: 60 }),
        fc.integer({ min: 0, max: 40 }),
        (inserted, at) => {
          const text = withLines((l) => l.splice(Math.min(at, l.length), 0, ...inserted));
          const found = refindCodeRange(SNIPPET, RECORDED, text);
          const total = splitLines(text).length;
          if (found.state === 'lost') return found.lines === undefined;
          return found.lines !== undefined && found.lines.start >= 1 && found.lines.end <= total && found.lines.start <= found.lines.end;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is quick on a large file', () => {
    const big = Array.from({ length: 50_000 }, (_, i) => `    x_${i} = f(x_${i - 1}, ${i % 7})`).join('\n');
    const started = Date.now();
    refindCodeRange(SNIPPET, { start: 25_000, end: 25_008 }, big);
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  });
});

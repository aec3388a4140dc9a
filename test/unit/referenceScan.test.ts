import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findArxivReferences } from '../../src/core/arxivId';
import { mayHoldReference, referenceAt, referencesByLine, referencesInLine } from '../../src/core/links/referenceScan';

const PYTHON = `"""Selective state spaces.

Implements Mamba (Gu & Dao, arXiv:2312.00752v2) with the parallel scan of
https://arxiv.org/abs/2208.04933 and the S4 kernel (https://arxiv.org/pdf/2111.00396.pdf).
"""
import torch  # torch==2.3.1
VERSION = "1.2312.00752"          # not a paper: glued to a version string
CHECKPOINT = "s3://bucket/2312.00752/model.pt"  # not a paper: part of a path

# See also hep-th/9901001 and https://huggingface.co/papers/2405.21060 for Mamba-2.
def scan(x, dt=1234.56789):
    return x
`;

const TYPESCRIPT = `// Ported from the reference implementation (arxiv.org/abs/1706.03762v5).
export const scale = 2017.1234; // a number, not an id (there is no month 17)
/** @see https://export.arxiv.org/abs/cond-mat/0412498 */
export function attention(q: number[], k: number[]): number {
  const url = \`https://arxiv.org/abs/\${id}\`; // a template, no id
  return q.length + k.length;
}
`;

const MARKDOWN = `# Reading list

| Paper | Link |
| --- | --- |
| Mamba | [arXiv:2312.00752](https://arxiv.org/abs/2312.00752) |
| Attention | <https://arxiv.org/abs/1706.03762> |

Old style: math.GT/0309136, and a DOI: https://doi.org/10.48550/arXiv.2312.00752 (not scanned as a link form).
`;

describe('reference scanning in source files', () => {
  it('finds the references in a Python module, with lines and columns, and not the look-alikes', () => {
    const refs = referencesByLine(PYTHON);
    assert.deepEqual(
      refs.map((r) => [r.line, r.id, r.version, r.form]),
      [
        [2, '2312.00752', 2, 'prefixed'],
        [3, '2208.04933', undefined, 'url'],
        [3, '2111.00396', undefined, 'url'],
        [9, 'hep-th/9901001', undefined, 'bare'],
        [9, '2405.21060', undefined, 'url'],
      ],
    );
    const lines = PYTHON.split('\n');
    for (const r of refs) assert.equal(lines[r.line]!.slice(r.start, r.end), r.text);
    assert.equal(refs[2]!.text, 'https://arxiv.org/pdf/2111.00396.pdf');
  });

  it('finds the references in TypeScript', () => {
    assert.deepEqual(
      referencesByLine(TYPESCRIPT).map((r) => [r.line, r.id, r.version]),
      [
        [0, '1706.03762', 5],
        [2, 'cond-mat/0412498', undefined],
      ],
    );
  });

  it('finds the references in Markdown tables and autolinks', () => {
    assert.deepEqual(
      referencesByLine(MARKDOWN).map((r) => [r.line, r.id, r.text]),
      [
        [4, '2312.00752', 'arXiv:2312.00752'],
        [4, '2312.00752', 'https://arxiv.org/abs/2312.00752'],
        [5, '1706.03762', 'https://arxiv.org/abs/1706.03762'],
        [7, 'math/0309136', 'math.GT/0309136'],
      ],
    );
  });

  it('agrees with findArxivReferences line by line, on CRLF text too', () => {
    for (const text of [PYTHON, TYPESCRIPT, MARKDOWN]) {
      const crlf = text.replace(/\n/g, '\r\n');
      const expected = text.split('\n').flatMap((line, i) => findArxivReferences(line).map((r) => ({ ...r, line: i })));
      assert.deepEqual(referencesByLine(crlf), expected);
    }
  });

  it('finds the reference under a column, including just after its end', () => {
    const line = '    # Mamba, arXiv:2312.00752v2, section 3';
    const start = line.indexOf('arXiv');
    const end = start + 'arXiv:2312.00752v2'.length;
    assert.equal(referenceAt(line, start)?.id, '2312.00752');
    assert.equal(referenceAt(line, end)?.version, 2);
    assert.equal(referenceAt(line, start - 2), undefined);
    assert.equal(referenceAt(line, end + 2), undefined);
  });

  it('skips long lines and stops at the reference cap', () => {
    const minified = `var a="${'x'.repeat(5000)} arXiv:2312.00752";`;
    assert.deepEqual(referencesInLine(minified), []);
    assert.equal(referencesInLine(minified, 10_000).length, 1);
    const many = Array.from({ length: 100 }, () => 'arXiv:2312.00752').join('\n');
    assert.equal(referencesByLine(many, { maxReferences: 10 }).length, 10);
    assert.equal(referencesByLine(`${minified}\narXiv:1706.03762`).length, 1);
  });

  it('never skips a line that holds a reference (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (before, after) => {
        const line = `${before} arXiv:2312.00752 ${after}`.replace(/[\r\n]/g, ' ');
        return findArxivReferences(line).length === 0 || mayHoldReference(line);
      }),
    );
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (line) => findArxivReferences(line).length === 0 || mayHoldReference(line)));
  });

  it('scans a large file quickly', () => {
    const body = Array.from({ length: 100_000 }, (_, i) => (i % 1000 === 0 ? `# arXiv:2312.00752 (${i})` : `x_${i} = f(x, ${i})`)).join('\n');
    const started = Date.now();
    assert.equal(referencesByLine(body).length, 100);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

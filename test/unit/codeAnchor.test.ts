import assert from 'node:assert/strict';
import { codeLocationLabel, isSafeCodePath, selectionLines, snippetOf } from '../../src/core/links/codeAnchor';

describe('code anchors from a selection', () => {
  it('covers whole lines, without a last line the selection only touches at column 0', () => {
    assert.deepEqual(selectionLines({ line: 9, character: 4 }, { line: 12, character: 7 }), { start: 10, end: 13 });
    assert.deepEqual(selectionLines({ line: 9, character: 0 }, { line: 13, character: 0 }), { start: 10, end: 13 });
    assert.deepEqual(selectionLines({ line: 5, character: 3 }, { line: 5, character: 3 }), { start: 6, end: 6 });
    assert.deepEqual(selectionLines({ line: 12, character: 7 }, { line: 9, character: 4 }), { start: 10, end: 13 });
  });

  it('takes the snippet from whole lines and drops trailing blank lines', () => {
    const lines = ['a', '  def f(x):', '      return x', '', ''];
    assert.equal(snippetOf(lines, { start: 2, end: 5 }), '  def f(x):\n      return x');
  });

  it('accepts plain relative paths, dot folders included, and refuses climbing out', () => {
    for (const ok of ['model.py', 'src/ssm/scan.py', '.github/workflows/ci.yml', 'notes/[draft] x.md', 'données/modèle.py']) assert.ok(isSafeCodePath(ok), ok);
    for (const bad of ['', '../x.py', 'a/../../x', '/etc/passwd', 'C:/x.py', 'a\\b.py', 'a//b', './x', 'a/\u0000', '．．/x', 'a/．．/b'])
      assert.ok(!isSafeCodePath(bad), bad);
  });

  it('labels locations', () => {
    assert.equal(codeLocationLabel('model.py', { start: 3, end: 3 }), 'model.py:3');
    assert.equal(codeLocationLabel('model.py', { start: 3, end: 9 }, 'backend'), 'backend/model.py:3-9');
  });
});
